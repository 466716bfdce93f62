"""Turn text into index terms with a tokenizer passed in by the caller (indexer never imports nlp).

The same function feeds every engine (tantivy, FTS5, Elasticsearch) and the in-memory evaluator, so
a query means the same thing everywhere: NFKC, lower case, tokens split on anything that is not a
letter or a digit (as FTS5's ``unicode61`` would), empty pieces dropped.

This runs on every indexed title and text, so both steps have fast paths that give exactly the
result of the plain definition (bench/search_engines.py measures ingest; tests/indexer check the
equivalence over every Basic Multilingual Plane character).
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable
from itertools import chain

Tokenizer = Callable[[str], list[str]]

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
_PIECES_CACHE_SIZE = 300_000


def _compatibility_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """The BMP characters NFKD changes (Hangul syllables aside: NFKC composes them back), as a
    character class, and each one's NFKD form."""
    table: dict[str, str] = {}
    for code in range(0x10000):
        char = chr(code)
        if 0xAC00 <= code <= 0xD7A3 or 0xD800 <= code <= 0xDFFF:
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        if decomposed != char:
            table[char] = decomposed
    ranges: list[list[int]] = []
    for code in sorted(map(ord, table)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    pattern = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"[{pattern}]"), table


_COMPATIBLE, _NFKD = _compatibility_table()


def _decompose(match: re.Match[str]) -> str:
    return _NFKD[match.group()]


def normalize(text: str) -> str:
    """NFKC (full-width → half-width) and lower case.

    Fast path: NFKC(s) = NFC(NFKD(s)) and NFKD works character by character (then reorders
    combining marks stably), so replacing characters by their own NFKD form first does not change
    the result; what is left is usually already normalised (a cheap check), otherwise full NFKC.
    Chinese text is full of full-width punctuation, which makes plain NFKC take its slow path.
    """
    replaced = _COMPATIBLE.sub(_decompose, text)
    if not unicodedata.is_normalized("NFKC", replaced):
        replaced = unicodedata.normalize("NFKC", replaced)
    return replaced.lower()


class _Pieces(dict[str, tuple[str, ...]]):
    """Token → its index terms: itself when it is all letters and digits, else its non-empty pieces
    between separators; computed on a miss and kept for the first ``_PIECES_CACHE_SIZE`` tokens."""

    def __missing__(self, token: str) -> tuple[str, ...]:
        if token.isalnum():
            pieces: tuple[str, ...] = (token,)
        else:
            pieces = tuple(piece for piece in _SEPARATORS.split(token) if piece)
        if len(self) < _PIECES_CACHE_SIZE:
            self[token] = pieces
        return pieces


_PIECES = _Pieces()


def index_pieces(token: str) -> tuple[str, ...]:
    """The index terms of one token: itself, or its non-empty pieces between separators."""
    return _PIECES[token]


class TermTokenizer(ABC):
    """A tokenizer that also finishes the job of :func:`analyze` on normalised text, faster (e.g. by
    caching ``index_pieces`` of its tokens per word). ``terms`` must give exactly what ``analyze``
    gives with ``__call__`` as the tokenizer, ``joined_terms`` the same joined by single spaces."""

    @abstractmethod
    def __call__(self, text: str) -> list[str]: ...

    @abstractmethod
    def terms(self, normalized: str) -> list[str]: ...

    @abstractmethod
    def joined_terms(self, normalized: str) -> str: ...


def analyze(text: str, tokenizer: Tokenizer) -> list[str]:
    """Index terms of ``text`` in order; positions matter for phrase queries."""
    if isinstance(tokenizer, TermTokenizer):
        return tokenizer.terms(normalize(text))
    return list(chain.from_iterable(map(_PIECES.__getitem__, tokenizer(normalize(text)))))


def analyze_joined(text: str, tokenizer: Tokenizer) -> str:
    """``" ".join(analyze(text, tokenizer))``: what the text indices store."""
    if isinstance(tokenizer, TermTokenizer):
        return tokenizer.joined_terms(normalize(text))
    return " ".join(chain.from_iterable(map(_PIECES.__getitem__, tokenizer(normalize(text)))))


def whitespace_tokenizer(text: str) -> list[str]:
    """A trivial tokenizer for tests and for text that is already segmented."""
    return text.split()
