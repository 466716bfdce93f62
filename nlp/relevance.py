"""Environmental relevance: is an item about the environment (生态环境) or about something else?

``RelevanceModel(pipeline, threshold=0.5).predict(texts)`` → :class:`RelevanceResult` with the
calibrated probability that the text is environmental. The pipeline
(:func:`build_relevance_pipeline`) is character and word n-gram TF-IDF with a calibrated linear SVM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from nlp.classifier import TransferLinearClassifier
from nlp.features.environment import EnvironmentTermFeatures
from nlp.features.scoring import pipeline_probabilities
from nlp.sentiment.pipeline import text_features

RELEVANCE_LABELS = ("environment", "other")
_ALIASES = {
    "environment": "environment",
    "other": "other",
    "环境": "environment",
    "其他": "other",
    "1": "environment",
    "0": "other",
    "yes": "environment",
    "no": "other",
    "relevant": "environment",
    "irrelevant": "other",
    "相关": "environment",
    "无关": "other",
}


def parse_relevance(label: str) -> str:
    """``environment``/``环境``/``1``/``相关`` → ``environment``; ``other``/``其他``/``0``/``无关`` → ``other``."""
    from nlp.errors import LabelError

    value = _ALIASES.get(label.strip().lower())
    if value is None:
        raise LabelError(f"unknown relevance label {label!r}; use environment/other (环境/其他)")
    return value


@dataclass(frozen=True)
class RelevanceResult:
    """Whether the text is environmental, and the calibrated probability that it is."""

    relevant: bool
    probability: float


def build_relevance_pipeline(
    *,
    C: float = 0.1,
    n_features: int = 2**16,
    environment_scale: float | None = 1.0,
    balanced_calibration: bool = False,
) -> Pipeline:
    """Character and word n-gram TF-IDF, environmental-vocabulary features, calibrated linear SVM."""
    features = text_features(n_features=n_features, lexicon_scale=None)
    if environment_scale is not None:
        features.transformer_list.append(("environment", EnvironmentTermFeatures(scale=environment_scale)))
    return Pipeline(
        [
            ("features", features),
            ("classifier", TransferLinearClassifier(C=C, balanced_calibration=balanced_calibration)),
        ]
    )


def build_relevance_baseline() -> Pipeline:
    """Character 1–3-gram TF-IDF (min_df 2) + logistic regression, the relevance baseline."""
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2)),
            ("classifier", LogisticRegression(max_iter=2000)),
        ]
    )


class RelevanceModel:
    """P(environment) from a fitted relevance pipeline; ``threshold`` decides ``relevant``."""

    def __init__(self, pipeline: Any, *, threshold: float = 0.5) -> None:
        self.pipeline = pipeline
        self.threshold = threshold
        classes = [str(c) for c in pipeline.classes_]
        if "environment" not in classes:
            raise ValueError(f"a relevance pipeline must predict 'environment', not {classes}")
        self._column = classes.index("environment")

    def probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        if not texts:
            return np.zeros(0)
        proba = pipeline_probabilities(self.pipeline, texts)
        if proba is None:
            proba = np.asarray(self.pipeline.predict_proba(list(texts)))
        return proba[:, self._column]

    def predict(self, texts: Sequence[str]) -> list[RelevanceResult]:
        return [
            RelevanceResult(bool(p >= self.threshold), round(float(p), 4)) for p in self.probabilities(texts)
        ]
