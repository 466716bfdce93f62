"""Find the place names of a text: longest gazetteer forms, left to right, on word boundaries.

Full names of three characters or more (嘉定区, 朝阳市) are taken wherever they occur. Short names and aliases
must also start and end on word boundaries of the segmenter, and two-character forms (嘉定, 郫县, 和县) must be
one word, so that 北京 is not found in 北京大学, 中山 not in 孙中山, 和县 not in 市委和县委 and 新都 not in
新/都/会.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nlp.regions.gazetteer import Form, FormKind, Gazetteer
from nlp.segmentation import words as segment_words

ALIGNED_FULL_NAME_MAX = 2  # full names up to this length must also align with words
# one-character endings a province or city name is split from (北京人, 西安城), unlike 三明治 or 上海滩
COMPOUND_TAILS = frozenset("人城籍市省县区")
# @user handles of social posts (//@成都吃土青年:) name accounts, not places
HANDLE = re.compile(r"@[^\s@:：,，。.!！?？/()（）\[\]【】#]{1,30}")
MASK = "\x00"
SPACES = re.compile(" ")
CUT_MEMO_SIZE = 100_000  # words remembered with where they split
VECTOR_MIN_LENGTH = 64  # longer texts are scanned for prefixes with numpy, shorter ones with a regex
BMP_SIZE = 0x10000


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

    When the words are the text, or the text without its spaces (the usual case), only the words at the
    offsets asked about are looked at, found by bisection; otherwise :meth:`_located` builds the table of
    every word's span, the reference that the look-ups agree with.
    """

    def __init__(self, text: str, gazetteer: Gazetteer, words: Sequence[str] | None = None) -> None:
        self._text = text
        self._gazetteer = gazetteer
        self._given = words
        self._words: Sequence[str] | None = None
        self._segmented = False
        self._joined: list[int] = []  # word starts in the text without its spaces
        self._spaces: list[int] = []  # offsets of the text's spaces (when the words leave them out)
        self._shifts: list[int] = []  # for each space, how many non-space characters come before it
        self._spans: dict[int, int] | None = None  # word start → word end, when there is no shortcut
        self._ends: set[int] = set()

    def aligned(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is one word (two characters) or starts and ends on word boundaries."""
        if not self._segmented:
            self._segment()
        if self._spans is not None:
            if end - start <= ALIGNED_FULL_NAME_MAX:
                return self._spans.get(start) == end
            return start in self._spans and end in self._ends
        span_end = self._span_end(start)
        if end - start <= ALIGNED_FULL_NAME_MAX:
            return span_end == end
        return span_end is not None and self._is_end(end)

    def _segment(self) -> None:
        words = self._given if self._given is not None else segment_words(self._text)
        self._words = words
        text, joined = self._text, "".join(words)
        # an empty word repeats a start: the table keeps the last word at each start and bisection
        # finds the same one; without the spaces, empty words go to the table (which fails on a
        # trailing one, as it always has)
        if joined == text:
            self._joined = [0, *itertools.accumulate(map(len, words[:-1]))]
        elif words and " " in text and joined == text.replace(" ", "") and "" not in words:
            self._joined = [0, *itertools.accumulate(map(len, words[:-1]))]
            self._spaces = [match.start() for match in SPACES.finditer(text)]
            self._shifts = [offset - count for count, offset in enumerate(self._spaces)]
        else:
            self._located()
        self._segmented = True

    def _word_before(self, joined: int) -> tuple[int, str] | None:
        """The last word starting before the ``joined``-th non-space character: its offset and text."""
        assert self._words is not None
        index = bisect.bisect_left(self._joined, joined) - 1
        if index < 0:
            return None
        start = self._joined[index]
        return start + bisect.bisect_right(self._shifts, start), self._words[index]

    def _span_end(self, position: int) -> int | None:
        """The end of the word (or split part) starting at ``position``, if one does."""
        found = self._word_before(position + 1 - bisect.bisect_left(self._spaces, position + 1))
        if found is None:
            return None
        start, word = found
        end = start + len(word)
        if position >= end:
            return None
        cut = _cut(word, self._gazetteer)
        if position == start:
            return start + cut if cut else end
        return end if cut and position == start + cut else None

    def _is_end(self, position: int) -> bool:
        """Whether a word (or split part) ends at ``position``."""
        found = self._word_before(position - bisect.bisect_left(self._spaces, position))
        if found is None:
            return False
        start, word = found
        end = start + len(word)
        if position >= end:
            return position == end
        cut = _cut(word, self._gazetteer)
        return bool(cut) and position == start + cut

    def _located(self) -> dict[int, int]:
        """Every word's span (start → end) after the splits, and their ends in ``_ends``."""
        if self._spans is None:
            if self._words is None:
                self._words = self._given if self._given is not None else segment_words(self._text)
            words = list(self._words)
            starts = self._word_starts(words)
            self._spans = {start: start + len(word) for start, word in zip(starts, words, strict=True)}
            self._ends = set(self._spans.values())
            for start, word in zip(starts, words, strict=True):
                cut = _cut(word, self._gazetteer)
                if cut:
                    self._spans[start] = start + cut
                    self._spans[start + cut] = start + len(word)
                    self._ends.add(start + cut)
        return self._spans

    def _word_starts(self, words: list[str]) -> list[int]:
        """Offsets of the words in the text (words never contain whitespace; whitespace words are dropped)."""
        text, joined = self._text, "".join(words)
        if joined == text:
            return [0, *itertools.accumulate(map(len, words[:-1]))]
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


def _cut(word: str, gazetteer: Gazetteer) -> int:
    """Where ``word`` splits after a place name (see :class:`WordBoundaries`), or 0."""
    if len(word) <= 2 or word[:2] not in gazetteer.prefixes:
        return 0
    cuts = _index(gazetteer).cuts
    cut = cuts.get(word)
    if cut is None:
        if len(cuts) >= CUT_MEMO_SIZE:
            cuts.clear()
        cut = cuts[word] = _find_cut(word, gazetteer)
    return cut


def _find_cut(word: str, gazetteer: Gazetteer) -> int:
    forms, major = gazetteer.forms, gazetteer.major_forms
    if word in forms:
        return 0
    for cut in range(len(word) - 1, 1, -1):
        head, tail = word[:cut], word[cut:]
        if (head in major and (len(tail) > 1 or tail in COMPOUND_TAILS)) or (head in forms and tail in forms):
            return cut
    return 0


def needs_alignment(surface: str, forms: tuple[Form, ...]) -> bool:
    has_full_name = any(form.kind in (FormKind.FULL, FormKind.LANDMARK) for form in forms)
    return len(surface) <= ALIGNED_FULL_NAME_MAX or not has_full_name


def find_mentions(text: str, gazetteer: Gazetteer, words: Sequence[str] | None = None) -> list[Mention]:
    """Every place-name occurrence in ``text``, non-overlapping, longest form first at each position.

    ``words`` is the segmentation of ``text``, if the caller has it already.
    """
    masked = mask_handles(text)
    positions = candidate_positions(masked, gazetteer)
    if not positions:
        return []
    boundaries = WordBoundaries(text, gazetteer, words)
    index = _index(gazetteer)
    mentions: list[Mention] = []
    covered = 0
    for position in positions:
        if position < covered:
            continue
        mention = _longest_at(masked, position, gazetteer.forms, index, boundaries)
        if mention is not None:
            mentions.append(mention)
            covered = mention.end
    return mentions


def candidate_positions(text: str, gazetteer: Gazetteer) -> list[int]:
    """Offsets where some gazetteer form could start (its first two characters are there)."""
    index = _index(gazetteer)
    if index.pairs is not None and len(text) > VECTOR_MIN_LENGTH:
        units = text.encode("utf-16-le")
        if len(units) == 2 * len(text):  # no surrogate pairs: a unit per character
            return index.pairs.starts(np.frombuffer(units, dtype=np.uint16))
    prefixes = gazetteer.prefixes
    return [i for i in map(_START, index.scan.finditer(text)) if text[i : i + 2] in prefixes]


_START = re.Match.start


class _PairTable:
    """Two-character prefixes as a table over character pairs, looked up for a whole text at once."""

    def __init__(self, prefixes: list[str]) -> None:
        firsts = sorted({prefix[0] for prefix in prefixes})
        seconds = sorted({prefix[1] for prefix in prefixes})
        width = len(seconds) + 1  # row and column 0: a character that starts or follows no prefix
        # character → its row's offset in the table (as a first character) or its column (as a second)
        self.rows = np.zeros(BMP_SIZE, dtype=np.int32)
        self.rows[[ord(c) for c in firsts]] = np.arange(1, len(firsts) + 1, dtype=np.int32) * width
        self.columns = np.zeros(BMP_SIZE, dtype=np.int32)
        self.columns[[ord(c) for c in seconds]] = np.arange(1, len(seconds) + 1, dtype=np.int32)
        self.table = np.zeros((len(firsts) + 1) * width, dtype=bool)
        self.table[[self.rows[ord(p[0])] + self.columns[ord(p[1])] for p in prefixes]] = True

    @classmethod
    def of(cls, prefixes: Iterable[str]) -> _PairTable | None:
        """The table, if every prefix is two characters of the Basic Multilingual Plane."""
        found = list(prefixes)
        if not found or any(len(p) != 2 or max(map(ord, p)) >= BMP_SIZE for p in found):
            return None
        return cls(found)

    def starts(self, units: npt.NDArray[np.uint16]) -> list[int]:
        """Offsets of ``units`` (one per character) where a prefix starts."""
        pairs = self.rows.take(units[:-1]) + self.columns.take(units[1:])
        return list(self.table.take(pairs).nonzero()[0].tolist())


@dataclass(frozen=True)
class _Index:
    """What the matcher derives from a gazetteer, once."""

    scan: re.Pattern[str]  # finds the offsets that may start a form (see _scan_pattern)
    pairs: _PairTable | None  # finds those that do, for longer texts
    lengths: dict[str, tuple[int, ...]]  # first two characters → lengths of the forms, longest first
    aligned_only: frozenset[str]  # forms that count only on word boundaries (see needs_alignment)
    cuts: dict[str, int]  # word → where it splits (see WordBoundaries), a memo


@functools.lru_cache(maxsize=8)
def _index(gazetteer: Gazetteer) -> _Index:
    lengths: dict[str, set[int]] = {}
    for surface in gazetteer.forms:
        lengths.setdefault(surface[:2], set()).add(len(surface))
    return _Index(
        scan=_scan_pattern(gazetteer.prefixes),
        pairs=_PairTable.of(gazetteer.prefixes),
        lengths={prefix: tuple(sorted(found, reverse=True)) for prefix, found in lengths.items()},
        aligned_only=frozenset(
            surface for surface, forms in gazetteer.forms.items() if needs_alignment(surface, forms)
        ),
        cuts={},
    )


def _scan_pattern(prefixes: Iterable[str]) -> re.Pattern[str]:
    """Matches at every offset whose first two characters may be one of ``prefixes`` (and some more).

    The scan for a first character runs in C, and so does the check of the character after it.
    """
    firsts = {prefix[:1] for prefix in prefixes} - {""}
    seconds = {prefix[1:2] for prefix in prefixes}
    if not firsts:
        return re.compile("(?!)")
    if "" in seconds:  # a one-character form: any of its first characters may start one
        return re.compile(_character_class(firsts))
    return re.compile(_character_class(firsts) + "(?=" + _character_class(seconds) + ")")


def _character_class(characters: set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(characters)) + "]"


def mask_handles(text: str) -> str:
    """``text`` with @handles blanked out, offsets unchanged."""
    if "@" not in text:
        return text
    return HANDLE.sub(lambda match: MASK * len(match.group()), text)


def _longest_at(
    text: str, start: int, forms_of: dict[str, tuple[Form, ...]], index: _Index, boundaries: WordBoundaries
) -> Mention | None:
    lengths = index.lengths.get(text[start : start + 2])
    if lengths is None:
        return None
    room = len(text) - start
    for length in lengths:
        if length > room or length < 2:
            continue
        surface = text[start : start + length]
        forms = forms_of.get(surface)
        if forms is None:
            continue
        if surface in index.aligned_only and not boundaries.aligned(start, start + length):
            continue
        return Mention(start, start + length, surface, forms)
    return None
