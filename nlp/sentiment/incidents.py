"""Environmental incident terms: an item reporting one is negative public opinion, however it is worded."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from nlp.features.lexicon import ENVIRONMENT_LEXICON, parse_lexicon
from nlp.segmentation import DICTIONARY_DIR

INCIDENT_SCORE = -1.5  # terms scored at or below this in env_sentiment_terms.txt are incidents


@functools.cache
def incident_terms() -> frozenset[str]:
    """Strongly negative environmental terms (偷排, 泄漏, 死鱼, 不作为 ...)."""
    table = parse_lexicon((DICTIONARY_DIR / ENVIRONMENT_LEXICON).read_text(encoding="utf-8"))
    return frozenset(word for word, score in table.items() if score <= INCIDENT_SCORE)


def incident_hits(words: Sequence[str]) -> list[str]:
    """The distinct incident terms among ``words``, in order of first appearance."""
    terms = incident_terms()
    if terms.isdisjoint(words):  # most texts: one look-up per word in C
        return []
    return list(dict.fromkeys(w for w in words if w in terms))
