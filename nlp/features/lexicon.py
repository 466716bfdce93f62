"""Dense polarity features from the shipped lexicons, aware of negation scope.

Lexicons are ``word score`` files in config/dictionaries/ (``#`` comments allowed): the jionlp
polarity words reduced to Weibo vocabulary, and the environmental public-opinion terms (an incident
or a violation is negative, progress is positive). ``fit`` copies them into the estimator, so a
saved model does not depend on the files it was trained with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import compress
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from nlp.features.negation import negated_positions
from nlp.segmentation import DICTIONARY_DIR, cached_words
from nlp.text import clean_post

GENERAL_LEXICON = "sentiment_lexicon.txt"
ENVIRONMENT_LEXICON = "env_sentiment_terms.txt"
FEATURE_NAMES = (
    "positive_strength",
    "negative_strength",
    "has_positive",
    "has_negative",
    "no_polar_words",
    "negated_polar_word",
    "environmental_incident",
    "environmental_progress",
    "exclamation",
    "question",
    "news_bracket",
    "log_length",
)


def parse_lexicon(text: str) -> dict[str, float]:
    """``word score`` lines (``#`` comments, blank lines ignored) → ``{word: score}``."""
    table: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2:
            table[parts[0]] = float(parts[1])
    return table


class LexiconFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Twelve dense features (``FEATURE_NAMES``) of cleaned posts, multiplied by ``scale``."""

    def __init__(self, *, scale: float = 0.3) -> None:
        self.scale = scale

    def fit(self, texts: Sequence[str], y: object = None) -> LexiconFeatures:
        self.general_ = (DICTIONARY_DIR / GENERAL_LEXICON).read_text(encoding="utf-8")
        self.environment_ = (DICTIONARY_DIR / ENVIRONMENT_LEXICON).read_text(encoding="utf-8")
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows = [self._features(clean_post(text)) for text in texts]
        matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
        return sp.csr_matrix(matrix * self.scale)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray[Any, Any]:
        return np.asarray([f"lexicon__{name}" for name in FEATURE_NAMES], dtype=object)

    def _tables(self) -> tuple[dict[str, float], dict[str, float]]:
        tables: tuple[dict[str, float], dict[str, float]] | None = self.__dict__.get("_tables_cache")
        if tables is None:
            environment = parse_lexicon(self.environment_)
            general = {**parse_lexicon(self.general_), **environment}
            tables = (general, environment)
            self.__dict__["_tables_cache"] = tables
        return tables

    def _features(self, text: str) -> list[float]:
        general, environment = self._tables()
        words = cached_words(text)
        positive = negative = 0.0
        negated_polar = incident = progress = False
        # only the polar words (few) are looked at, in text order
        polar = list(compress(range(len(words)), map(general.__contains__, words)))
        negated_at = negated_positions(words) if polar else frozenset()
        for index in polar:
            word = words[index]
            score = general[word]
            if word in environment:
                incident |= score < 0
                progress |= score > 0
            if index in negated_at:
                negated_polar = True
                score = -score
            if score > 0:
                positive += score
            else:
                negative -= score
        norm = math.sqrt(max(len(words), 1))
        return [
            positive / norm,
            negative / norm,
            float(positive > 0),
            float(negative > 0),
            float(positive == 0 and negative == 0),
            float(negated_polar),
            float(incident),
            float(progress),
            float("!" in text),
            float("?" in text),
            float("【" in text),
            math.log1p(len(text)) / 8,
        ]

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = super().__getstate__()
        state.pop("_tables_cache", None)
        return state
