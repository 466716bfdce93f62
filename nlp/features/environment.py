"""Dense environmental-vocabulary features for the relevance model.

The vocabulary is the shipped environmental user dictionary (envtext, Apache-2.0), the project's
environmental public-opinion terms and the keywords of the topic taxonomy (config/topics.yaml). They
generalise beyond the n-grams seen in training: an incident report worded unlike any training text
(偷排, 死鱼, 臭气) still carries environmental terms. ``fit`` copies the vocabulary into the estimator,
so a saved model does not depend on the files it was trained with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
import yaml
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin

from nlp.features.lexicon import ENVIRONMENT_LEXICON, parse_lexicon
from nlp.features.tokens import BatchTokens, TokenColumn, batch_tokens
from nlp.segmentation import DICTIONARY_DIR
from nlp.text import clean_post

USER_DICTIONARY = "env_user_dict.txt"
TOPICS_FILE = DICTIONARY_DIR.parent / "topics.yaml"
FEATURE_NAMES = (
    "has_env_word",
    "env_words",
    "env_word_share",
    "has_keyword",
    "keywords",
)


def shipped_vocabulary() -> tuple[list[str], list[str]]:
    """(environmental words, keywords matched as substrings): the user dictionary and opinion terms,
    the taxonomy's keywords and the opinion terms."""
    words = {
        line.split()[0]
        for line in (DICTIONARY_DIR / USER_DICTIONARY).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and len(line.split()[0]) >= 2
    }
    opinion = parse_lexicon((DICTIONARY_DIR / ENVIRONMENT_LEXICON).read_text(encoding="utf-8"))
    topics = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")) or {}
    keywords = {
        str(k) for topic in topics.get("topics", []) for k in topic.get("keywords", []) if len(str(k)) >= 2
    }
    return sorted(words | set(opinion)), sorted(keywords | set(opinion))


class EnvironmentTermFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Five dense features (``FEATURE_NAMES``) of cleaned texts, multiplied by ``scale``."""

    def __init__(self, *, scale: float = 1.0) -> None:
        self.scale = scale

    def fit(self, texts: Sequence[str], y: object = None) -> EnvironmentTermFeatures:
        words, keywords = shipped_vocabulary()
        self.words_ = "\n".join(words)
        self.keywords_ = "\n".join(keywords)
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        cleaned = tuple(clean_post(text) for text in texts)
        batch = batch_tokens(cleaned)
        rows = [
            self._features(text, env, words)
            for text, env, words in zip(
                cleaned, self._distinct_words(batch).tolist(), batch.lengths.tolist(), strict=True
            )
        ]
        matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
        return sp.csr_matrix(matrix * self.scale)

    def _distinct_words(self, batch: BatchTokens) -> NDArray[np.int64]:
        """How many distinct vocabulary words each text of the batch has."""
        column: TokenColumn | None = self.__dict__.get("_column_cache")
        if column is None:
            vocabulary = self._sets()[0]
            column = TokenColumn(
                lambda tokens: np.fromiter(
                    map(vocabulary.__contains__, tokens), dtype=bool, count=len(tokens)
                ),
                bool,
            )
            self.__dict__["_column_cache"] = column
        found = column.of(batch.table)[batch.ids]
        width = batch.table.size + 1
        keys = np.unique(batch.owners[found].astype(np.int64) * width + batch.ids[found])
        return np.bincount(keys // width, minlength=len(batch.lengths)).astype(np.int64)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray[Any, Any]:
        return np.asarray([f"environment__{name}" for name in FEATURE_NAMES], dtype=object)

    def _sets(self) -> tuple[frozenset[str], dict[str, tuple[str, ...]], re.Pattern[str]]:
        """The vocabulary, the keywords by their first character, and a pattern matching any first
        character."""
        cached: tuple[frozenset[str], dict[str, tuple[str, ...]], re.Pattern[str]] | None
        cached = self.__dict__.get("_sets_cache")
        if cached is None:
            by_first: dict[str, list[str]] = {}
            for keyword in dict.fromkeys(self.keywords_.split("\n")):
                by_first.setdefault(keyword[:1], []).append(keyword)  # "" (in every text) under ""
            firsts = "".join(re.escape(first) for first in sorted(by_first) if first)
            cached = (
                frozenset(self.words_.split("\n")),
                {first: tuple(keywords) for first, keywords in by_first.items()},
                re.compile(f"[{firsts}]" if firsts else "(?!)"),
            )
            self.__dict__["_sets_cache"] = cached
        return cached

    def _features(self, text: str, env: int, words: int) -> list[float]:
        """The features of a cleaned text with ``env`` distinct vocabulary words among its ``words``."""
        _, by_first, first_characters = self._sets()
        # the distinct keywords found in the text: only those starting with one of its characters
        # (found by one scan in C), and "" (an empty keyword is in every text)
        characters = set(first_characters.findall(text))
        characters.add("")
        hits = [k for first in by_first.keys() & characters for k in by_first[first] if k in text]
        return [
            float(bool(env)),
            math.log1p(env),
            env / math.sqrt(max(words, 1)),
            float(bool(hits)),
            math.log1p(len(hits)),
        ]

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = super().__getstate__()
        state.pop("_sets_cache", None)
        state.pop("_column_cache", None)
        return state
