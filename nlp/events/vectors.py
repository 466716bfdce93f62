"""Sparse term vectors: an item's TF-IDF words and hashtags, an event's centroid, and their cosine.

A Weibo topic (``#泾县死鱼#``) is the strongest sign that two short posts speak of the same thing: posts
that name no place and share few words still share the tag. Each tag becomes a term of the item's vector
(``#泾县死鱼#``, as heavy as the item's heaviest word), so it counts as a shared key term, indexes the
event, and weighs in the cosine like any word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from nlp.events.items import EventItem
from nlp.keywords import KeywordExtractor
from nlp.segmentation import words as segment_words

TermVector = dict[str, float]

# a topic tag: 2–30 characters between two '#', no whitespace or '#' inside (Weibo's own limit is longer,
# real tags are short; a stray '#' pair around a sentence is not a tag)
_HASHTAG = re.compile(r"#([^#\s]{2,30})#")
MAX_TAGS = 5


def hashtags(text: str) -> list[str]:
    """The distinct ``#topic#`` tags of ``text`` in order of appearance (at most :data:`MAX_TAGS`)."""
    tags: list[str] = []
    for match in _HASHTAG.finditer(text):
        tag = f"#{match.group(1)}#"
        if tag not in tags:
            tags.append(tag)
    return tags[:MAX_TAGS]


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
    """TF-IDF of the title (counted twice), the first ``max_chars`` of the text and the keywords, plus
    the hashtags of title and text, each as heavy as the heaviest word."""
    text = item.text[:max_chars]
    tokens = segment_words(text)
    title_tokens: Iterable[str] = [*segment_words(item.title), *item.keywords]
    weights = keywords.weights(tokens, title_tokens)
    heaviest = max(weights.values(), default=1.0)
    for tag in hashtags(f"{item.title} {text}"):
        weights[tag] = heaviest
    return normalized(weights, max_terms)
