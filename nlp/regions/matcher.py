"""Find the place names of a text: longest gazetteer forms, left to right, on word boundaries.

Full names of three characters or more (嘉定区, 朝阳市) are taken wherever they occur. Short names and aliases
must also start and end on word boundaries of the segmenter, and two-character forms (嘉定, 郫县, 和县) must be
one word, so that 北京 is not found in 北京大学, 中山 not in 孙中山, 和县 not in 市委和县委 and 新都 not in
新/都/会.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.regions.gazetteer import Form, FormKind, Gazetteer
from nlp.segmentation import words as segment_words

ALIGNED_FULL_NAME_MAX = 2  # full names up to this length must also align with words
# one-character endings a province or city name is split from (北京人, 西安城), unlike 三明治 or 上海滩
COMPOUND_TAILS = frozenset("人城籍市省县区")
# @user handles of social posts (//@成都吃土青年:) name accounts, not places
HANDLE = re.compile(r"@[^\s@:：,，。.!！?？/()（）\[\]【】#]{1,30}")
MASK = "\x00"


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a gazetteer form in the text, with every region it may name."""

    start: int
    end: int
    surface: str
    forms: tuple[Form, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(form.code for form in self.forms)


class WordBoundaries:
    """The text's words as offsets, segmented on first use.

    A word that is two place names run together (福建厦门), or that starts with the name of a province or
    city followed by a word or by 人/城/籍 (北京高校, 北京人, 西安城), is split after the name: the segmenter's
    dictionary and its guesses for unknown words glue such names to their neighbours.
    """

    def __init__(self, text: str, gazetteer: Gazetteer, words: Sequence[str] | None = None) -> None:
        self._text = text
        self._gazetteer = gazetteer
        self._words = words
        self._spans: dict[int, int] | None = None  # word start → word end
        self._ends: set[int] = set()

    def aligned(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is one word (two characters) or starts and ends on word boundaries."""
        spans = self._located()
        if end - start <= ALIGNED_FULL_NAME_MAX:
            return spans.get(start) == end
        return start in spans and end in self._ends

    def _located(self) -> dict[int, int]:
        if self._spans is None:
            words = list(self._words) if self._words is not None else segment_words(self._text)
            starts = self._word_starts(words)
            self._spans = {start: start + len(word) for start, word in zip(starts, words, strict=True)}
            self._ends = set(self._spans.values())
            prefixes = self._gazetteer.prefixes
            for start, word in zip(starts, words, strict=True):
                if len(word) > 2 and word[:2] in prefixes:
                    self._split(start, word)
        return self._spans

    def _word_starts(self, words: list[str]) -> list[int]:
        """Offsets of the words in the text (words never contain whitespace; whitespace words are dropped)."""
        text, joined = self._text, "".join(words)
        if joined == text:
            return [0, *itertools.accumulate(len(word) for word in words[:-1])]
        if words and " " in text and joined == text.replace(" ", ""):
            # the words are the text without its spaces: each starts at the position of its first
            # character among the text's non-space characters (what the search below finds)
            others = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) != ord(" "))
            firsts = np.fromiter(itertools.accumulate(map(len, words[:-1]), initial=0), np.intp, len(words))
            return list(others[firsts].tolist())
        starts, position = [], 0
        for word in words:
            found = self._text.find(word, position)
            if found < 0:  # not from this text: keep the offsets in step
                found = position
            starts.append(found)
            position = found + len(word)
        return starts

    def _split(self, start: int, word: str) -> None:
        forms, major = self._gazetteer.forms, self._gazetteer.major_forms
        if word in forms:
            return
        for cut in range(len(word) - 1, 1, -1):
            head, tail = word[:cut], word[cut:]
            if (head in major and (len(tail) > 1 or tail in COMPOUND_TAILS)) or (
                head in forms and tail in forms
            ):
                assert self._spans is not None
                self._spans[start] = start + cut
                self._spans[start + cut] = start + len(word)
                self._ends.add(start + cut)
                return


def needs_alignment(surface: str, forms: tuple[Form, ...]) -> bool:
    has_full_name = any(form.kind in (FormKind.FULL, FormKind.LANDMARK) for form in forms)
    return len(surface) <= ALIGNED_FULL_NAME_MAX or not has_full_name


def find_mentions(text: str, gazetteer: Gazetteer, words: Sequence[str] | None = None) -> list[Mention]:
    """Every place-name occurrence in ``text``, non-overlapping, longest form first at each position.

    ``words`` is the segmentation of ``text``, if the caller has it already.
    """
    boundaries = WordBoundaries(text, gazetteer, words)
    text = mask_handles(text)
    mentions: list[Mention] = []
    covered = 0
    for position in candidate_positions(text, gazetteer):
        if position < covered:
            continue
        mention = _longest_at(text, position, gazetteer, boundaries)
        if mention is not None:
            mentions.append(mention)
            covered = mention.end
    return mentions


def candidate_positions(text: str, gazetteer: Gazetteer) -> list[int]:
    """Offsets where some gazetteer form could start (its first two characters are there)."""
    prefixes = gazetteer.prefixes
    return [
        i
        for i in map(_START, _first_character_pattern(gazetteer.first_characters).finditer(text))
        if text[i : i + 2] in prefixes
    ]


_START = re.Match.start


@functools.lru_cache(maxsize=8)
def _first_character_pattern(characters: frozenset[str]) -> re.Pattern[str]:
    """A character class of ``characters`` (the scan for them runs in C)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(characters)) + "]")


def mask_handles(text: str) -> str:
    """``text`` with @handles blanked out, offsets unchanged."""
    if "@" not in text:
        return text
    return HANDLE.sub(lambda match: MASK * len(match.group()), text)


def _longest_at(text: str, start: int, gazetteer: Gazetteer, boundaries: WordBoundaries) -> Mention | None:
    longest = gazetteer.prefixes.get(text[start : start + 2])
    if longest is None:
        return None
    for length in range(min(longest, len(text) - start), 1, -1):
        surface = text[start : start + length]
        forms = gazetteer.forms.get(surface)
        if forms is None:
            continue
        if needs_alignment(surface, forms) and not boundaries.aligned(start, start + length):
            continue
        return Mention(start, start + length, surface, forms)
    return None
