"""Batch token ids give what the per-text definitions give: negation scopes, word n-gram hashes and
lexicon features."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nlp.features.tokens as tokens_module
from nlp.features.hashing import _batch_word_hashes, word_hashes
from nlp.features.lexicon import LexiconFeatures, parse_lexicon
from nlp.features.negation import negated_flags, negated_positions
from nlp.features.tokens import TokenTable, batch_tokens
from nlp.segmentation import cached_words
from nlp.text import clean_post

PIECES = [
    "不",
    "没有",
    "不是",
    "并非",
    "好",
    "很好",
    "污染",
    "河水",
    "发臭",
    "，",
    "。",
    "!",
    "？",
    "死鱼",
    "整改",
    "满意",
    " ",
    "偷排",
    "真",
]
texts = st.lists(st.lists(st.sampled_from(PIECES), max_size=25).map("".join), min_size=1, max_size=6)


def cleaned(batch: list[str]) -> tuple[str, ...]:
    return tuple(clean_post(text) for text in batch)


def plain_lexicon_features(features: LexiconFeatures, text: str) -> list[float]:
    """The lexicon features of one cleaned text, as their definition reads (FEATURE_NAMES)."""
    environment = parse_lexicon(features.environment_)
    general = {**parse_lexicon(features.general_), **environment}
    words = cached_words(text)
    flags = negated_flags(list(words))
    positive = negative = 0.0
    negated_polar = incident = progress = False
    for word, negated in zip(words, flags, strict=True):
        if word not in general:
            continue
        score = general[word]
        if word in environment:
            incident |= score < 0
            progress |= score > 0
        negated_polar |= negated
        score = -score if negated else score
        positive += max(score, 0.0)
        negative += max(-score, 0.0)
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


def expected_features(features: LexiconFeatures, batch: tuple[str, ...]) -> np.ndarray:
    return np.asarray([plain_lexicon_features(features, text) for text in batch])


@settings(max_examples=300)
@given(texts)
def test_negation_scopes_are_each_texts(batch: list[str]) -> None:
    clean = cleaned(batch)
    tokens = batch_tokens(clean)
    start = 0
    for text, length in zip(clean, tokens.lengths.tolist(), strict=True):
        words = cached_words(text)
        assert length == len(words)
        inside = {i for i in range(length) if tokens.negated[start + i]}
        assert inside == set(negated_positions(list(words)))
        start += length


@settings(max_examples=300)
@given(texts)
def test_word_hashes_of_a_batch_are_each_texts(batch: list[str]) -> None:
    clean = cleaned(batch)
    hashes, rows = _batch_word_hashes(clean, (1, 2))
    for row, text in enumerate(clean):
        assert sorted(hashes[rows == row].tolist()) == sorted(word_hashes(text, (1, 2)).tolist())


@settings(max_examples=200)
@given(texts)
def test_lexicon_features_of_a_batch_are_each_texts(batch: list[str]) -> None:
    features = LexiconFeatures(scale=1.0).fit([])
    clean = cleaned(batch)
    expected = expected_features(features, clean)
    assert np.array_equal(features._batch_features(clean), expected)  # the same floats, not close ones


def test_a_full_table_is_replaced_and_the_batch_still_reads_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens_module, "TABLE_SIZE", 8)
    monkeypatch.setattr(tokens_module, "_TABLE", [TokenTable()])
    clean = cleaned(["河水发臭，没有人管", "污染很严重，不是小事"])
    features = LexiconFeatures(scale=1.0).fit([])
    expected = expected_features(features, clean)
    batch_tokens.cache_clear()
    assert np.array_equal(features._batch_features(clean), expected)
    first = tokens_module._TABLE[0]
    batch_tokens.cache_clear()
    assert np.array_equal(
        features._batch_features(cleaned(["整改满意", "死鱼偷排"])),
        expected_features(features, cleaned(["整改满意", "死鱼偷排"])),
    )
    assert tokens_module._TABLE[0] is not first  # replaced when the texts would overflow it


def test_empty_texts_and_single_words() -> None:
    clean = cleaned(["", "好", "不好"])
    tokens = batch_tokens(clean)
    assert tokens.lengths.tolist() == [len(cached_words(t)) for t in clean]
    features = LexiconFeatures(scale=1.0).fit([])
    assert np.array_equal(features._batch_features(clean), expected_features(features, clean))
