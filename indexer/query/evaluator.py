"""In-memory evaluation of a query against one Document (used by alert rules and as the reference
the index compilers are tested against)."""

from __future__ import annotations

from functools import cached_property

from indexer.document import Document
from indexer.fields import keyword_values
from indexer.query.leaves import Analyzer, leaf_alternatives, leaf_fields
from indexer.query.nodes import And, KeywordTerm, MatchAll, Node, Not, Or, Phrase, Term, TextLeaf


def matches(node: Node, doc: Document, analyzer: Analyzer) -> bool:
    """Whether ``doc`` matches ``node``; the same answer FTS5, tantivy and Elasticsearch give."""
    return _DocumentMatcher(doc, analyzer).matches(node)


class _DocumentMatcher:
    def __init__(self, doc: Document, analyzer: Analyzer) -> None:
        self.doc = doc
        self.analyzer = analyzer
        self._positions: dict[str, dict[str, list[int]]] = {}

    @cached_property
    def keywords(self) -> dict[str, list[str]]:
        return keyword_values(self.doc)

    def matches(self, node: Node) -> bool:
        if isinstance(node, Term | Phrase):
            return self.text_leaf(node)
        if isinstance(node, KeywordTerm):
            return node.value in self.keywords[node.field]
        if isinstance(node, And):
            return all(self.matches(child) for child in node.children)
        if isinstance(node, Or):
            return any(self.matches(child) for child in node.children)
        if isinstance(node, Not):
            return not self.matches(node.child)
        assert isinstance(node, MatchAll)
        return True

    def text_leaf(self, leaf: TextLeaf) -> bool:
        alternatives = leaf_alternatives(leaf, self.analyzer)
        return any(self.has_sequence(field, terms) for field in leaf_fields(leaf) for terms in alternatives)

    def has_sequence(self, field: str, terms: list[str]) -> bool:
        """Whether ``terms`` occur adjacent and in order in ``field``."""
        positions = self.positions(field)
        if any(term not in positions for term in terms):
            return False
        later = [set(positions[term]) for term in terms[1:]]
        return any(
            all(start + offset + 1 in later[offset] for offset in range(len(later)))
            for start in positions[terms[0]]
        )

    def positions(self, field: str) -> dict[str, list[int]]:
        """term → its positions in the analysed field, computed once per field."""
        if field not in self._positions:
            index: dict[str, list[int]] = {}
            for position, term in enumerate(t for t in self.analyzer(getattr(self.doc, field)) if t):
                index.setdefault(term, []).append(position)
            self._positions[field] = index
        return self._positions[field]
