"""Keywords by TF-IDF against a domain IDF table.

The IDF table ``nlp/keywords_idf.tsv.gz`` (built by :mod:`nlp.keywords_build` from news titles and Weibo
posts, the language of our sources; word statistics only) gives each word its inverse document frequency; a word
not in the table is rarer than every word in it and gets the IDF of a word seen in one document. A
candidate is a word of two or more characters with a Chinese character or a letter in it, not a stop word.
A word's weight is its count in the text (title words count ``title_weight`` times) times its IDF, divided
by the number of candidate words. :meth:`KeywordExtractor.weigh_batch` gives the same weights for a
whole batch of token ids (:mod:`nlp.features.tokens`) at once.
"""

from __future__ import annotations

import functools
import gzip
import math
import operator
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_not, mul, truediv
from pathlib import Path
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from nlp.errors import DataMissingError
from nlp.features.tokens import BatchTokens, TokenColumn
from nlp.segmentation import default_stop_words
from nlp.segmentation import words as segment_words

DEFAULT_IDF_PATH = Path(__file__).with_name("keywords_idf.tsv.gz")
DEFAULT_TOP_K = 10
ACCEPT_CACHE_SIZE = 500_000
_HAS_WORD_CHARACTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_NUMBER_LIKE = re.compile(r"^[\d.,%：:\-/年月日号时分万亿]+$")
_V = TypeVar("_V")


def is_candidate(token: str) -> bool:
    """Whether a token can be a keyword: 2+ characters, a Chinese character or a letter, not a number."""
    return len(token) >= 2 and bool(_HAS_WORD_CHARACTER.search(token)) and not _NUMBER_LIKE.match(token)


@dataclass(frozen=True)  # not slotted: ``unseen`` is cached on the instance
class IdfTable:
    """Inverse document frequencies; ``unseen`` is the IDF of a word not in the table."""

    idf: dict[str, float]
    documents: int

    @functools.cached_property
    def unseen(self) -> float:
        return math.log((self.documents + 1) / 2) + 1

    def __getitem__(self, word: str) -> float:
        return self.idf.get(word, self.unseen)

    @classmethod
    def load(cls, path: Path = DEFAULT_IDF_PATH) -> IdfTable:
        """Read a ``word<TAB>idf`` table with a ``# documents=N`` header; raises DataMissingError."""
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                header = handle.readline()
                idf = {
                    word: float(value) for word, value in (line.rstrip("\n").split("\t") for line in handle)
                }
        except (OSError, ValueError) as exc:
            raise DataMissingError(
                f"cannot read the IDF table {path}: {exc}; rebuild it with python -m nlp.keywords_build"
            ) from exc
        if not header.startswith("# documents="):
            raise DataMissingError(f"{path} has no '# documents=N' header; rebuild it")
        return cls(idf, int(header.split("=", 1)[1]))


@functools.cache
def default_idf() -> IdfTable:
    """The shipped IDF table, loaded once per process."""
    return IdfTable.load()


@dataclass(frozen=True, slots=True)
class Keyword:
    word: str
    weight: float


class KeywordExtractor:
    """TF-IDF keywords of a text; ``weights`` gives the whole TF-IDF vector (for similarity)."""

    def __init__(
        self,
        idf: IdfTable | None = None,
        *,
        top_k: int = DEFAULT_TOP_K,
        title_weight: float = 2.0,
        stop_words: frozenset[str] | None = None,
    ) -> None:
        self.idf = idf or default_idf()
        self.top_k = top_k
        self.title_weight = title_weight
        self.stop_words = default_stop_words() if stop_words is None else stop_words
        # every word seen (memo, cleared when full): its IDF if it is a candidate, else None
        self._memo: dict[str, float | None] = {}
        self._idf_true = bool(self.idf.unseen) and all(self.idf.idf.values())  # no IDF is 0.0
        # the same per token of the process-wide token table (NaN: not a candidate), for batches
        self._column = TokenColumn(self._idf_column, np.float64)

    def accepts(self, token: str) -> bool:
        """Whether ``token`` is a keyword candidate and not a stop word (memoised)."""
        memo = self._memo
        if token in memo:
            return memo[token] is not None
        if len(memo) >= ACCEPT_CACHE_SIZE:
            memo.clear()
        return self._classify(token) is not None

    def _classify(self, token: str) -> float | None:
        idf = float(self._idf_column([token])[0])
        self._memo[token] = value = None if math.isnan(idf) else idf
        return value

    def _idf_column(self, tokens: list[str]) -> NDArray[np.float64]:
        """The IDF of each candidate token, NaN for the others (the one definition of a candidate's
        IDF: the memo and the token column both hold what this gives)."""
        stop_words, idf, unseen = self.stop_words, self.idf.idf.get, self.idf.unseen
        nan = math.nan
        return np.fromiter(
            (
                idf(token, unseen) if token not in stop_words and is_candidate(token) else nan
                for token in tokens
            ),
            dtype=np.float64,
            count=len(tokens),
        )

    def weigh_batch(self, batch: BatchTokens, title_counts: Sequence[int], top_k: int) -> BatchWeights:
        """:meth:`weight_pair` of every text of a batch of token ids whose first ``title_counts``
        words are its title's, computed for the whole batch at once: the body weights of each text
        (built when asked for) and its ``top_k`` keywords with the title, heaviest first.

        The figures are those of :meth:`weight_pair` (integer counts and title weights add up
        exactly in any order)."""
        table, ids, lengths = batch.table, batch.ids, batch.lengths
        idf = self._column.of(table)
        starts = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        counts = np.asarray(title_counts, dtype=np.int64)
        in_title = np.arange(len(ids)) < np.repeat(starts[:-1] + counts, lengths)
        accepted = ~np.isnan(idf[ids])
        owners = batch.owners
        body = accepted & ~in_title
        plain = _grouped_tf_idf(idf, len(lengths), [(ids[body], owners[body], 1.0)])
        if not counts.any():
            titled = plain
        else:
            title = accepted & in_title
            parts = [(ids[body], owners[body], 1.0), (ids[title], owners[title], self.title_weight)]
            titled = _grouped_tf_idf(idf, len(lengths), parts)
        return BatchWeights(table.tokens, plain, _top(titled, top_k))

    def weights(self, tokens: Iterable[str], title_tokens: Iterable[str] = ()) -> dict[str, float]:
        """TF-IDF weight of every candidate word of a text (title words counted ``title_weight`` times)."""
        return self.weight_pair(tokens, title_tokens)[1]

    def weight_pair(
        self, tokens: Iterable[str], title_tokens: Iterable[str] = ()
    ) -> tuple[dict[str, float], dict[str, float]]:
        """``(weights(tokens), weights(tokens, title_tokens))``, counted once (the same dict twice
        without title tokens)."""
        distinct = Counter(tokens)  # count first (in C), then look each distinct word up once
        title = title_tokens if isinstance(title_tokens, tuple | list) else list(title_tokens)
        memo = self._memo
        try:
            idfs = _lookup(memo, distinct)  # in C; a word never seen raises
        except KeyError:
            self._classify_new(distinct, title)
            idfs = _lookup(memo, distinct)
        # a true value for the candidates (their IDF, when no IDF is 0.0), a false one for the others
        accepted = idfs if self._idf_true else list(map(is_not, idfs, repeat(None)))
        counts: list[float] = list(compress(distinct.values(), accepted))
        plain = _tf_idf(compress(distinct, accepted), counts, compress(idfs, accepted))
        if not title:
            return plain, plain
        if not all(map(memo.__contains__, title)):
            self._classify_new(distinct, title)
        titled = dict(zip(compress(distinct, accepted), counts, strict=True))
        for token in title:
            if memo[token] is not None:
                titled[token] = titled.get(token, 0.0) + self.title_weight
        return plain, _tf_idf(titled, list(titled.values()), _lookup(memo, titled))

    def _classify_new(self, distinct: dict[str, int], title: Sequence[str]) -> None:
        """Classify (and memoise) the words not seen before; the memo is cleared when full."""
        unknown = set(distinct).union(title).difference(self._memo)  # a dict: looked up, not copied
        if len(self._memo) + len(unknown) >= ACCEPT_CACHE_SIZE:
            self._memo.clear()
            unknown = set(distinct).union(title)
        self._classify_all(unknown)

    def _classify_all(self, tokens: Collection[str]) -> None:
        """:meth:`_classify` of many tokens at once (a new text brings tens of new words)."""
        listed = list(tokens)
        idfs = self._idf_column(listed).tolist()
        isnan = math.isnan
        self._memo.update(zip(listed, [None if isnan(idf) else idf for idf in idfs], strict=True))

    def extract(
        self,
        text: str,
        *,
        title: str = "",
        words: Sequence[str] | None = None,
        top_k: int | None = None,
    ) -> list[Keyword]:
        """The ``top_k`` heaviest words, heaviest first (ties: first occurrence)."""
        tokens = list(words) if words is not None else segment_words(text)
        weights = self.weights(tokens, segment_words(title) if title else ())
        ranked = sorted(weights.items(), key=lambda item: -item[1])  # stable: text order on ties
        return [Keyword(word, weight) for word, weight in ranked[: top_k or self.top_k]]


@dataclass(frozen=True)
class _Grouped:
    """Per text, its distinct words' token ids and weights, texts one after another, each text's
    words in order of first occurrence; text ``i``'s are ``bounds[i]:bounds[i + 1]``."""

    ids: NDArray[np.intp]
    weights: NDArray[np.float64]
    owners: NDArray[np.intp]
    bounds: list[int]


def _grouped_tf_idf(
    idf: NDArray[np.float64], texts: int, parts: list[tuple[NDArray[np.intp], NDArray[np.intp], float]]
) -> _Grouped:
    """TF-IDF of the candidate tokens ``parts`` (ids, their texts, the count each occurrence adds),
    the first part's occurrences counted before the second's (the body before the title)."""
    ids = np.concatenate([part[0] for part in parts])
    owners = np.concatenate([part[1] for part in parts])
    added = np.concatenate([np.full(len(part[0]), part[2], dtype=np.float64) for part in parts])
    width = int(ids.max()) + 1 if len(ids) else 1
    keys, first, inverse = np.unique(
        owners.astype(np.int64) * width + ids, return_index=True, return_inverse=True
    )
    counts = np.bincount(inverse, weights=added, minlength=len(keys))  # exact: integer-valued sums
    word_owners = (keys // width).astype(np.intp)
    order = np.lexsort((first, word_owners))  # per text, first occurrence first
    word_ids, counts, word_owners = (keys % width)[order].astype(np.intp), counts[order], word_owners[order]
    totals = np.bincount(word_owners, weights=counts, minlength=texts)
    weights = counts / totals[word_owners] * idf[word_ids]
    bounds = np.searchsorted(word_owners, np.arange(texts + 1)).tolist()
    return _Grouped(word_ids, weights, word_owners, bounds)


def _top(grouped: _Grouped, top_k: int) -> list[list[int]]:
    """The token ids of each text's ``top_k`` heaviest words (ties: first occurrence first)."""
    position = np.arange(len(grouped.ids))
    order = np.lexsort((position, -grouped.weights, grouped.owners))
    starts = np.asarray(grouped.bounds[:-1], dtype=np.int64)
    rank = position - np.repeat(starts, np.diff(grouped.bounds))
    chosen = order[rank < top_k]
    ids = grouped.ids[chosen].tolist()
    ends = np.minimum(np.diff(grouped.bounds), top_k).cumsum().tolist()
    begins = [0, *ends][: len(ends)]
    return [ids[begin:end] for begin, end in zip(begins, ends, strict=True)]


class BatchWeights:
    """:meth:`KeywordExtractor.weigh_batch`'s answer: per text, its keywords and its body's weights."""

    def __init__(self, tokens: list[str], plain: _Grouped, top: list[list[int]]) -> None:
        self._tokens = tokens
        self._plain = plain
        self._top = top

    def keywords(self, index: int) -> list[str]:
        """The heaviest words of text ``index`` (title words weighted), heaviest first."""
        return list(map(self._tokens.__getitem__, self._top[index]))

    def body_weights(self, index: int) -> dict[str, float]:
        """:meth:`KeywordExtractor.weights` of text ``index``'s body words."""
        begin, end = self._plain.bounds[index], self._plain.bounds[index + 1]
        words = map(self._tokens.__getitem__, self._plain.ids[begin:end].tolist())
        return dict(zip(words, self._plain.weights[begin:end].tolist(), strict=True))


def _tf_idf(words: Iterable[str], counts: list[float], idfs: Iterable[float | None]) -> dict[str, float]:
    """``count / total * idf`` of each word (``counts`` and ``idfs`` theirs, in order): the
    operations of the plain expression, in C."""
    total = sum(counts) or 1.0
    return dict(zip(words, map(mul, map(truediv, counts, repeat(total)), idfs), strict=True))


def _lookup(memo: dict[str, _V], keys: Collection[str]) -> Sequence[_V]:
    """``memo[key]`` for each key, in order (one C call); KeyError for a key not in ``memo``."""
    if len(keys) > 1:
        values: tuple[_V, ...] = operator.itemgetter(*keys)(memo)
        return values
    return [memo[key] for key in keys]


@functools.cache
def default_keyword_extractor() -> KeywordExtractor:
    return KeywordExtractor()


def extract_keywords(text: str, *, title: str = "", top_k: int = DEFAULT_TOP_K) -> list[str]:
    """The ``top_k`` keywords of ``text`` with the shipped IDF table."""
    return [keyword.word for keyword in default_keyword_extractor().extract(text, title=title, top_k=top_k)]
