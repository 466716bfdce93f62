"""Sensitive subjects in an item's text: deaths, illness, drinking water, children, cover-ups, data fraud,
officials' misconduct (term lists in ``alerts.yaml``, ``sensitive_terms``).

Terms match as substrings of the NFKC-normalised title and text, after the category's ``exclude``
phrases are removed (so 无人员伤亡 is not a death). Substrings rather than segmented words because the
lists are short domain phrases that a segmenter may split differently from one release to the next.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from config.models.alerts import SensitiveCategory
from indexer.document import Document

# category id → the terms of it found
SensitiveHits = Mapping[str, tuple[str, ...]]


class SensitiveTermScanner:
    """Finds the configured sensitive categories in documents."""

    def __init__(self, categories: Sequence[SensitiveCategory]) -> None:
        self.categories = {c.id: c for c in categories}

    def scan(self, document: Document) -> dict[str, tuple[str, ...]]:
        """category id → terms found in the document's title and text, for categories present."""
        text = _normalise(f"{document.title}\n{document.text}")
        hits: dict[str, tuple[str, ...]] = {}
        for category in self.categories.values():
            cleaned = text
            for phrase in category.exclude:
                cleaned = cleaned.replace(_normalise(phrase), " ")
            found = tuple(term for term in category.terms if _normalise(term) in cleaned)
            if found:
                hits[category.id] = found
        return hits

    def weight(self, category_ids: Iterable[str]) -> float:
        """The summed weight of the categories (uncapped; scoring caps it at 1)."""
        return sum(self.categories[c].weight for c in set(category_ids) if c in self.categories)

    def label(self, category_id: str) -> str:
        category = self.categories.get(category_id)
        return category.label if category is not None else category_id


def merge_hits(hits: Iterable[SensitiveHits]) -> dict[str, tuple[str, ...]]:
    """Union of several documents' hits, terms in first-seen order."""
    merged: dict[str, dict[str, None]] = {}
    for one in hits:
        for category, terms in one.items():
            bucket = merged.setdefault(category, {})
            for term in terms:
                bucket.setdefault(term)
    return {category: tuple(terms) for category, terms in sorted(merged.items())}


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()
