"""Keywords by TF-IDF against a domain IDF table.

The IDF table ``nlp/keywords_idf.tsv.gz`` (built by :mod:`nlp.keywords_build` from news titles and Weibo
posts, the language of our sources; word statistics only) gives each word its inverse document frequency; a word
not in the table is rarer than every word in it and gets the IDF of a word seen in one document. A
candidate is a word of two or more characters with a Chinese character or a letter in it, not a stop word.
A word's weight is its count in the text (title words count ``title_weight`` times) times its IDF, divided
by the number of candidate words.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import DataMissingError
from nlp.segmentation import default_stop_words
from nlp.segmentation import words as segment_words

DEFAULT_IDF_PATH = Path(__file__).with_name("keywords_idf.tsv.gz")
DEFAULT_TOP_K = 10
ACCEPT_CACHE_SIZE = 500_000
_HAS_WORD_CHARACTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_NUMBER_LIKE = re.compile(r"^[\d.,%：:\-/年月日号时分万亿]+$")


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
        self._accepted: dict[str, bool] = {}
        self._idf_of: dict[str, float] = {}  # the IDF of every accepted word seen (memo)

    def accepts(self, token: str) -> bool:
        """Whether ``token`` is a keyword candidate and not a stop word (memoised)."""
        accepted = self._accepted.get(token)
        if accepted is None:
            if len(self._accepted) >= ACCEPT_CACHE_SIZE:
                self._accepted.clear()
                self._idf_of.clear()
            accepted = self._classify(token)
        return accepted

    def _classify(self, token: str) -> bool:
        accepted = is_candidate(token) and token not in self.stop_words
        self._accepted[token] = accepted
        if accepted:
            self._idf_of[token] = self.idf.idf.get(token, self.idf.unseen)
        return accepted

    def weights(self, tokens: Iterable[str], title_tokens: Iterable[str] = ()) -> dict[str, float]:
        """TF-IDF weight of every candidate word of a text (title words counted ``title_weight`` times)."""
        return self.weight_pair(tokens, title_tokens)[1]

    def weight_pair(
        self, tokens: Iterable[str], title_tokens: Iterable[str] = ()
    ) -> tuple[dict[str, float], dict[str, float]]:
        """``(weights(tokens), weights(tokens, title_tokens))``, counted once (the same dict twice
        without title tokens)."""
        distinct = Counter(tokens)  # count first (in C), then test each new distinct word once
        title = title_tokens if isinstance(title_tokens, tuple | list) else list(title_tokens)
        unknown = set(distinct).union(title).difference(self._accepted)  # a dict: looked up, not copied
        if unknown:
            if len(self._accepted) + len(unknown) >= ACCEPT_CACHE_SIZE:
                self._accepted.clear()
                self._idf_of.clear()
                unknown = set(distinct).union(title)
            for token in unknown:
                self._classify(token)
        idf_of = self._idf_of
        counts: dict[str, float] = {word: n for word, n in distinct.items() if word in idf_of}
        plain = self._tf_idf(counts)
        if not title:
            return plain, plain
        for token in title:
            if token in idf_of:
                counts[token] = counts.get(token, 0.0) + self.title_weight
        return plain, self._tf_idf(counts)

    def _tf_idf(self, counts: dict[str, float]) -> dict[str, float]:
        idf_of = self._idf_of
        total = sum(counts.values()) or 1.0
        return {word: count / total * idf_of[word] for word, count in counts.items()}

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


@functools.cache
def default_keyword_extractor() -> KeywordExtractor:
    return KeywordExtractor()


def extract_keywords(text: str, *, title: str = "", top_k: int = DEFAULT_TOP_K) -> list[str]:
    """The ``top_k`` keywords of ``text`` with the shipped IDF table."""
    return [keyword.word for keyword in default_keyword_extractor().extract(text, title=title, top_k=top_k)]
