"""The fast paths of region matching give what the plain definitions give.

Candidate offsets (a table over character pairs for longer texts, a regex for shorter ones), word
boundaries (bisection over the word starts instead of a table of every word) and the mentions built
on them are compared with straightforward versions on random and real-looking text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.regions import Gazetteer, Level, Region
from nlp.regions.extractor import default_gazetteer
from nlp.regions.matcher import (
    COMPOUND_TAILS,
    VECTOR_MIN_LENGTH,
    Mention,
    WordBoundaries,
    candidate_positions,
    find_mentions,
    mask_handles,
    needs_alignment,
)
from nlp.segmentation import words as segment_words

# place names and their pieces, ordinary words sharing their characters, spaces, a handle, an emoji
ALPHABET = "北京朝阳区鼓楼南福州海淀嘉定市省县人城东方和平中山大学高校的了在 @:，。😀"
SENTENCES = [
    "北京市朝阳区一处工地扬尘严重，居民投诉。",
    "福建厦门 海淀区  @北京人 转发",
    "孙中山先生纪念馆今日闭馆，市委和县委联合下发通知。",
    "江苏省南京市鼓楼区 南京鼓楼 福州鼓楼一处内河发现死鱼。",
    "//@成都吃土青年:北京高校 西安城 北京人 东方的天空",
]


def plain_candidates(text: str, gazetteer: Gazetteer) -> list[int]:
    return [
        i
        for i, c in enumerate(text)
        if c in gazetteer.first_characters and text[i : i + 2] in gazetteer.prefixes
    ]


def plain_word_starts(text: str, words: list[str]) -> list[int]:
    """Where each word starts: after the words before it when they are the text; by its characters'
    place among the text's non-space characters when they are the text without its spaces; else
    searched from the end of the last word (one not found stays in step)."""
    if "".join(words) == text:
        starts, count = [], 0
        for word in words:
            starts.append(count)
            count += len(word)
        return starts
    if words and " " in text and "".join(words) == text.replace(" ", ""):
        solid = [i for i, c in enumerate(text) if c != " "]
        starts, count = [], 0
        for word in words:
            starts.append(solid[count])  # an empty last word has no place: IndexError, as in the matcher
            count += len(word)
        return starts
    starts, position = [], 0
    for word in words:
        found = text.find(word, position)
        found = position if found < 0 else found
        starts.append(found)
        position = found + len(word)
    return starts


def plain_spans(text: str, gazetteer: Gazetteer, words: Sequence[str]) -> tuple[dict[int, int], set[int]]:
    """Every word's span after the splits (the table the matcher used to build for each text)."""
    words = list(words)
    starts = plain_word_starts(text, words)
    spans = {start: start + len(word) for start, word in zip(starts, words, strict=True)}
    ends = set(spans.values())
    for start, word in zip(starts, words, strict=True):
        if len(word) <= 2 or word[:2] not in gazetteer.prefixes or word in gazetteer.forms:
            continue
        for cut in range(len(word) - 1, 1, -1):
            head, tail = word[:cut], word[cut:]
            if (head in gazetteer.major_forms and (len(tail) > 1 or tail in COMPOUND_TAILS)) or (
                head in gazetteer.forms and tail in gazetteer.forms
            ):
                spans[start], spans[start + cut] = start + cut, start + len(word)
                ends.add(start + cut)
                break
    return spans, ends


def plain_aligned(spans: dict[int, int], ends: set[int], start: int, end: int) -> bool:
    if end - start <= 2:
        return spans.get(start) == end
    return start in spans and end in ends


def plain_mentions(text: str, gazetteer: Gazetteer, words: Sequence[str]) -> list[Mention]:
    table: tuple[dict[int, int], set[int]] | None = None  # the words' spans, built when first needed
    masked = mask_handles(text)
    mentions: list[Mention] = []
    covered = 0
    for position in plain_candidates(masked, gazetteer):
        if position < covered:
            continue
        longest = gazetteer.prefixes[masked[position : position + 2]]
        for length in range(min(longest, len(masked) - position), 1, -1):
            surface = masked[position : position + length]
            forms = gazetteer.forms.get(surface)
            if forms is None:
                continue
            if needs_alignment(surface, forms):
                table = table or plain_spans(text, gazetteer, words)
                if not plain_aligned(*table, position, position + length):
                    continue
            mentions.append(Mention(position, position + length, surface, forms))
            covered = position + length
            break
    return mentions


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(st.one_of(st.text(ALPHABET, max_size=12), st.sampled_from(SENTENCES)), max_size=12)
    )
    return "".join(pieces)


@st.composite
def texts_and_words(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text and words for it: its segmentation, or the text (or the text without its spaces) cut
    anywhere, or words from elsewhere, sometimes with empty ones."""
    text = draw(texts())
    kind = draw(st.sampled_from(["segmenter", "cut", "cut without spaces", "other"]))
    if kind == "segmenter":
        words = segment_words(text)
    elif kind == "other":
        words = draw(st.lists(st.text(ALPHABET, max_size=4), max_size=30))
    else:
        source = text.replace(" ", "") if kind == "cut without spaces" else text
        cuts = sorted(draw(st.sets(st.integers(1, max(len(source) - 1, 1)), max_size=len(source))))
        bounds = [0, *(c for c in cuts if c < len(source)), len(source)]
        words = [source[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        words.insert(draw(st.integers(0, len(words))), "")
    return text, words


def outcome(compute: Callable[[], object]) -> object:
    """What ``compute`` returns, or the type of what it raises."""
    try:
        return compute()
    except Exception as exc:  # the fast and the plain way must fail alike
        return type(exc)


@settings(max_examples=300)
@given(texts())
def test_candidates_are_the_plain_ones(text: str) -> None:
    gazetteer = default_gazetteer()
    assert candidate_positions(text, gazetteer) == plain_candidates(text, gazetteer)
    assert candidate_positions(text * 8, gazetteer) == plain_candidates(text * 8, gazetteer)


def test_candidates_of_long_and_short_real_looking_text() -> None:
    gazetteer = default_gazetteer()
    long_text = "".join(SENTENCES) * 3
    assert len(long_text) > VECTOR_MIN_LENGTH
    for text in (*SENTENCES, long_text, long_text + "😀", "", "北", "北京"):
        assert candidate_positions(text, gazetteer) == plain_candidates(text, gazetteer)
    assert candidate_positions(long_text, gazetteer)  # the test can fail: there are candidates


def test_candidates_with_one_character_and_astral_forms() -> None:
    regions = [
        Region("320000", Level.PROVINCE, "江苏省", "江苏", ""),
        Region("320100", Level.CITY, "南京市", "南京", "320000"),
    ]
    for landmarks in ({"湖": "320000"}, {"𠀀村": "320100"}, {}):
        gazetteer = Gazetteer(regions, landmarks=landmarks)
        for text in ("南京湖", "湖", "南京𠀀村江苏" * 20, "江苏南京" * 30 + "湖"):
            assert candidate_positions(text, gazetteer) == plain_candidates(text, gazetteer)


@settings(max_examples=300)
@given(texts_and_words())
def test_word_boundaries_are_the_plain_ones(case: tuple[str, list[str]]) -> None:
    text, words = case
    gazetteer = default_gazetteer()
    plain = outcome(lambda: plain_spans(text, gazetteer, words))
    boundaries = WordBoundaries(text, gazetteer, tuple(words))
    for start in range(len(text)):
        for end in range(start + 2, min(start + 6, len(text)) + 1):
            fast = outcome(lambda: boundaries.aligned(start, end))  # noqa: B023 - called at once
            if isinstance(plain, tuple):
                assert fast == plain_aligned(*plain, start, end), (start, end)
            else:  # the words leave out spaces and end with an empty one: the table fails
                assert fast == plain


@settings(max_examples=300)
@given(texts_and_words())
def test_mentions_are_the_plain_ones(case: tuple[str, list[str]]) -> None:
    text, words = case
    gazetteer = default_gazetteer()
    assert outcome(lambda: find_mentions(text, gazetteer, words)) == outcome(
        lambda: plain_mentions(text, gazetteer, words)
    )


def test_mentions_of_real_looking_text() -> None:
    gazetteer = default_gazetteer()
    text = "".join(SENTENCES)
    found = find_mentions(text, gazetteer, segment_words(text))
    assert found == plain_mentions(text, gazetteer, segment_words(text))
    assert [mention.surface for mention in found][:2] == ["北京市", "朝阳区"]
    assert find_mentions(text, gazetteer) == found  # segmented when no words are given


def test_ancestors_memo_is_the_climb() -> None:
    gazetteer = default_gazetteer()
    for code in ("320106", "310114", "320000", "999999", "320106"):
        chain: list[str] = []
        region = gazetteer.regions.get(code)
        while region is not None and region.parent:
            chain.append(region.parent)
            region = gazetteer.regions.get(region.parent)
        assert gazetteer.ancestors(code) == tuple(chain)
