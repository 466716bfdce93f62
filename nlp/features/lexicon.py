"""Dense polarity features from the shipped lexicons, aware of negation scope.

Lexicons are ``word score`` files in config/dictionaries/ (``#`` comments allowed): the jionlp
polarity words reduced to Weibo vocabulary, and the environmental public-opinion terms (an incident
or a violation is negative, progress is positive). ``fit`` copies them into the estimator, so a
saved model does not depend on the files it was trained with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin

from nlp.features.tokens import TokenColumn, TokenTable, batch_tokens
from nlp.segmentation import DICTIONARY_DIR
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
        cleaned = tuple(clean_post(text) for text in texts)
        matrix = self._batch_features(cleaned) if cleaned else np.zeros((0, len(FEATURE_NAMES)))
        return sp.csr_matrix(matrix * self.scale)

    def _batch_features(self, texts: tuple[str, ...]) -> NDArray[np.float64]:
        """The ``FEATURE_NAMES`` of every text (unscaled), from the batch's token ids
        (:mod:`nlp.features.tokens`): the polar words are found with numpy, and their scores, turned
        round inside a negation scope, are summed in text order; the strengths are divided by the
        square root of the word count."""
        batch = batch_tokens(texts)
        scores, environmental = self._columns(batch.table)
        ids, count = batch.ids, len(texts)
        polar = np.flatnonzero(~np.isnan(scores[ids]))
        owners, values = batch.owners[polar], scores[ids[polar]]
        negated, in_environment = batch.negated[polar], environmental[ids[polar]]
        incident, progress, negated_polar = (np.zeros(count, dtype=bool) for _ in range(3))
        incident[owners[(values < 0) & in_environment]] = True
        progress[owners[(values > 0) & in_environment]] = True
        negated_polar[owners[negated]] = True
        positive, negative = [0.0] * count, [0.0] * count
        for owner, score in zip(owners.tolist(), np.where(negated, -values, values).tolist(), strict=True):
            if score > 0:
                positive[owner] += score
            else:
                negative[owner] -= score
        norms = [math.sqrt(max(length, 1)) for length in batch.lengths.tolist()]
        rows = [
            [
                plus / norm,
                minus / norm,
                float(plus > 0),
                float(minus > 0),
                float(plus == 0 and minus == 0),
                float(negated_here),
                float(incident_here),
                float(progress_here),
                float("!" in text),
                float("?" in text),
                float("【" in text),
                math.log1p(len(text)) / 8,
            ]
            for text, plus, minus, norm, negated_here, incident_here, progress_here in zip(
                texts,
                positive,
                negative,
                norms,
                negated_polar.tolist(),
                incident.tolist(),
                progress.tolist(),
                strict=True,
            )
        ]
        return np.asarray(rows, dtype=np.float64)

    def _columns(self, table: TokenTable) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """Per token id of ``table``: its polarity score (NaN for a word of neither lexicon) and
        whether it is an environmental term (:class:`nlp.features.tokens.TokenColumn`)."""
        columns: tuple[TokenColumn, TokenColumn] | None = self.__dict__.get("_columns_cache")
        if columns is None:
            general, environment = self._tables()
            nan = math.nan
            columns = (
                TokenColumn(
                    lambda tokens: np.fromiter(
                        (general.get(t, nan) for t in tokens), dtype=np.float64, count=len(tokens)
                    ),
                    np.float64,
                ),
                TokenColumn(
                    lambda tokens: np.fromiter(
                        map(environment.__contains__, tokens), dtype=bool, count=len(tokens)
                    ),
                    bool,
                ),
            )
            self.__dict__["_columns_cache"] = columns
        return columns[0].of(table), columns[1].of(table)

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

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = super().__getstate__()
        state.pop("_tables_cache", None)
        state.pop("_columns_cache", None)
        return state
