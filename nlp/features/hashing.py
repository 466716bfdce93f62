"""Hashed character and word n-gram counts, computed with numpy (no vocabulary to store).

A fitted model keeps no vocabulary: n-grams are hashed into ``n_features`` columns, so the saved
artifact stays small and loading is instant. Characters are hashed from their code points and words
from their position-salted code points, with a rolling combination for longer n-grams; the hash is
stable across processes and Python versions (unlike ``hash(str)``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin

from nlp.features.negation import negated_tokens
from nlp.segmentation import cached_words
from nlp.text import clean_post

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_SEEDS = [np.uint64(0x2545F4914F6CDD1D * (n + 1) & 0xFFFFFFFFFFFFFFFF) for n in range(8)]

Hashes = NDArray[np.uint64]
# Batches whose hashes are kept: the sentiment and relevance models featurise the same batch in turn.
BATCH_CACHE_SIZE = 4


def _mix(values: Hashes) -> Hashes:
    values = values ^ (values >> np.uint64(31))
    values = values * _MIX
    return values ^ (values >> np.uint64(29))


def ngram_hashes(units: Hashes, ngram_range: tuple[int, int]) -> Hashes:
    """Hashes of every n-gram (n in ``ngram_range``) of the unit sequence ``units``."""
    parts: list[Hashes] = []
    low, high = ngram_range
    with np.errstate(over="ignore"):
        for n in range(low, min(high, len(units)) + 1):
            combined = np.full(len(units) - n + 1, _SEEDS[n], dtype=np.uint64)
            for offset in range(n):
                combined = (combined * _MULTIPLIER) ^ units[offset : len(units) - n + 1 + offset]
            parts.append(_mix(combined))
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def char_units(text: str) -> Hashes:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def word_units(tokens: Sequence[str]) -> Hashes:
    """One hash per token: position-salted code points of the token, summed and mixed."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    codes = char_units("".join(tokens))
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    starts = np.zeros(len(tokens), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    offsets = (np.arange(len(codes), dtype=np.int64) - np.repeat(starts, lengths)).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed: Hashes = np.asarray(codes ^ (offsets * _MULTIPLIER), dtype=np.uint64)
        salted = _mix(mixed)
        summed: Hashes = np.asarray(
            np.add.reduceat(salted, starts) ^ lengths.astype(np.uint64), dtype=np.uint64
        )
        return _mix(summed)


def word_hashes(text: str, ngram_range: tuple[int, int]) -> Hashes:
    """Word n-grams of ``text`` plus ``¬word`` unigrams for the words in a negation scope."""
    words = cached_words(text)
    negated = word_units(negated_tokens(words))
    return np.concatenate([ngram_hashes(word_units(words), ngram_range), ngram_hashes(negated, (1, 1))])


def hashed_counts(rows: Iterable[Hashes], n_features: int) -> sp.csr_matrix:
    """A CSR count matrix with one row per hash array, columns ``hash % n_features``."""
    indices = [(row % np.uint64(n_features)).astype(np.int32) for row in rows]
    indptr = np.zeros(len(indices) + 1, dtype=np.int64)
    np.cumsum([len(i) for i in indices], out=indptr[1:])
    flat = np.concatenate(indices) if indices else np.empty(0, dtype=np.int32)
    matrix = sp.csr_matrix(
        (np.ones(len(flat), dtype=np.float64), flat, indptr), shape=(len(indices), n_features)
    )
    matrix.sum_duplicates()
    return matrix


class HashedNgramCounts(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Counts of hashed character or word n-grams of cleaned posts (stateless; ``fit`` learns nothing).

    ``kind="char"`` hashes character n-grams; ``kind="word"`` hashes word n-grams plus negation-marked
    words (:func:`word_hashes`). Text is cleaned with :func:`nlp.text.clean_post` first.
    """

    def __init__(
        self, *, kind: str = "char", ngram_range: tuple[int, int] = (1, 3), n_features: int = 2**16
    ) -> None:
        self.kind = kind
        self.ngram_range = ngram_range
        self.n_features = n_features

    def fit(self, texts: Sequence[str], y: object = None) -> HashedNgramCounts:
        if self.kind not in {"char", "word"}:
            raise ValueError(f"kind must be 'char' or 'word', not {self.kind!r}")
        self.n_features_out_ = self.n_features
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        cleaned = tuple(clean_post(t) for t in texts)
        low, high = self.ngram_range
        return batch_counts(self.kind, (low, high), cleaned, self.n_features).copy()


def counts_matrix(hashes: Hashes, rows: NDArray[np.intp], n_rows: int, n_features: int) -> sp.csr_matrix:
    """The CSR count matrix of ``hashes`` (columns ``hash % n_features``) in ``rows``; the same
    matrix :func:`hashed_counts` builds from per-row hash arrays (canonical: sorted, no duplicates).

    One sort of ``row * n_features + column`` keys gives the cells in CSR order, runs of equal keys
    their counts (several times faster than scipy's duplicate summing)."""
    keys = rows.astype(np.int64) * n_features + (hashes % np.uint64(n_features)).astype(np.int64)
    keys.sort()
    if len(keys):
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
    else:
        starts = np.empty(0, dtype=np.intp)
    cells = keys[starts]
    counts = np.diff(np.append(starts, len(keys))).astype(np.float64)
    row_of = cells // n_features
    indptr = np.searchsorted(row_of, np.arange(n_rows + 1), side="left")
    matrix = sp.csr_matrix(
        (counts, (cells - row_of * n_features).astype(np.int32), indptr), shape=(n_rows, n_features)
    )
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return matrix


@functools.lru_cache(maxsize=BATCH_CACHE_SIZE)
def batch_counts(
    kind: str, ngram_range: tuple[int, int], texts: tuple[str, ...], n_features: int
) -> sp.csr_matrix:
    """The count matrix of a batch of cleaned texts, memoised: the sentiment and relevance models
    count the same n-grams of the same batch (callers copy it before changing it)."""
    hashes, rows = batch_hashes(kind, ngram_range, texts)
    return counts_matrix(hashes, rows, len(texts), n_features)


@functools.lru_cache(maxsize=BATCH_CACHE_SIZE)
def batch_hashes(
    kind: str, ngram_range: tuple[int, int], texts: tuple[str, ...]
) -> tuple[Hashes, NDArray[np.intp]]:
    """The n-gram hashes of a batch of cleaned texts and the text (row) of each, computed for the whole
    batch at once and memoised (read-only): models with the same features share them."""
    if kind == "char":
        units = char_units("".join(texts))
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        hashes, rows = segment_ngram_hashes(units, lengths, ngram_range)
    else:
        hashes, rows = _batch_word_hashes(texts, ngram_range)
    hashes.flags.writeable = False
    rows.flags.writeable = False
    return hashes, rows


def _batch_word_hashes(
    texts: tuple[str, ...], ngram_range: tuple[int, int]
) -> tuple[Hashes, NDArray[np.intp]]:
    """Word n-gram hashes and ``¬word`` unigram hashes of a batch (what :func:`word_hashes` gives
    each text), from the batch's token ids: each word's hash is computed once per process."""
    from nlp.features.tokens import batch_tokens

    batch = batch_tokens(texts)
    table, ids, negated = batch.table, batch.ids, batch.negated
    word_hashes_, word_rows = segment_ngram_hashes(table.unit[ids], batch.lengths, ngram_range)
    negated_lengths = np.bincount(batch.owners[negated], minlength=len(texts)).astype(np.int64)
    negated_hashes, negated_rows = segment_ngram_hashes(
        table.negated_unit[ids[negated]], negated_lengths, (1, 1)
    )
    return np.concatenate([word_hashes_, negated_hashes]), np.concatenate([word_rows, negated_rows])


def _lengths(sequences: Sequence[Sequence[str]]) -> NDArray[np.int64]:
    return np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))


def segment_ngram_hashes(
    units: Hashes, lengths: NDArray[np.int64], ngram_range: tuple[int, int]
) -> tuple[Hashes, NDArray[np.intp]]:
    """:func:`ngram_hashes` of each segment of ``units`` (consecutive segments of ``lengths``) in one
    pass: n-grams crossing a segment boundary are dropped; returns the hashes and their segment."""
    owner = np.repeat(np.arange(len(lengths), dtype=np.intp), lengths)
    ends = np.repeat(np.cumsum(lengths), lengths)  # each unit's segment end (exclusive)
    positions = np.arange(len(units), dtype=np.int64)
    hashes: list[Hashes] = [np.empty(0, dtype=np.uint64)]
    rows: list[NDArray[np.intp]] = [np.empty(0, dtype=np.intp)]
    low, high = ngram_range
    with np.errstate(over="ignore"):
        for n in range(low, high + 1):
            count = len(units) - n + 1
            if count <= 0:
                break
            combined = np.full(count, _SEEDS[n], dtype=np.uint64)
            for offset in range(n):
                combined = (combined * _MULTIPLIER) ^ units[offset : offset + count]
            inside = ends[:count] - positions[:count] >= n
            hashes.append(_mix(combined[inside]))
            rows.append(owner[:count][inside])
    return np.concatenate(hashes), np.concatenate(rows)
