"""``SentimentModel``: a fitted sentiment pipeline plus the public-opinion incident rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nlp.features.scoring import pipeline_probabilities
from nlp.segmentation import cached_words
from nlp.sentiment.incidents import incident_hits
from nlp.sentiment.labels import CHINESE, SENTIMENT_LABELS
from nlp.text import clean_post

MAX_INCIDENT_HITS = 2


@dataclass(frozen=True)
class SentimentResult:
    """A label (``negative``/``neutral``/``positive``), its calibrated probability, and all three."""

    label: str
    score: float
    probabilities: dict[str, float]

    @property
    def label_zh(self) -> str:
        return CHINESE[self.label]


class SentimentModel:
    """Calibrated 3-class probabilities; each incident term moves ``incident_shift`` log-odds to 负面."""

    def __init__(self, pipeline: Any, *, incident_shift: float = 1.0) -> None:
        self.pipeline = pipeline
        self.incident_shift = incident_shift
        classes = [str(c) for c in pipeline.classes_]
        if sorted(classes) != sorted(SENTIMENT_LABELS):
            raise ValueError(f"a sentiment pipeline must predict {SENTIMENT_LABELS}, not {classes}")
        self._order = [classes.index(label) for label in SENTIMENT_LABELS]

    def probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """``(n, 3)`` probabilities in :data:`SENTIMENT_LABELS` order, incident rule applied."""
        if not texts:
            return np.zeros((0, len(SENTIMENT_LABELS)))
        proba = pipeline_probabilities(self.pipeline, texts)
        if proba is None:
            proba = np.asarray(self.pipeline.predict_proba(list(texts)))
        proba = proba[:, self._order]
        if self.incident_shift:
            proba = self._shift_incidents(texts, proba)
        return proba

    def predict(self, texts: Sequence[str]) -> list[SentimentResult]:
        proba = self.probabilities(texts)
        best = proba.argmax(axis=1).tolist()
        return [self._result(row, index) for row, index in zip(proba.tolist(), best, strict=True)]

    def _shift_incidents(self, texts: Sequence[str], proba: NDArray[np.float64]) -> NDArray[np.float64]:
        hits = np.asarray(
            [min(len(incident_hits(cached_words(clean_post(t)))), MAX_INCIDENT_HITS) for t in texts]
        )
        if not hits.any():
            return proba
        negative = SENTIMENT_LABELS.index("negative")
        logits = np.log(np.clip(proba, 1e-9, 1.0))
        logits[:, negative] += self.incident_shift * hits
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))

    @staticmethod
    def _result(row: list[float], best: int) -> SentimentResult:
        """The result of one row of probabilities (Python floats) whose largest is at ``best``."""
        probabilities = dict(zip(SENTIMENT_LABELS, [round(p, 4) for p in row], strict=True))
        return SentimentResult(SENTIMENT_LABELS[best], row[best], probabilities)
