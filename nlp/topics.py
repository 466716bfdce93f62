"""Multi-label environmental sub-topics from the taxonomy's keyword dictionaries (config/topics.yaml).

A topic *hits* a word of the segmented text when one of its keywords is that word or lies inside it
(督察 inside 环保督察组). Hits are counted per word, not per keyword, so one word counts once per topic;
a hit in the title counts ``title_weight`` times. A topic is assigned when its weighted hits reach
``min_hits`` — or, for an item the relevance model calls not environmental, ``min_hits_off_topic`` (an
off-topic item needs more evidence: 辐射带动 in an economy story is not 核与辐射). Topics come out
heaviest first, ties in taxonomy order.

Hits on words (not substrings of the raw text) keep keywords from matching across word boundaries
(黄河 is not in 大黄/河道). The segmenter should know the keywords as words: ``Segmenter.from_settings``
adds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from nlp.features.tokens import BatchTokens, TokenColumn, token_ids

if TYPE_CHECKING:
    from config import Settings

_SEQUENCES = (tuple, list)


@dataclass(frozen=True)
class TopicRules:
    """The thresholds of :class:`TopicMatcher` (``nlp.topics`` in nlp.yaml)."""

    min_hits: int = 1
    title_weight: int = 2
    min_hits_off_topic: int = 2


@dataclass(frozen=True)
class TopicMatch:
    """The assigned topic ids, heaviest first, and the keywords that hit each one."""

    topics: list[str]
    hits: dict[str, list[str]] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)


class TopicMatcher:
    """Assigns taxonomy topics by dictionary hits on segmented title and text."""

    def __init__(self, keywords: Mapping[str, Sequence[str]], *, rules: TopicRules | None = None) -> None:
        self.keywords = {topic: tuple(k.strip() for k in kws if k.strip()) for topic, kws in keywords.items()}
        self.rules = rules or TopicRules()
        self._order = {topic: i for i, topic in enumerate(self.keywords)}
        self._lengths = sorted({len(k) for kws in self.keywords.values() for k in kws})
        # lower-cased keyword → (topic, keyword as configured) for each topic listing it
        self._by_keyword: dict[str, list[tuple[str, str]]] = {}
        for topic, kws in self.keywords.items():
            for keyword in kws:
                self._by_keyword.setdefault(keyword.lower(), []).append((topic, keyword))
        # each token's hits as a code into ``_hit_sets`` (0: none), a column of the process-wide token table
        self._hit_sets: list[tuple[tuple[str, str], ...]] = [()]
        self._hit_codes: dict[tuple[tuple[str, str], ...], int] = {(): 0}
        self._column = TokenColumn(self._codes_of, np.int32)
        # a word containing none of these characters contains no keyword (most words)
        self._keyword_characters = frozenset("".join(self._by_keyword))

    @classmethod
    def from_settings(cls, settings: Settings) -> TopicMatcher:
        rules = settings.nlp.topics
        return cls(
            {topic.id: topic.keywords for topic in settings.topics.topics},
            rules=TopicRules(rules.min_hits, rules.title_weight, rules.min_hits_off_topic),
        )

    def match(
        self, words: Iterable[str], title_words: Iterable[str] = (), *, relevant: bool | None = None
    ) -> TopicMatch:
        """The topics of a text given its words and its title's words.

        ``relevant`` is the relevance model's verdict; ``False`` raises the bar to ``min_hits_off_topic``,
        ``None`` (no relevance model) keeps ``min_hits``.
        """
        body = words if isinstance(words, _SEQUENCES) else list(words)
        title = title_words if isinstance(title_words, _SEQUENCES) else list(title_words)
        table, ids = token_ids([body, title], len(body) + len(title))
        codes = self._column.of(table)[ids].tolist()
        sets = self._hit_sets
        body_found = [sets[code] for code in codes[: len(body)] if code]
        title_found = [sets[code] for code in codes[len(body) :] if code]
        return self._assign(body_found, title_found, relevant)

    def match_batch(
        self, batch: BatchTokens, title_counts: Sequence[int], relevant: Sequence[bool | None]
    ) -> list[TopicMatch]:
        """:meth:`match` of each text of a batch of token ids whose first ``title_counts`` words are
        its title's, with the relevance verdict of each."""
        codes = self._column.of(batch.table)[batch.ids]
        positions = np.flatnonzero(codes)  # the tokens hitting a topic (few)
        starts = np.zeros(len(batch.lengths) + 1, dtype=np.int64)
        np.cumsum(batch.lengths, out=starts[1:])
        titles = starts[:-1] + np.asarray(title_counts, dtype=np.int64)
        bounds = np.searchsorted(positions, starts).tolist()
        title_ends = np.searchsorted(positions, titles).tolist()
        found = [self._hit_sets[code] for code in codes[positions].tolist()]
        return [
            self._assign(found[end:following], found[begin:end], verdict)
            for begin, end, following, verdict in zip(
                bounds[:-1], title_ends, bounds[1:], relevant, strict=True
            )
        ]

    def _assign(
        self,
        body_found: list[tuple[tuple[str, str], ...]],
        title_found: list[tuple[tuple[str, str], ...]],
        relevant: bool | None,
    ) -> TopicMatch:
        """The topics of the hits found in the body and in the title (see :meth:`match`)."""
        if not body_found and not title_found:  # most texts
            return TopicMatch([], {}, {})
        scores: dict[str, int] = {}
        hits: dict[str, list[str]] = {}
        _add(body_found, 1, scores, hits)
        _add(title_found, self.rules.title_weight, scores, hits)
        needed = self.rules.min_hits_off_topic if relevant is False else self.rules.min_hits
        chosen = sorted(
            (topic for topic, score in scores.items() if score >= needed),
            key=lambda topic: (-scores[topic], self._order[topic]),
        )
        return TopicMatch(chosen, {t: hits[t] for t in chosen}, {t: scores[t] for t in chosen})

    def _codes_of(self, tokens: list[str]) -> NDArray[np.int32]:
        """The code of each token's hits (new hit sets get new codes)."""
        codes = self._hit_codes
        sets = self._hit_sets
        result = np.zeros(len(tokens), dtype=np.int32)
        for index, token in enumerate(tokens):
            hits = self._hits_of(token.lower())
            if not hits:  # most tokens
                continue
            code = codes.get(hits)
            if code is None:
                code = codes[hits] = len(sets)
                sets.append(hits)
            result[index] = code
        return result

    def _hits_of(self, word: str) -> tuple[tuple[str, str], ...]:
        if self._keyword_characters.isdisjoint(word):
            return ()
        found: dict[str, str] = {}
        for size in reversed(self._lengths):  # the longest keyword names the hit
            if size > len(word):
                continue
            for start in range(len(word) - size + 1):
                for topic, keyword in self._by_keyword.get(word[start : start + size], ()):
                    found.setdefault(topic, keyword)
        return tuple(found.items())


def _add(
    found: list[tuple[tuple[str, str], ...]], weight: int, scores: dict[str, int], hits: dict[str, list[str]]
) -> None:
    """Count each word's hits (``found``): ``weight`` per word and topic; each keyword once, in order."""
    for word_hits in found:
        for topic, keyword in word_hits:
            scores[topic] = scores.get(topic, 0) + weight
            keywords = hits.setdefault(topic, [])
            if keyword not in keywords:
                keywords.append(keyword)
