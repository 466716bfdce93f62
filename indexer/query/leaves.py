"""What a text leaf (Term or Phrase) means once analysed; shared by every compiler and the evaluator.

A leaf's text is analysed with the same analyzer as documents. One term → a term query; several →
those terms adjacent and in order (a phrase) within one field; none (only punctuation or emoji) →
the leaf matches no document, so ``-!!!`` matches every document. An unfielded leaf searches the
title or the text (a phrase never spans the two).
"""

from __future__ import annotations

from collections.abc import Callable

from indexer.analysis import normalize
from indexer.fields import TEXT_FIELDS
from indexer.query.nodes import And, Node, Not, Or, Phrase, Term, TextLeaf

Analyzer = Callable[[str], list[str]]


def leaf_terms(leaf: TextLeaf, analyzer: Analyzer) -> list[str]:
    """The analysed terms the leaf must find adjacent and in order; empty means "matches nothing"."""
    return [term for term in analyzer(leaf.text) if term]


def leaf_alternatives(leaf: TextLeaf, analyzer: Analyzer) -> list[list[str]]:
    """Term sequences of which any one matches the leaf: the phrase of its terms, or — when the
    leaf's whole text is itself one of those terms (a dictionary word such as 黑臭水体) — that single
    term alone, which the index also holds inside longer compounds (消除黑臭水体) whose search-mode
    sub-words are not adjacent to each other. (The phrase, which contains that term, could only
    match where the term does; left out, since a phrase of common sub-words such as 气候 变化 costs
    tens of milliseconds at a million documents.) Empty means "matches nothing"."""
    terms = leaf_terms(leaf, analyzer)
    if len(terms) <= 1:
        return [terms] if terms else []
    word = "".join(normalize(leaf.text).split())
    return [[word]] if word in terms else [terms]


def leaf_fields(leaf: TextLeaf) -> tuple[str, ...]:
    """The text fields the leaf searches: its own, or title and text."""
    return (leaf.field,) if leaf.field is not None else TEXT_FIELDS


def highlight_terms(node: Node) -> list[str]:
    """The raw texts of the Term and Phrase leaves that are not negated, without repeats, in order."""
    found: dict[str, None] = {}
    _collect_positive(node, negated=False, found=found)
    return list(found)


def _collect_positive(node: Node, *, negated: bool, found: dict[str, None]) -> None:
    if isinstance(node, Term | Phrase):
        if not negated:
            found.setdefault(node.text)
    elif isinstance(node, Not):
        _collect_positive(node.child, negated=not negated, found=found)
    elif isinstance(node, And | Or):
        for child in node.children:
            _collect_positive(child, negated=negated, found=found)
