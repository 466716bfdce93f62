"""Extractive summaries: whole sentences of the item, quoted as written, in their original order.

Sentences end at 。！？!?；; or a line break (closing quotes stay with their sentence). Each sentence scores
the sum of the TF-IDF weights (:mod:`nlp.keywords`) of its distinct words, divided by the square root of
its word count so long sentences do not win by length, with a bonus for the lead sentence (news puts the
facts first) and for words of the title. The best ``max_sentences`` sentences that fit in ``max_chars``
are returned in text order.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
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
    return [Sentence(start, sentence) for start, sentence in _sentences(text)]


def _sentences(text: str) -> list[tuple[int, str]]:
    """:func:`split_sentences` as ``(start, text)`` pairs."""
    sentences: list[tuple[int, str]] = []
    add = sentences.append
    for match in _SENTENCE.finditer(text):
        found = match.group()
        stripped = found.strip()
        if stripped is found:  # nothing stripped: the same string
            add((match.start(), found))
        elif stripped:  # it starts after the whitespace strip() removed from the left
            add((match.start() + found.find(stripped), stripped))
    return sentences


def _search(text: str, tokens: Iterable[str]) -> tuple[list[int], list[str], set[str]]:
    """Each token looked for from the end of the last one found; a token not found is skipped.

    A token not found after some position is not found after any later one: it is not searched
    for again (cleaned words such as an NFKC "," of the original's "，" recur, and each miss reads
    the rest of the text)."""
    offsets: list[int] = []
    located: list[str] = []
    missing: set[str] = set()
    find, add_offset, add_token, position = text.find, offsets.append, located.append, 0
    for token in tokens:
        if token in missing:
            continue
        found = find(token, position)
        if found >= 0:
            add_offset(found)
            add_token(token)
            position = found + len(token)
        else:
            missing.add(token)
    return offsets, located, missing


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
        weights: Callable[[], dict[str, float]] | None = None,
    ) -> str:
        """One to ``max_sentences`` sentences of ``text`` joined as they were; "" for an empty text.

        ``words``: the text's segmentation if the caller has it (words not found in ``text`` are skipped);
        ``weights``: a function giving ``self.keywords.weights(words)``, if the caller has it (called
        only when sentences have to be scored and no keyword candidate among ``words`` was skipped, so
        that the weights of the words found are the same).
        """
        sentences = [(start, s) for start, s in _sentences(text) if len(s) >= MIN_SENTENCE_CHARS]
        if not sentences:
            return text.strip()[: self.max_chars]
        if len(sentences) <= self.max_sentences and sum(len(s) for _, s in sentences) <= self.max_chars:
            return "".join(s for _, s in sentences)  # every sentence fits: all are chosen, unscored
        tokens = words if words is not None else segment_words(text)
        offsets, located, skipped = _search(text, tokens)
        if weights is None or words is None or any(map(self.keywords.accepts, skipped)):
            found_weights = self.keywords.weights(located)
        else:
            found_weights = weights()
        title_words = set(segment_words(title)) if title else None
        weight, zeros, sqrt, scores = found_weights.get, repeat(0.0), math.sqrt, []
        for start, sentence in sentences:  # the words found that start in the sentence
            first = bisect_left(offsets, start)
            chunk = located[first : bisect_left(offsets, start + len(sentence), first)]
            distinct = set(chunk)
            score = sum(map(weight, distinct, zeros)) / sqrt(max(len(chunk), 1))
            if title_words:  # else the factor is 1.0
                score *= 1.0 + self.title_bonus * len(distinct & title_words) / len(title_words)
            scores.append(score)
        scores[0] *= 1.0 + self.lead_bonus
        return "".join(sentences[i][1] for i in self._choose([len(s) for _, s in sentences], scores))

    def _choose(self, sizes: list[int], scores: list[float]) -> list[int]:
        """The indices of the sentences to quote, in text order."""
        ranked = sorted(range(len(sizes)), key=lambda i: (-scores[i], i))
        chosen: list[int] = []
        used = 0
        for index in ranked:
            size = sizes[index]
            if chosen and used + size > self.max_chars:
                continue
            chosen.append(index)
            used += size
            if len(chosen) == self.max_sentences:
                break
        return sorted(chosen)


def summarize(text: str, *, title: str = "", max_sentences: int = 3, max_chars: int = 200) -> str:
    """An extractive summary of ``text`` (see :class:`Summarizer`)."""
    summarizer = Summarizer(max_sentences=max_sentences, max_chars=max_chars)
    return summarizer.summarize(text, title=title)
