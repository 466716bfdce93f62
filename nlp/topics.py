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
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings

WORD_CACHE_SIZE = 200_000
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
        self._word_hits: dict[str, tuple[tuple[str, str], ...]] = {}
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
        body_found = self._found(words)
        title_found = self._found(title_words) if title_words else []
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

    def _found(self, words: Iterable[str]) -> list[tuple[tuple[str, str], ...]]:
        """:meth:`word_hits` of each word that hits a topic, in order."""
        if not isinstance(words, _SEQUENCES):
            words = list(words)
        cache = self._word_hits
        try:  # one C-level look-up loop (itemgetter needs two or more keys to return a tuple)
            found = itemgetter(*words)(cache) if len(words) > 1 else map(cache.__getitem__, words)
            return list(filter(None, found))  # most words hit no topic
        except KeyError:  # a word not seen yet
            pass
        missing = set(words).difference(cache)
        if len(cache) + len(missing) >= WORD_CACHE_SIZE:  # the memo would be cleared while filled
            return list(filter(None, map(self.word_hits, words)))
        hits_of = self._hits_of
        cache.update([(word, hits_of(word.lower())) for word in missing])
        try:
            return list(filter(None, map(cache.__getitem__, words)))
        except KeyError:  # another thread cleared the memo meanwhile
            return list(filter(None, map(self.word_hits, words)))

    def word_hits(self, word: str) -> tuple[tuple[str, str], ...]:
        """``(topic, keyword)`` for each topic with a keyword equal to or inside ``word`` (memoised)."""
        cached = self._word_hits.get(word)
        if cached is None:
            cached = self._hits_of(word.lower())
            if len(self._word_hits) >= WORD_CACHE_SIZE:
                self._word_hits.clear()
            self._word_hits[word] = cached
        return cached

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
