"""64-bit SimHash fingerprints of texts, over weighted word shingles.

Each feature (a run of ``shingle`` consecutive words) is hashed to 64 bits: every word by BLAKE2b (stable
across processes and machines, unlike ``hash``; memoised), the run by folding its words' hashes with
SplitMix64's mixer. Every bit of the fingerprint is the sign of the weighted sum of that bit over all runs
(+w for 1, -w for 0); a run that occurs twice votes twice. Weights are 1, or the mean of an optional
per-word weight (e.g. IDF) over the run's words. Near-identical texts get fingerprints a few bits apart;
:mod:`nlp.dedup` indexes them. Fingerprints are unsigned: ``0 <= fingerprint < 2**64``.

Why word pairs: on the 1,877 distinct texts of 150+ characters in env_demo_candidates.jsonl, single words
put 156 texts within 3 bits of an earlier, unrelated one; word pairs put 51 there, nearly all the same
post with half- and full-width punctuation. A one-word edit stays within 3 bits in 66 % of those texts
(90 % with single words); cutting the last tenth, in 11 %. So ``duplicate_of`` means a copy (a repost,
a syndicated article), not a rewrite: rewrites of a story are grouped by :mod:`nlp.events`.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import chain

import numpy as np

from nlp.segmentation import words as segment_words

BITS = 64
DEFAULT_SHINGLE = 2
WORD_CACHE_SIZE = 500_000
_TOKEN_HASHES: dict[str, int | None] = {}
_COMBINE = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
# tokens made only of punctuation, symbols or spaces carry no content
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_IS_HASH = functools.partial(operator.is_not, None)


def feature_hash(word: str) -> int:
    """The stable 64-bit hash of one word (BLAKE2b of its UTF-8)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def token_hash(token: str) -> int | None:
    """The hash of a token's lower-cased form, or ``None`` for punctuation and spaces; memoised."""
    if token in _TOKEN_HASHES:
        return _TOKEN_HASHES[token]
    if len(_TOKEN_HASHES) >= WORD_CACHE_SIZE:
        _TOKEN_HASHES.clear()
    value = feature_hash(token.lower()) if _CONTENT.search(token) else None
    _TOKEN_HASHES[token] = value
    return value


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser on an array of uint64 (wrapping arithmetic)."""
    values = values ^ (values >> np.uint64(30))
    values = values * _MIX_1
    values = values ^ (values >> np.uint64(27))
    values = values * _MIX_2
    mixed: np.ndarray = values ^ (values >> np.uint64(31))
    return mixed


def content_tokens(tokens: Sequence[str]) -> list[str]:
    """``tokens`` without punctuation and whitespace, lower-cased."""
    return [token.lower() for token in tokens if _CONTENT.search(token)]


def shingle_hashes(tokens: Sequence[str], size: int = DEFAULT_SHINGLE) -> np.ndarray:
    """The 64-bit hash of every run of ``size`` consecutive content tokens (one run for a shorter text)."""
    return combine_runs(_word_hashes(tokens), size)


def _word_hashes(tokens: Sequence[str]) -> np.ndarray:
    """The memoised hashes of the content tokens, in order."""
    cache = _TOKEN_HASHES
    missing = set(tokens).difference(cache)
    if missing:
        if len(cache) + len(missing) >= WORD_CACHE_SIZE:
            cache.clear()
            missing = set(tokens)
        for token in missing:
            cache[token] = feature_hash(token.lower()) if _CONTENT.search(token) else None
    return np.fromiter(filter(_IS_HASH, map(cache.__getitem__, tokens)), dtype=np.uint64)


def combine_runs(words: np.ndarray, size: int) -> np.ndarray:
    runs = max(len(words) - size + 1, 1)
    hashes = words[:runs].copy()
    for offset in range(1, min(size, len(words))):
        hashes = _mix(hashes * _COMBINE + words[offset : offset + runs])
    return _mix(hashes)


def simhash(
    tokens: Sequence[str],
    *,
    shingle: int = DEFAULT_SHINGLE,
    word_weights: Mapping[str, float] | None = None,
) -> int:
    """The SimHash of a token sequence (punctuation dropped); 0 for a text without content."""
    hashes = shingle_hashes(tokens, shingle)
    if not len(hashes):
        return 0
    if word_weights is None:
        score = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little").sum(axis=0)
        votes = 2.0 * score - len(hashes)  # ones minus zeros, per bit
    else:
        weights = _run_weights(content_tokens(tokens), shingle, word_weights, len(hashes))
        bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
        votes = weights @ (2.0 * bits - 1.0)
    fingerprint_bits = np.packbits(votes > 0, bitorder="little")
    return int.from_bytes(fingerprint_bits.tobytes(), "little")


def simhash_many(texts: Sequence[Sequence[str]], *, shingle: int = DEFAULT_SHINGLE) -> list[int]:
    """:func:`simhash` (unweighted) of each token sequence, computed for all of them at once."""
    tokens = list(chain.from_iterable(texts))
    cache = _TOKEN_HASHES
    missing = set(tokens).difference(cache)
    if len(cache) + len(missing) >= WORD_CACHE_SIZE:
        return [simhash(text, shingle=shingle) for text in texts]  # the memo will be cleared on the way
    for token in missing:
        cache[token] = feature_hash(token.lower()) if _CONTENT.search(token) else None
    found = list(map(cache.__getitem__, tokens))  # a hash or None (no content), for every token
    content = np.fromiter(map(_IS_HASH, found), dtype=bool, count=len(found))
    flat = np.fromiter(filter(_IS_HASH, found), dtype=np.uint64)
    if not len(flat):
        return [0] * len(texts)
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    counted = np.zeros(len(tokens) + 1, dtype=np.int64)
    np.cumsum(content, out=counted[1:])
    ends = np.cumsum(sizes)
    lengths = counted[ends] - counted[ends - sizes]  # content words per text
    starts = counted[ends - sizes]  # where each text's words begin in ``flat``
    runs = np.where(lengths > 0, np.maximum(lengths - shingle + 1, 1), 0)
    first = np.repeat(starts, runs) + (np.arange(runs.sum()) - np.repeat(np.cumsum(runs) - runs, runs))
    width = np.repeat(np.minimum(lengths, shingle), runs)  # words per run: fewer in a short text
    hashes = flat[first]
    for offset in range(1, shingle):
        longer = width > offset
        following = flat[np.where(longer, first + offset, first)]
        hashes = np.where(longer, _mix(hashes * _COMBINE + following), hashes)
    hashes = _mix(hashes)
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    present = runs > 0
    ones = np.add.reduceat(bits, (np.cumsum(runs) - runs)[present], axis=0, dtype=np.int64)
    votes = 2 * ones - runs[present][:, None]  # ones minus zeros, per bit
    packed = np.packbits(votes > 0, axis=1, bitorder="little")
    fingerprints = iter(int.from_bytes(row.tobytes(), "little") for row in packed)
    return [next(fingerprints) if has else 0 for has in present]


def _run_weights(
    tokens: list[str], size: int, word_weights: Mapping[str, float] | None, runs: int
) -> np.ndarray:
    """Each run's weight: 1, or the mean of its words' weights."""
    if word_weights is None:
        return np.ones(runs)
    per_word = np.array([word_weights.get(token, 1.0) for token in tokens])
    width = min(size, len(tokens))
    sums = np.convolve(per_word, np.ones(width), mode="valid")[:runs]
    return np.asarray(sums / width, dtype=np.float64)


def text_simhash(
    text: str,
    *,
    shingle: int = DEFAULT_SHINGLE,
    tokenize: Callable[[str], Sequence[str]] = segment_words,
) -> int:
    """The SimHash of ``text`` segmented into words (see :func:`simhash`)."""
    return simhash(tokenize(text), shingle=shingle)


def hamming(left: int, right: int) -> int:
    """The number of bits in which two fingerprints differ."""
    return (left ^ right).bit_count()
