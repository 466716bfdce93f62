"""The summary and the keyword weights give what their plain definitions give, on random and real-looking
text (the fast paths share no code with the plain versions written out here)."""

from __future__ import annotations

import math
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.keywords import IdfTable, KeywordExtractor, default_idf, is_candidate
from nlp.segmentation import cached_words
from nlp.summary import MIN_SENTENCE_CHARS, Summarizer, split_sentences
from nlp.text import clean_post

_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’」』\"')）]*|\n|$)")


def _plain_sentences(text: str) -> list[tuple[int, str]]:
    found = ((m.start(), m.group()) for m in _SENTENCE.finditer(text))
    return [(start + len(s) - len(s.lstrip()), s.strip()) for start, s in found if s.strip()]


def _plain_summary(
    summarizer: Summarizer, text: str, title: str, words: list[str], weights: dict[str, float] | None
) -> str:
    """The summary as first written: locate each word from the end of the last one found, score each
    sentence by the weights of its distinct words, pick the best that fit."""
    sentences = [s for s in _plain_sentences(text) if len(s[1]) >= MIN_SENTENCE_CHARS]
    if not sentences:
        return text.strip()[: summarizer.max_chars]
    located: list[tuple[int, str]] = []
    skipped: set[str] = set()
    position = 0
    for word in words:
        found = text.find(word, position)
        if found >= 0:
            located.append((found, word))
            position = found + len(word)
        else:
            skipped.add(word)
    # the weights of the words found, whatever the caller passed: reusing the caller's is the fast
    # path's business, and must give the same summary
    weights = summarizer.keywords.weights([w for _, w in located])
    title_words = set(cached_words(title)) if title else set()
    scores = []
    for index, (start, sentence) in enumerate(sentences):
        inside = [w for offset, w in located if start <= offset < start + len(sentence)]
        distinct = set(inside)
        score = sum(weights.get(w, 0.0) for w in distinct) / math.sqrt(max(len(inside), 1))
        score *= 1.0 + summarizer.title_bonus * len(distinct & title_words) / max(len(title_words), 1)
        scores.append(score * (1.0 + summarizer.lead_bonus) if index == 0 else score)
    chosen: list[int] = []
    used = 0
    for index in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        size = len(sentences[index][1])
        if chosen and used + size > summarizer.max_chars:
            continue
        chosen.append(index)
        used += size
        if len(chosen) == summarizer.max_sentences:
            break
    return "".join(sentences[i][1] for i in sorted(chosen))


PIECES = [
    "河水发臭",
    "死鱼",
    "造纸厂偷排废水",
    "环保局",
    "，",
    ",",
    "。",
    "！",
    "!",
    "？",
    "；",
    "\n",
    " ",
    "　",
    "“",
    "”",
    "（PM2.5）",
    "ＰＭ２．５",
    "[怒]",
    "@环保君:",
    "//",
    "的",
    "今天",
    "村民怀疑",
    "…",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=60),
    st.integers(0, 3),
    st.integers(20, 120),
    st.booleans(),
    st.booleans(),
)
def test_summary_is_the_plain_summary(
    pieces: list[str], drop: int, max_chars: int, titled: bool, with_weights: bool
) -> None:
    text = "".join(pieces)
    words = list(cached_words(clean_post(text)))  # the analysis' words: NFKC, markup removed
    if drop and words:  # words the text does not have in that order
        words = words[drop:] + words[:drop]
    title = "死鱼 造纸厂" if titled else ""
    for most in (1, 2, 3):
        summarizer = Summarizer(max_chars=max_chars, max_sentences=most, lead_bonus=0.1 * most - 0.1)
        weights = summarizer.keywords.weights(words) if with_weights else None
        expected = _plain_summary(summarizer, text, title, words, weights)
        given = (lambda: weights) if weights is not None else None  # noqa: B023 - called at once
        assert summarizer.summarize(text, title=title, words=words, weights=given) == expected


@given(st.text(alphabet=" \n\t　。！？!?；;a中文，”）'\"", max_size=60))
def test_sentences_are_the_plain_ones(text: str) -> None:
    assert [(s.start, s.text) for s in split_sentences(text)] == _plain_sentences(text)


def _plain_weights(extractor: KeywordExtractor, tokens: list[str], title: list[str]) -> dict[str, float]:
    def accepted(word: str) -> bool:
        return is_candidate(word) and word not in extractor.stop_words

    counts: dict[str, float] = {w: n for w, n in Counter(tokens).items() if accepted(w)}
    for word in title:
        if accepted(word):
            counts[word] = counts.get(word, 0.0) + extractor.title_weight
    total = sum(counts.values()) or 1.0
    return {w: c / total * extractor.idf[w] for w, c in counts.items()}


WORDS = ["河水", "发臭", "污染", "，", "的", "死鱼", "环保", "PM2.5", "12", "a", "Ab", "新词甲", "新词乙"]


@settings(max_examples=80)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), max_size=4))
def test_title_words_first_seen_in_the_title_are_weighed(tokens: list[str], title: list[str]) -> None:
    extractor = KeywordExtractor()
    extractor.weight_pair(tokens)  # the body's words are known, the title's may not be
    plain, titled = extractor.weight_pair(tokens, title)
    assert list(titled.items()) == list(_plain_weights(KeywordExtractor(), tokens, title).items())
    assert list(plain.items()) == list(_plain_weights(KeywordExtractor(), tokens, []).items())


def test_weights_with_an_idf_of_zero() -> None:
    shipped = default_idf()
    table = IdfTable({**shipped.idf, "河水": 0.0}, shipped.documents)
    extractor = KeywordExtractor(table)
    tokens = ["河水", "发臭", "河水", "的", "死鱼"]
    weights = extractor.weights(tokens, ["河水"])
    assert weights["河水"] == 0.0
    assert list(weights.items()) == list(_plain_weights(KeywordExtractor(table), tokens, ["河水"]).items())
