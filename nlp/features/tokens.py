"""The tokens of a batch of texts as ids into a process-wide table of per-token facts.

The word n-gram hashes, the negation scopes, the lexicon features, the SimHash, the topic hits and
the keyword weights all walk the same tokens. Here each distinct token is looked at once per process:
:class:`TokenTable` gives it an id and keeps, in numpy columns, its word hash
(:func:`nlp.features.hashing.word_units`), the hash of its negated form (``¬token``), whether it is a
negator or punctuation, whether it has content (a letter, digit or CJK character) and the stable hash
of its lower-cased form (:func:`stable_hash`, SimHash's). A consumer with facts of its own (a topic
matcher's hits, a keyword extractor's IDFs) keeps them in a :class:`TokenColumn` aligned with the
table. :func:`batch_tokens` turns a batch of cleaned texts into one array of ids (one C-level look-up
loop per text) and the negation scopes of every text (:func:`nlp.features.negation.negation_scopes`
of the columns). It is memoised for the last few batches, which the models and the analysis read in
turn."""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nlp.features.negation import NEGATED_PREFIX, NEGATORS, is_punctuation, negation_scopes
from nlp.segmentation import cached_words

TABLE_SIZE = 500_000  # tokens remembered; a full table is replaced by a new one
BATCH_CACHE_SIZE = 4
# a token with none of these is punctuation, symbols or spaces: it carries no content
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_COLUMNS = ("unit", "negated_unit", "negator", "punctuation", "content", "stable")


def stable_hash(word: str) -> int:
    """The stable 64-bit hash of one word (BLAKE2b of its UTF-8): the same in every process, on every
    machine and in every release (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def has_content(token: str) -> bool:
    """Whether ``token`` has a letter, digit or CJK character (is not only punctuation or space)."""
    return _CONTENT.search(token) is not None


class TokenTable:
    """Token → id, and per id: word hash, negated word hash, negator, punctuation and content flags,
    and the stable hash of the lower-cased token (0 without content).

    Ids are published (in ``ids``) only after their columns are written, and a grown column keeps
    every published row, so a reader that looks ids up first and reads the columns after finds them.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []  # by id
        self.unit = np.zeros(4096, dtype=np.uint64)
        self.negated_unit = np.zeros(4096, dtype=np.uint64)
        self.negator = np.zeros(4096, dtype=bool)
        self.punctuation = np.zeros(4096, dtype=bool)
        self.content = np.zeros(4096, dtype=bool)
        self.stable = np.zeros(4096, dtype=np.uint64)
        self.size = 0
        self._lock = threading.Lock()

    def add(self, tokens: Iterable[str]) -> None:
        """Give ids to the ``tokens`` not in the table yet."""
        from nlp.features.hashing import word_units

        with self._lock:
            new = [token for token in dict.fromkeys(tokens) if token not in self.ids]
            if not new:
                return
            start, end = self.size, self.size + len(new)
            if end > len(self.unit):
                self._grow(max(2 * len(self.unit), end))
            self.unit[start:end] = word_units(new)
            self.negated_unit[start:end] = word_units([NEGATED_PREFIX + token for token in new])
            self.negator[start:end] = np.fromiter(map(NEGATORS.__contains__, new), dtype=bool, count=len(new))
            self.punctuation[start:end] = np.fromiter(map(is_punctuation, new), dtype=bool, count=len(new))
            content = [_CONTENT.search(token) is not None for token in new]
            self.content[start:end] = content
            self.stable[start:end] = np.fromiter(
                (
                    stable_hash(token.lower()) if found else 0
                    for token, found in zip(new, content, strict=True)
                ),
                dtype=np.uint64,
                count=len(new),
            )
            self.tokens.extend(new)
            self.size = end
            self.ids.update(zip(new, range(start, end), strict=True))

    def _grow(self, size: int) -> None:
        for name in _COLUMNS:
            old = getattr(self, name)
            grown = np.zeros(size, dtype=old.dtype)
            grown[: self.size] = old[: self.size]
            setattr(self, name, grown)


_TABLE = [TokenTable()]  # the process-wide table, replaced when full


class TokenColumn:
    """One consumer's value for every token of a token table, computed once per token.

    ``compute`` maps new tokens (in id order) to their values; :meth:`of` extends the column to the
    table's current size and returns it, indexable by the ids of any batch looked up before. A new
    table (the old one was full) starts a new column."""

    def __init__(self, compute: Callable[[list[str]], NDArray[Any]], dtype: type | np.dtype[Any]) -> None:
        self._compute = compute
        self._dtype = np.dtype(dtype)
        # (table, values, filled), replaced as a whole: a reader never pairs one table with another's values
        self._state: tuple[TokenTable | None, NDArray[Any], int] = (None, np.zeros(0, dtype=self._dtype), 0)
        self._lock = threading.Lock()

    def of(self, table: TokenTable) -> NDArray[Any]:
        """The values of the first ``table.size`` (or more) ids."""
        known, values, filled = self._state
        if known is table and filled >= table.size:
            return values
        with self._lock:
            known, values, filled = self._state
            size = table.size
            if known is not table:
                values, filled = np.zeros(max(4096, 2 * size), dtype=self._dtype), 0
            if filled < size:
                if size > len(values):
                    grown = np.zeros(max(2 * len(values), size), dtype=self._dtype)
                    grown[:filled] = values[:filled]
                    values = grown
                values[filled:size] = self._compute(table.tokens[filled:size])
            self._state = (table, values, max(filled, size))
            return values


@dataclass(frozen=True)
class BatchTokens:
    """Every token of a batch of texts, in order, as ids into ``table``."""

    table: TokenTable
    ids: NDArray[np.intp]  # every token's id, text after text
    lengths: NDArray[np.int64]  # tokens per text
    negated: NDArray[np.bool_]  # per token: inside a negation scope

    @functools.cached_property
    def owners(self) -> NDArray[np.intp]:
        """The text of each token."""
        return np.repeat(np.arange(len(self.lengths), dtype=np.intp), self.lengths)


@functools.lru_cache(maxsize=BATCH_CACHE_SIZE)
def batch_tokens(texts: tuple[str, ...]) -> BatchTokens:
    """The tokens of a batch of cleaned texts (:func:`nlp.segmentation.cached_words` of each) as
    ids, and their negation scopes (memoised: the models featurise the same batch in turn)."""
    words = tuple(cached_words(text) for text in texts)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    table, ids = token_ids(words, int(lengths.sum()))
    negated = negation_scopes(table.negator[ids], table.punctuation[ids], lengths)
    return BatchTokens(table, ids, lengths, negated)


def token_ids(words: Sequence[Sequence[str]], total: int) -> tuple[TokenTable, NDArray[np.intp]]:
    """The table and the id of every token of ``words`` (``total`` of them) in order; new tokens are
    added first (to the process-wide table, or to a new one that replaces it when it is full)."""
    table = _TABLE[0]
    try:
        return table, _known_ids(table, words, total)
    except KeyError:  # a token not in the table yet
        pass
    if table.size + total >= TABLE_SIZE:
        table = TokenTable()
        _TABLE[0] = table
    table.add(chain.from_iterable(words))
    return table, _known_ids(table, words, total)


def _known_ids(table: TokenTable, words: Sequence[Sequence[str]], total: int) -> NDArray[np.intp]:
    """The id of every token of ``words``; ``KeyError`` if one is not in the table."""
    ids = table.ids
    get = ids.__getitem__
    # one C-level look-up loop per text (itemgetter needs two or more keys to return a tuple)
    found = [itemgetter(*text)(ids) if len(text) > 1 else tuple(map(get, text)) for text in words]
    return np.fromiter(chain.from_iterable(found), dtype=np.intp, count=total)
