"""The fast paths of the analysis give what the plain definitions give (memos full, cleared, cold)."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nlp.features.tokens
import nlp.keywords
import nlp.simhash
import nlp.summary
from nlp.features.environment import EnvironmentTermFeatures
from nlp.features.hashing import counts_matrix, hashed_counts, segment_ngram_hashes
from nlp.features.lexicon import LexiconFeatures, parse_lexicon
from nlp.features.negation import negated_flags
from nlp.features.tokens import stable_hash
from nlp.keywords import KeywordExtractor, is_candidate
from nlp.segmentation import cached_words
from nlp.simhash import _mix, simhash, simhash_many
from nlp.text import clean_post

WORDS = ["河水", "发臭", "不", "没有", "污染", "好", "，", "。", "死鱼", "环保", "a", "12", "的", " ", "Ab"]


@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=30), max_size=8), st.sampled_from([7, 64, 2**16])
)
def test_count_matrix_is_the_per_row_one(rows: list[list[int]], n_features: int) -> None:
    arrays = [np.asarray(row, dtype=np.uint64) for row in rows]
    lengths = np.asarray([len(a) for a in arrays], dtype=np.int64)
    flat = np.concatenate(arrays) if arrays else np.empty(0, dtype=np.uint64)
    owner = np.repeat(np.arange(len(arrays), dtype=np.intp), lengths)
    fast, plain = counts_matrix(flat, owner, len(arrays), n_features), hashed_counts(arrays, n_features)
    assert fast.shape == plain.shape
    assert (fast.indptr == plain.indptr).all() and (fast.indices == plain.indices).all()
    assert (fast.data == plain.data).all()
    assert fast.has_canonical_format


def test_count_matrix_of_real_ngrams_sums_repeats() -> None:
    units = np.asarray([1, 2, 1, 2, 1, 2], dtype=np.uint64)
    hashes, rows = segment_ngram_hashes(units, np.asarray([4, 2]), (1, 2))
    matrix = counts_matrix(hashes, rows, 2, 2**20)
    assert matrix[0].sum() == 4 + 3 and matrix[1].sum() == 2 + 1
    assert sorted(matrix[0].data) == [1.0, 2.0, 2.0, 2.0]  # 1, 2 twice each; (1,2) twice, (2,1) once


def _plain_weights(extractor: KeywordExtractor, tokens: list[str], title: list[str]) -> dict[str, float]:
    counts: dict[str, float] = {w: n for w, n in Counter(tokens).items() if extractor.accepts(w)}
    for token in filter(extractor.accepts, title):
        counts[token] = counts.get(token, 0.0) + extractor.title_weight
    total = sum(counts.values()) or 1.0
    return {w: c / total * extractor.idf[w] for w, c in counts.items()}


@settings(max_examples=60)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.lists(st.sampled_from(WORDS), max_size=5))
def test_keyword_weights_are_plain_tf_idf(tokens: list[str], title: list[str]) -> None:
    fast = KeywordExtractor().weights(tokens, iter(title))
    plain = _plain_weights(KeywordExtractor(), tokens, title)
    assert list(fast.items()) == list(plain.items())  # same order (ties rank in text order)


def test_keyword_weights_survive_the_memo_being_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp.keywords, "ACCEPT_CACHE_SIZE", 4)
    extractor = KeywordExtractor()
    tokens = ["河水", "发臭", "死鱼", "环保", "污染", "河水", "的"]
    for _ in range(3):
        assert extractor.weights(tokens, ["环保"]) == _plain_weights(KeywordExtractor(), tokens, ["环保"])
    assert all(is_candidate(w) for w in extractor.weights(tokens))


def _plain_simhash(tokens: list[str]) -> int:
    hashes = [stable_hash(t.lower()) for t in tokens if re.search(r"[\w\u4e00-\u9fff]", t)]
    words = np.asarray(hashes, dtype=np.uint64)
    runs = max(len(words) - 1, 1)
    combined = words[:runs].copy()
    if len(words) > 1:
        combined = _mix(combined * np.uint64(0x9E3779B97F4A7C15) + words[1 : 1 + runs])
    shingles = _mix(combined)
    if not len(shingles):
        return 0
    votes = [sum(1 if (int(h) >> bit) & 1 else -1 for h in shingles) for bit in range(64)]
    return sum(1 << bit for bit, vote in enumerate(votes) if vote > 0)


@settings(max_examples=60)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_simhash_is_the_plain_vote(tokens: list[str]) -> None:
    assert simhash(tokens) == _plain_simhash(tokens)


def test_simhash_survives_the_memo_being_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = ["河水", "发臭", "死鱼", "，", "环保", "污染", "河水"]
    expected = _plain_simhash(tokens)
    monkeypatch.setattr(nlp.features.tokens, "TABLE_SIZE", 3)
    assert simhash(tokens) == expected and simhash(tokens) == expected


def test_lexicon_features_follow_negation_and_order() -> None:
    features = LexiconFeatures(scale=1.0).fit([])
    general = {**parse_lexicon(features.general_), **parse_lexicon(features.environment_)}
    text = "河水不好，没有污染真好!"
    words = cached_words(text)
    flags = negated_flags(words)
    positive = negative = 0.0
    for word, negated in zip(words, flags, strict=True):
        if word in general:
            score = -general[word] if negated else general[word]
            positive, negative = positive + max(score, 0.0), negative + max(-score, 0.0)
    row = features.transform([text]).toarray()[0]
    norm = math.sqrt(len(words))
    assert row[0] == positive / norm and row[1] == negative / norm
    assert row[5] == float(any(f and w in general for w, f in zip(words, flags, strict=True)))


def test_environment_keyword_hits_are_substring_hits() -> None:
    features = EnvironmentTermFeatures().fit([])
    keywords = features.keywords_.split("\n")
    text = "某化工厂偷排废水，河里出现大量死鱼，空气污染严重"
    hits = [k for k in keywords if k in text]
    assert hits  # the text has environmental keywords
    row = features.transform([text]).toarray()[0]
    assert row[3] == 1.0 and row[4] == math.log1p(len(hits))
    assert features.transform(["今天天气不错"]).toarray()[0][3] == 0.0


@settings(max_examples=60)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=12), max_size=6), st.integers(1, 4))
def test_simhash_of_a_batch_is_each_simhash(texts: list[list[str]], shingle: int) -> None:
    assert simhash_many(texts, shingle=shingle) == [simhash(t, shingle=shingle) for t in texts]


def test_simhash_of_a_batch_survives_a_full_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [["河水", "发臭", "死鱼"], [], ["，"], ["环保", "污染", "河水", "好"]]
    expected = [_plain_simhash(t) for t in texts]
    monkeypatch.setattr(nlp.features.tokens, "TABLE_SIZE", 3)
    assert simhash_many(texts) == expected


@settings(max_examples=60)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), max_size=5))
def test_weight_pair_is_the_weights_with_and_without_title(tokens: list[str], title: list[str]) -> None:
    extractor = KeywordExtractor()
    plain, titled = extractor.weight_pair(tokens, title)
    assert list(plain.items()) == list(KeywordExtractor().weights(tokens).items())
    assert list(titled.items()) == list(KeywordExtractor().weights(tokens, title).items())


def _plain_locate(text: str, tokens: list[str]) -> list[tuple[int, str]]:
    located, position = [], 0
    for token in tokens:
        found = text.find(token, position)
        if found >= 0:
            located.append((found, token))
            position = found + len(token)
    return located


SUMMARY_TEXT = (
    "11月19日晚，南京市鼓楼区秦淮河段水面漂浮大量死鱼，绵延近一公里。"
    "附近居民怀疑上游一家化工企业夜间偷排废水，ＰＭ２．５浓度也在升高！"
    "区生态环境局已连夜派人取样检测，并对涉事企业下达了停产整改通知。"
    "据了解，该区今年还将举办第三届梅花节，吸引游客前来观赏。\n"
    "  环保志愿者表示将持续关注河道水质变化；ＡＢＣ公司回应称将配合调查。"
)


@settings(max_examples=60)
@given(st.lists(st.sampled_from([*WORDS, "PM2.5", "，", ",", "ＡＢＣ", "ABC", "公司"]), max_size=40))
def test_locate_is_the_greedy_search(tokens: list[str]) -> None:
    offsets, located, _ = nlp.summary._search(SUMMARY_TEXT, tokens)
    assert list(zip(offsets, located, strict=True)) == _plain_locate(SUMMARY_TEXT, tokens)


def test_a_summary_with_the_callers_weights_is_the_summary_without() -> None:
    from nlp.text import clean_post

    summarizer = nlp.summary.Summarizer(max_chars=80)
    words = list(cached_words(clean_post(SUMMARY_TEXT)))  # NFKC: ＰＭ２．５ → PM2.5, not in the text
    assert "PM2.5" in words and "PM2.5" not in SUMMARY_TEXT
    expected = summarizer.summarize(SUMMARY_TEXT, words=words)
    weights = summarizer.keywords.weights(words)
    assert summarizer.summarize(SUMMARY_TEXT, words=words, weights=lambda: weights) == expected
    found = [w for w in words if w in SUMMARY_TEXT]  # nothing a keyword is skipped: the weights are used
    found_weights = summarizer.keywords.weights(found)
    assert summarizer.summarize(SUMMARY_TEXT, words=found, weights=lambda: found_weights) == (
        summarizer.summarize(SUMMARY_TEXT, words=found)
    )


@given(st.text(alphabet=" \n\t　。！？；a中文，”", max_size=40))
def test_sentences_start_after_their_leading_whitespace(text: str) -> None:
    for sentence in nlp.summary.split_sentences(text):
        assert text[sentence.start : sentence.start + len(sentence.text)] == sentence.text


def test_region_candidates_and_word_offsets_are_the_plain_ones() -> None:
    from nlp.regions.extractor import default_gazetteer
    from nlp.regions.matcher import WordBoundaries, candidate_positions

    gazetteer = default_gazetteer()
    for text in (SUMMARY_TEXT, "北京 朝阳区 鼓楼区,上海浦东 新区 嘉定", "福建厦门 海淀区  @北京人 "):
        plain = [
            i
            for i, c in enumerate(text)
            if c in gazetteer.first_characters and text[i : i + 2] in gazetteer.prefixes
        ]
        assert candidate_positions(text, gazetteer) == plain
        words = list(cached_words(text))
        boundaries = WordBoundaries(text, gazetteer, words)
        starts, position = [], 0
        for word in words:
            position = text.find(word, position)
            starts.append(position)
            position += len(word)
        assert boundaries._word_starts(words) == starts


def _plain_environment_row(features: EnvironmentTermFeatures, text: str) -> list[float]:
    """The five features by their definitions (vocabulary words as a set of the text's words)."""
    vocabulary = set(features.words_.split("\n"))
    words = cached_words(clean_post(text))
    env = vocabulary.intersection(words)
    hits = [k for k in dict.fromkeys(features.keywords_.split("\n")) if k in clean_post(text)]
    return [
        float(bool(env)),
        math.log1p(len(env)),
        len(env) / math.sqrt(max(len(words), 1)),
        float(bool(hits)),
        math.log1p(len(hits)),
    ]


ENVIRONMENT_PIECES = [
    "偷排",
    "死鱼",
    "污染",
    "河水",
    "今天",
    "天气",
    "不错",
    "，",
    "雾霾",
    "PM2.5",
    "环保督察",
    "的",
]


@settings(max_examples=60, deadline=None)  # the first example loads the vocabulary
@given(st.lists(st.lists(st.sampled_from(ENVIRONMENT_PIECES), max_size=12).map("".join), max_size=6))
def test_environment_features_of_a_batch_are_each_texts(texts: list[str]) -> None:
    features = EnvironmentTermFeatures().fit([])
    rows = features.transform(texts).toarray().tolist()
    assert rows == [_plain_environment_row(features, text) for text in texts]
