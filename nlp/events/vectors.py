"""Sparse term vectors: an item's TF-IDF words, an event's centroid, and their cosine."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from nlp.events.items import EventItem
from nlp.keywords import KeywordExtractor
from nlp.segmentation import words as segment_words

TermVector = dict[str, float]


def normalized(vector: Mapping[str, float], max_terms: int) -> TermVector:
    """The ``max_terms`` heaviest terms, scaled to unit length."""
    top = sorted(vector.items(), key=lambda item: -item[1])[:max_terms]
    norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
    return {term: weight / norm for term, weight in top}


def cosine(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    """Cosine of two vectors (any lengths)."""
    if len(left) > len(right):
        left, right = right, left
    dot = sum(weight * right.get(term, 0.0) for term, weight in left.items())
    if not dot:
        return 0.0
    norms = math.sqrt(sum(w * w for w in left.values())) * math.sqrt(sum(w * w for w in right.values()))
    return dot / norms


def add_into(total: dict[str, float], vector: Mapping[str, float]) -> None:
    for term, weight in vector.items():
        total[term] = total.get(term, 0.0) + weight


def item_vector(item: EventItem, keywords: KeywordExtractor, max_terms: int, max_chars: int) -> TermVector:
    """TF-IDF of the title (counted twice), the first ``max_chars`` of the text and the keywords."""
    tokens = segment_words(item.text[:max_chars])
    title_tokens: Iterable[str] = [*segment_words(item.title), *item.keywords]
    return normalized(keywords.weights(tokens, title_tokens), max_terms)
