"""Chinese word segmentation: jieba-compatible, rjieba by default for speed, one user dictionary.

``index_tokens`` is the tokenizer the app hands to the indexer: search-mode segmentation (jieba's
``cut_for_search``: the sub-words of a long word come right before it, so a query for 环保 also finds
环保局), tokens in text order, whitespace dropped. ``words`` is precise-mode segmentation for the
analysis steps. Both use the process-wide default :class:`Segmenter`, which loads the shipped
environmental user dictionary (``config/dictionaries/env_user_dict.txt``) once, lazily, under a lock;
``set_default_segmenter(Segmenter.from_settings(settings))`` installs the configured one.

rjieba has no ``load_userdict``: words are added one by one with ``add_word`` (the same call jieba's
``load_userdict`` makes per line), so both backends see the same dictionary. bench/nlp_segmentation.py
measures speed and token agreement of the backends on our text.
"""

from __future__ import annotations

import functools
import logging
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, filterfalse
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import rjieba

from config import SHIPPED_DIR

if TYPE_CHECKING:
    from config import Settings

logger = logging.getLogger(__name__)

Backend = Literal["rjieba", "jieba"]
DICTIONARY_DIR = SHIPPED_DIR / "dictionaries"
SHIPPED_USER_DICTIONARY = DICTIONARY_DIR / "env_user_dict.txt"
SHIPPED_STOP_WORDS = DICTIONARY_DIR / "stop_words.txt"


class _Engine(Protocol):
    def cut(self, text: str, hmm: bool = True) -> list[str]: ...
    def cut_for_search(self, text: str, hmm: bool = True) -> list[str]: ...
    def add_word(self, word: str, freq: int | None, tag: str | None) -> object: ...
    def has_word(self, word: str) -> bool: ...


class _JiebaEngine:
    """jieba's ``Tokenizer`` behind rjieba's method names."""

    def __init__(self) -> None:
        import jieba

        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        return list(self._tokenizer.lcut(text, HMM=hmm))

    def cut_for_search(self, text: str, hmm: bool = True) -> list[str]:
        return list(self._tokenizer.lcut_for_search(text, HMM=hmm))

    def add_word(self, word: str, freq: int | None, tag: str | None) -> object:
        self._tokenizer.add_word(word, freq, tag)
        return None

    def has_word(self, word: str) -> bool:
        return bool(self._tokenizer.FREQ.get(word))


def read_user_dictionary(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba user dictionary: ``word [freq] [tag]`` per line, ``#`` comments allowed."""
    entries: list[tuple[str, int | None, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((parts[0], freq, tag))
    return entries


def read_stop_words(paths: Iterable[Path]) -> frozenset[str]:
    """The union of stop-word files (one word per line)."""
    words: set[str] = set()
    for path in paths:
        words.update(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())
    return frozenset(words)


@functools.cache
def default_stop_words() -> frozenset[str]:
    """The shipped stop words (envtext, see config/dictionaries/README.md)."""
    return read_stop_words([SHIPPED_STOP_WORDS])


class Segmenter:
    """A jieba-compatible segmenter whose dictionaries load once, on first use, thread-safely."""

    def __init__(
        self,
        *,
        backend: Backend = "rjieba",
        dictionaries: Sequence[Path] = (SHIPPED_USER_DICTIONARY,),
        words: Sequence[str] = (),
    ) -> None:
        self.backend = backend
        self.dictionaries = tuple(dictionaries)
        self.words_to_add = tuple(words)
        self._engine: _Engine | None = None
        self._lock = threading.Lock()
        self._expansions = _Expansions(self._loaded)

    @classmethod
    def from_settings(cls, settings: Settings) -> Segmenter:
        """The configured backend with the shipped and user dictionaries and the topic keywords."""
        nlp = settings.nlp
        dictionaries = [SHIPPED_USER_DICTIONARY] if nlp.shipped_dictionary else []
        if nlp.user_dictionary is not None:
            dictionaries.append(settings.resolve_path(nlp.user_dictionary))
        topic_words = [kw for topic in settings.topics.topics for kw in topic.keywords]
        return cls(backend=nlp.segmenter, dictionaries=dictionaries, words=topic_words)

    def words(self, text: str) -> list[str]:
        """Precise-mode words of ``text`` in order, whitespace dropped."""
        return list(filterfalse(str.isspace, self._loaded().cut(text, True)))

    def search_tokens(self, text: str) -> list[str]:
        """Search-mode tokens of ``text`` (sub-words before their word), whitespace dropped."""
        return [t for t in self._loaded().cut_for_search(text, True) if not t.isspace()]

    def index_tokens(self, text: str) -> list[str]:
        """Every dictionary sub-word (any length ≥ 2) of each precise word, shorter and earlier first,
        then the word: jieba's search mode generalised beyond 2- and 3-character sub-words, so that
        黑臭水体 is found inside 消除黑臭水体 and 低碳 inside 绿色低碳."""
        # one dict look-up per precise word (C-level map/chain): this runs on every indexed text
        return list(chain.from_iterable(map(self._expansions.__getitem__, self.index_words(text))))

    def index_words(self, text: str) -> list[str]:
        """The precise-mode pieces ``index_tokens`` expands, whitespace runs included."""
        return self._loaded().cut(text, True)

    def expand(self, word: str) -> tuple[str, ...]:
        """The index tokens of one of ``index_words``: its dictionary sub-words, then itself
        (nothing for a short run of whitespace); cached."""
        return self._expansions[word]

    def _loaded(self) -> _Engine:
        engine = self._engine
        if engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = self._build_engine()
                engine = self._engine
        return engine

    def _build_engine(self) -> _Engine:
        engine: _Engine = rjieba.Jieba() if self.backend == "rjieba" else _JiebaEngine()
        count = 0
        for path in self.dictionaries:
            for word, freq, tag in read_user_dictionary(path):
                engine.add_word(word, freq, tag)
                count += 1
        for word in self.words_to_add:
            if word.strip():
                engine.add_word(word.strip(), None, None)
                count += 1
        logger.info("%s segmenter ready with %d user words", self.backend, count)
        return engine


_EXPANSION_CACHE_SIZE = 300_000


class _Expansions(dict[str, tuple[str, ...]]):
    """Precise word → its index tokens (sub-words, then the word; nothing for short whitespace),
    computed on a miss and kept for the first ``_EXPANSION_CACHE_SIZE`` distinct words."""

    def __init__(self, engine: Callable[[], _Engine]) -> None:
        super().__init__()
        self._engine = engine

    def __missing__(self, word: str) -> tuple[str, ...]:
        if len(word) <= 2:
            expanded: tuple[str, ...] = () if word.isspace() else (word,)
        else:
            expanded = (*_dictionary_subwords(self._engine(), word), word)
        if len(self) < _EXPANSION_CACHE_SIZE:
            self[word] = expanded
        return expanded


def _dictionary_subwords(engine: _Engine, word: str) -> list[str]:
    """Dictionary words strictly inside ``word``, by length then position."""
    return [
        word[start : start + size]
        for size in range(2, len(word))
        for start in range(len(word) - size + 1)
        if engine.has_word(word[start : start + size])
    ]


class _DefaultSegmenter:
    """The process-wide segmenter slot: created on first use, replaceable, guarded by a lock."""

    def __init__(self) -> None:
        self._segmenter: Segmenter | None = None
        self._lock = threading.Lock()

    def get(self) -> Segmenter:
        segmenter = self._segmenter
        if segmenter is None:
            with self._lock:
                if self._segmenter is None:
                    self._segmenter = Segmenter()
                segmenter = self._segmenter
        return segmenter

    def set(self, segmenter: Segmenter) -> None:
        with self._lock:
            self._segmenter = segmenter


_DEFAULT = _DefaultSegmenter()


def default_segmenter() -> Segmenter:
    """The process-wide segmenter (the shipped dictionary unless another was installed)."""
    return _DEFAULT.get()


def set_default_segmenter(segmenter: Segmenter) -> None:
    """Install ``segmenter`` (e.g. ``Segmenter.from_settings(settings)``) for the module functions."""
    _DEFAULT.set(segmenter)
    cached_words.cache_clear()


def index_tokens(text: str) -> list[str]:
    """The indexer's tokenizer: ``Segmenter.index_tokens`` (every dictionary sub-word, then the word)."""
    return default_segmenter().index_tokens(text)


def words(text: str) -> list[str]:
    """Precise-mode words of ``text``."""
    return default_segmenter().words(text)


@functools.lru_cache(maxsize=512)
def cached_words(text: str) -> tuple[str, ...]:
    """``words(text)`` memoised, so the steps analysing one document segment it once.

    The words are interned: every occurrence of a word is then one string object, so the many
    per-word memo look-ups of the analysis compare pointers and stay in the CPU cache."""
    return tuple(map(sys.intern, default_segmenter().words(text)))


def token_spans(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of consecutive precise-mode ``tokens``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for token in tokens:
        spans.append((start, start + len(token)))
        start += len(token)
    return spans


def token_agreement(reference: Sequence[str], candidate: Sequence[str]) -> float:
    """Share of identical tokens (same text at the same place) in two segmentations of one text (F1)."""
    ref, cand = set(token_spans(reference)), set(token_spans(candidate))
    if not ref and not cand:
        return 1.0
    return 2 * len(ref & cand) / (len(ref) + len(cand))
