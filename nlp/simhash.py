"""64-bit SimHash fingerprints of texts, over weighted word shingles.

Each feature (a run of ``shingle`` consecutive words) is hashed to 64 bits: every word by BLAKE2b (stable
across processes and machines, unlike ``hash``: :func:`nlp.features.tokens.stable_hash`, a column of the
process-wide token table), the run by folding its words' hashes with SplitMix64's mixer. Every bit of the
fingerprint is the sign of the weighted sum of that bit over all runs (+w for 1, -w for 0); a run that
occurs twice votes twice. Weights are 1, or the mean of an optional per-word weight (e.g. IDF) over the
run's words. Near-identical texts get fingerprints a few bits apart; :mod:`nlp.dedup` indexes them.
Fingerprints are unsigned: ``0 <= fingerprint < 2**64``.

Why word pairs: on the 1,877 distinct texts of 150+ characters in env_demo_candidates.jsonl, single words
put 156 texts within 3 bits of an earlier, unrelated one; word pairs put 51 there, nearly all the same
post with half- and full-width punctuation. A one-word edit stays within 3 bits in 66 % of those texts
(90 % with single words); cutting the last tenth, in 11 %. So ``duplicate_of`` means a copy (a repost,
a syndicated article), not a rewrite: rewrites of a story are grouped by :mod:`nlp.events`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from nlp.features.tokens import BatchTokens, TokenTable, has_content, token_ids
from nlp.segmentation import words as segment_words

BITS = 64
DEFAULT_SHINGLE = 2
_COMBINE = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
# bit counting in 16-bit lanes: bit 16 * j + k of a hash is lane j of ``(hash >> k) & _LANES``
_LANES = np.uint64(0x0001_0001_0001_0001)
_LANE_SHIFTS = np.arange(16, dtype=np.uint64)[:, None]
_LANE_OFFSETS = np.arange(0, 64, 16, dtype=np.uint64)
_LANE_LIMIT = 2**16  # a text with this many runs would overflow a lane: counted the plain way


def token_hash(token: str) -> int | None:
    """The hash of a token's lower-cased form, or ``None`` for punctuation and spaces; memoised."""
    table, ids = token_ids([[token]], 1)
    return int(table.stable[ids[0]]) if table.content[ids[0]] else None


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
    return [token.lower() for token in tokens if has_content(token)]


def shingle_hashes(tokens: Sequence[str], size: int = DEFAULT_SHINGLE) -> np.ndarray:
    """The 64-bit hash of every run of ``size`` consecutive content tokens (one run for a shorter text)."""
    return combine_runs(_word_hashes(tokens), size)


def _word_hashes(tokens: Sequence[str]) -> np.ndarray:
    """The memoised hashes of the content tokens, in order."""
    table, ids = token_ids([tokens], len(tokens))
    words: np.ndarray = table.stable[ids[table.content[ids]]]
    return words


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
    sizes = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    table, ids = token_ids(texts, int(sizes.sum()))
    return _fingerprints(table, ids, sizes, shingle)


def simhash_batch(batch: BatchTokens, *, shingle: int = DEFAULT_SHINGLE) -> list[int]:
    """:func:`simhash_many` of a batch's words, from their token ids (no look-up)."""
    return _fingerprints(batch.table, batch.ids, batch.lengths, shingle)


def _fingerprints(table: TokenTable, ids: np.ndarray, sizes: np.ndarray, shingle: int) -> list[int]:
    """The unweighted SimHash of consecutive texts of ``sizes`` tokens (``ids`` into ``table``)."""
    content = table.content[ids]
    flat = table.stable[ids[content]]
    if not len(flat):
        return [0] * len(sizes)
    counted = np.zeros(len(ids) + 1, dtype=np.intp)
    np.cumsum(content, out=counted[1:])
    ends = np.cumsum(sizes)
    starts = counted[ends - sizes]  # where each text's words begin in ``flat``
    lengths = counted[ends] - starts  # content words per text
    runs = np.where(lengths > 0, np.maximum(lengths - shingle + 1, 1), 0)
    run_starts = np.cumsum(runs) - runs  # where each text's runs begin
    first = np.arange(run_starts[-1] + runs[-1]) + np.repeat(starts - run_starts, runs)  # each run's 1st word
    hashes = flat[first]
    short = (lengths > 0) & (lengths < shingle)  # one run of fewer words
    width = np.repeat(np.minimum(lengths, shingle), runs) if short.any() else None  # words per run
    for offset in range(1, shingle):
        if width is None:
            hashes = _mix(hashes * _COMBINE + flat[first + offset])
        else:
            longer = width > offset
            following = flat[np.where(longer, first + offset, first)]
            hashes = np.where(longer, _mix(hashes * _COMBINE + following), hashes)
    hashes = _mix(hashes)
    present = runs > 0
    ones = _bit_counts(hashes, run_starts[present], int(runs.max()))
    packed = np.packbits(2 * ones > runs[present][:, None], axis=1, bitorder="little")  # more ones than zeros
    fingerprints = np.zeros(len(sizes), dtype=np.uint64)
    fingerprints[present] = packed.view("<u8")[:, 0]
    result: list[int] = fingerprints.tolist()
    return result


def _bit_counts(hashes: np.ndarray, starts: np.ndarray, longest: int) -> np.ndarray:
    """How many of the hashes from each start to the next (the last: to the end) have each bit set."""
    if longest >= _LANE_LIMIT:
        bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
        counts: np.ndarray = np.add.reduceat(bits, starts, axis=0, dtype=np.int64)
        return counts
    # lane k holds bits k, 16 + k, 32 + k and 48 + k of every hash in 16-bit lanes, summed per text
    sums = np.add.reduceat((hashes >> _LANE_SHIFTS) & _LANES, starts, axis=1)
    lanes = (sums[:, :, None] >> _LANE_OFFSETS) & np.uint64(0xFFFF)  # [k, text, j]: bit 16 * j + k
    return lanes.transpose(1, 2, 0).reshape(len(starts), BITS).astype(np.int64)


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
