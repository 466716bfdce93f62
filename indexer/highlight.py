"""Mark query terms in crawled text for HTML pages. Crawled text is hostile: all of it is escaped,
and the only markup ever added is ``<mark>…</mark>``.

Matching ignores case and NFKC differences (全角 ``ＰＭ２.５`` matches ``PM2.5``). A term's
letter/digit pieces must appear in order with only punctuation or spaces between them, so
``PM2.5`` also marks ``pm2 5`` and ``"北京 市"`` marks ``北京市``. A term that begins (ends) with an
ASCII letter or digit does not match inside a longer ASCII word (``air`` does not mark ``chair``);
CJK terms match anywhere. Terms without any letter or digit are ignored.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
ELLIPSIS = "…"
_SEPARATORS = re.compile(r"[\W_]+")
_WHITESPACE = re.compile(r"\s+")
_ASCII_WORD_CHAR = re.compile(r"[0-9a-z]")
_SNAP_REACH = 12  # how far a snippet edge may move to land on a space


def _fold_char(code: int) -> str:
    return unicodedata.normalize("NFKC", chr(code)).lower() or chr(code)


class _FoldTable(dict[int, str]):
    """str.translate table computing NFKC + lower case per character on first use."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(code)
        return folded


_FOLD = _FoldTable()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _bmp_tables() -> tuple[list[str], re.Pattern[str], re.Pattern[str]]:
    """The fold of every BMP character as a list (translate indexes it faster than a dict), a
    pattern finding the characters that may fold to more than one (every astral one is checked),
    and one finding the characters whose fold a term pattern could tell from the character itself:
    all but those that fold to themselves, ASCII capitals (the direct pattern accepts both cases),
    and separators that fold to one separator (全角 ``，`` → ``,``, ``\\u3000`` → space). A text
    without any of them is matched as it is, by the direct pattern, with the same spans."""
    table = [_fold_char(code) for code in range(0x10000)]
    multi = "".join(f"\\u{code:04x}" for code, folded in enumerate(table) if len(folded) != 1)
    relevant = "".join(
        f"\\u{code:04x}"
        for code, folded in enumerate(table)
        if folded != chr(code) and not (0x41 <= code <= 0x5A) and not _separator_fold(chr(code), folded)
    )
    astral = "\\U00010000-\\U0010ffff"
    return table, re.compile(f"[{multi}{astral}]"), re.compile(f"[{relevant}{astral}]")


def _separator_fold(char: str, folded: str) -> bool:
    return (
        len(folded) == 1
        and _SEPARATORS.fullmatch(char) is not None
        and _SEPARATORS.fullmatch(folded) is not None
    )


@dataclass(frozen=True)
class Span:
    start: int  # in the original text
    end: int
    term: int  # which term matched


def highlight(text: str, terms: list[str]) -> str:
    """The whole ``text``, HTML-escaped, with every occurrence of a term wrapped in <mark>."""
    return _render(text, find_spans(text, terms), 0, len(text), collapse=False)


def snippet(text: str, terms: list[str], width: int = 120) -> str:
    """About ``width`` characters around the densest matches (the beginning when nothing matches),
    escaped, whitespace runs collapsed, terms marked, and "…" where the text was cut."""
    spans = find_spans(text, terms)
    start, end = _best_window(text, spans, width)
    body = _render(text, spans, start, end, collapse=True).strip()
    return (ELLIPSIS if start > 0 else "") + body + (ELLIPSIS if end < len(text) else "")


def find_spans(text: str, terms: list[str]) -> list[Span]:
    """Non-overlapping matches of ``terms`` in ``text``, in order; longer terms win at one place."""
    patterns = _terms_patterns(tuple(terms))
    if patterns is None:
        return []
    pattern, direct = patterns
    if _bmp_tables()[2].search(text) is None:  # folding would change nothing the pattern sees
        return _spans(direct.finditer(text), None)
    folded = _fold(text)
    return _spans(pattern.finditer(folded), None if len(folded) == len(text) else _Owners(text))


def _spans(matches: Iterator[re.Match[str]], owner: _Owners | None) -> list[Span]:
    spans: list[Span] = []
    for match in matches:
        start, end = match.span()
        if owner is not None:
            start, end = owner.of(start), owner.of(end - 1) + 1
        if spans and start < spans[-1].end:
            continue
        spans.append(Span(start, end, (match.lastindex or 1) - 1))
    return spans


def _fold(text: str) -> str:
    return text.translate(_FOLD if _ASTRAL.search(text) else _bmp_tables()[0])


class _Owners:
    """The original index of a folded character, for a text where some characters fold to several.

    Only those characters are listed (with where their folded run starts and ends); between them
    original and folded positions move together."""

    def __init__(self, text: str) -> None:
        self.indexes: list[int] = []  # original index of each multi-character fold
        self.starts: list[int] = []  # where its folded run starts
        self.ends: list[int] = []  # and ends
        extra = 0
        for match in _bmp_tables()[1].finditer(text):
            index, size = match.start(), len(_FOLD[ord(match.group())])
            if size == 1:
                continue
            self.indexes.append(index)
            self.starts.append(index + extra)
            self.ends.append(index + extra + size)
            extra += size - 1

    def of(self, position: int) -> int:
        k = bisect.bisect_right(self.starts, position) - 1
        if k < 0:
            return position
        if position < self.ends[k]:
            return self.indexes[k]
        return self.indexes[k] + 1 + position - self.ends[k]


@functools.lru_cache(maxsize=256)
def _terms_patterns(terms: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The pattern for folded text, and the direct one for text that folding would not change
    (see ``_bmp_tables``): ASCII letters in either case, ASCII capitals as word characters."""
    pieces_per_term = [[p for p in _SEPARATORS.split(_fold(term)) if p] for term in terms]
    ordered = sorted((pieces for pieces in pieces_per_term if pieces), key=lambda p: -len("".join(p)))
    if not ordered:
        return None
    folded = "|".join(f"({_term_regex(pieces, direct=False)})" for pieces in ordered)
    direct = "|".join(f"({_term_regex(pieces, direct=True)})" for pieces in ordered)
    return re.compile(folded), re.compile(direct)


def _term_regex(pieces: list[str], *, direct: bool) -> str:
    escape = _either_case if direct else re.escape
    word = "[0-9a-zA-Z]" if direct else "[0-9a-z]"
    body = r"[\W_]*".join(escape(piece) for piece in pieces)
    if _ASCII_WORD_CHAR.fullmatch(pieces[0][0]):
        body = rf"(?<!{word})" + body
    if _ASCII_WORD_CHAR.fullmatch(pieces[-1][-1]):
        body += rf"(?!{word})"
    return body


def _either_case(piece: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if "a" <= c <= "z" else re.escape(c) for c in piece)


def _render(text: str, spans: list[Span], start: int, end: int, *, collapse: bool) -> str:
    def escape(segment: str) -> str:
        return html.escape(_WHITESPACE.sub(" ", segment) if collapse else segment)

    out: list[str] = []
    position = start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        mark_start, mark_end = max(span.start, position), min(span.end, end)
        out.append(escape(text[position:mark_start]))
        out.append(MARK_OPEN + escape(text[mark_start:mark_end]) + MARK_CLOSE)
        position = mark_end
    out.append(escape(text[position:end]))
    return "".join(out)


def _best_window(text: str, spans: list[Span], width: int) -> tuple[int, int]:
    """The [start, end) of the snippet: the densest cluster of spans, centred, edges on spaces."""
    if not spans:
        return 0, _snap_end(text, min(width, len(text)), 0)
    first, last = _densest_cluster(spans, width)
    cluster_start, cluster_end = spans[first].start, spans[last].end
    slack = max(0, width - (cluster_end - cluster_start))
    start = max(0, cluster_start - slack // 2)
    end = min(len(text), max(start + width, cluster_end))
    start = max(0, min(start, end - width))
    return _snap_start(text, start, cluster_start), _snap_end(text, end, cluster_end)


def _densest_cluster(spans: list[Span], width: int) -> tuple[int, int]:
    """Indexes of the first and last span of the window with the most distinct terms, then matches."""
    best = (0, 0)
    best_score = (0, 0)
    last = 0
    for first, span in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1].end - span.start <= width:
            last += 1
        window = spans[first : last + 1]
        score = (len({s.term for s in window}), len(window))
        if score > best_score:
            best, best_score = (first, last), score
    return best


def _snap_start(text: str, start: int, limit: int) -> int:
    if start == 0:
        return 0
    space = text.find(" ", start, min(limit, start + _SNAP_REACH))
    return space + 1 if space >= 0 else start


def _snap_end(text: str, end: int, limit: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", max(limit, end - _SNAP_REACH), end)
    return space if space > 0 else end
