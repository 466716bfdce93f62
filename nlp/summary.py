"""Extractive summaries: whole sentences of the item, quoted as written, in their original order.

Sentences end at 。！？!?；; or a line break (closing quotes stay with their sentence). Each sentence scores
the sum of the TF-IDF weights (:mod:`nlp.keywords`) of its distinct words, divided by the square root of
its word count so long sentences do not win by length, with a bonus for the lead sentence (news puts the
facts first) and for words of the title. The best ``max_sentences`` sentences that fit in ``max_chars``
are returned in text order.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from nlp.keywords import KeywordExtractor, default_keyword_extractor
from nlp.segmentation import words as segment_words

_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’」』\"')）]*|\n|$)")
MIN_SENTENCE_CHARS = 6


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their offsets, stripped; blank ones dropped."""
    sentences = []
    for match in _SENTENCE.finditer(text):
        found = match.group()
        stripped = found.strip()
        if stripped:  # it starts after the whitespace strip() removed from the left
            sentences.append(Sentence(match.start() + len(found) - len(found.lstrip()), stripped))
    return sentences


def locate(text: str, tokens: list[str]) -> list[tuple[int, str]]:
    """(offset, token) for the tokens of ``text``, in order."""
    return locate_tokens(text, tokens)[0]


def locate_tokens(text: str, tokens: list[str]) -> tuple[list[tuple[int, str]], set[str]]:
    """:func:`locate`, and the tokens it skipped (not found where they were looked for)."""
    located: list[tuple[int, str]] = []
    find, add, position = text.find, located.append, 0
    # a token not found after some position is not found after any later one: it is not searched
    # for again (cleaned words such as an NFKC "," of the original's "，" recur, and each miss reads
    # the rest of the text)
    missing: set[str] = set()
    for token in tokens:
        if token in missing:
            continue
        found = find(token, position)
        if found >= 0:
            add((found, token))
            position = found + len(token)
        else:
            missing.add(token)
    return located, missing


def words_in(sentence: Sentence, tokens: list[tuple[int, str]]) -> list[str]:
    """The tokens that start inside ``sentence``."""
    first = bisect.bisect_left(tokens, (sentence.start, ""))
    last = bisect.bisect_left(tokens, (sentence.start + len(sentence.text), ""))
    return [token for _, token in tokens[first:last]]


class Summarizer:
    """Picks the most informative whole sentences of a text."""

    def __init__(
        self,
        keywords: KeywordExtractor | None = None,
        *,
        max_sentences: int = 3,
        max_chars: int = 200,
        lead_bonus: float = 0.3,
        title_bonus: float = 0.5,
    ) -> None:
        self.keywords = keywords or default_keyword_extractor()
        self.max_sentences = max_sentences
        self.max_chars = max_chars
        self.lead_bonus = lead_bonus
        self.title_bonus = title_bonus

    def summarize(
        self,
        text: str,
        *,
        title: str = "",
        words: Sequence[str] | None = None,
        weights: dict[str, float] | None = None,
    ) -> str:
        """One to ``max_sentences`` sentences of ``text`` joined as they were; "" for an empty text.

        ``words``: the text's segmentation if the caller has it (words not found in ``text`` are skipped);
        ``weights``: ``self.keywords.weights(words)``, if the caller has it (used when no keyword
        candidate among ``words`` was skipped, so that the weights of the words found are the same).
        """
        sentences = [s for s in split_sentences(text) if len(s.text) >= MIN_SENTENCE_CHARS]
        if not sentences:
            return text.strip()[: self.max_chars]
        tokens, skipped = locate_tokens(text, list(words) if words is not None else segment_words(text))
        if weights is None or words is None or any(map(self.keywords.accepts, skipped)):
            weights = self.keywords.weights(token for _, token in tokens)
        title_words = set(segment_words(title)) if title else set()
        scores = [
            self._score(i, words_in(sentence, tokens), weights, title_words)
            for i, sentence in enumerate(sentences)
        ]
        return "".join(sentence.text for sentence in self._choose(sentences, scores))

    def _score(
        self, position: int, tokens: list[str], weights: dict[str, float], title_words: set[str]
    ) -> float:
        distinct = set(tokens)
        score = sum(map(weights.get, distinct, repeat(0.0))) / math.sqrt(max(len(tokens), 1))
        score *= 1.0 + self.title_bonus * len(distinct & title_words) / max(len(title_words), 1)
        return score * (1.0 + self.lead_bonus) if position == 0 else score

    def _choose(self, sentences: list[Sentence], scores: list[float]) -> list[Sentence]:
        ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
        chosen: list[int] = []
        used = 0
        for index in ranked:
            size = len(sentences[index].text)
            if chosen and used + size > self.max_chars:
                continue
            chosen.append(index)
            used += size
            if len(chosen) == self.max_sentences:
                break
        return [sentences[i] for i in sorted(chosen)]


def summarize(text: str, *, title: str = "", max_sentences: int = 3, max_chars: int = 200) -> str:
    """An extractive summary of ``text`` (see :class:`Summarizer`)."""
    summarizer = Summarizer(max_sentences=max_sentences, max_chars=max_chars)
    return summarizer.summarize(text, title=title)
