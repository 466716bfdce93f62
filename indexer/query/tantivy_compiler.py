"""Compile a query to a ``tantivy.Query``.

The index has text fields ``title`` and ``text`` holding the space-joined analysed terms and
``tags`` holding ``document_tags(doc)``, all three with ``tokenizer_name="whitespace"`` (built into
tantivy: splits on spaces, keeps case, which is fine since terms are already lower-cased) and
positions indexed. The query is first put in normal form (negations on leaves, see ``normal_form``);
an And becomes Must/MustNot clauses of one boolean query, and since a boolean query of only MustNot
clauses matches nothing in tantivy, a Must(all) is added when every clause is negated. A leaf with
no terms is ``empty_query()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import tantivy

from indexer.fields import tag_token
from indexer.query.fts5 import TAGS_COLUMN
from indexer.query.leaves import Analyzer, leaf_alternatives, leaf_fields
from indexer.query.nodes import And, KeywordTerm, Node, Not, Or, Phrase, Term, TextLeaf
from indexer.query.normal_form import normal_form

TANTIVY_TOKENIZER = "whitespace"


def to_tantivy(node: Node, analyzer: Analyzer, schema: tantivy.Schema) -> tantivy.Query:
    """The tantivy query for ``node`` on an index with ``schema``."""
    return _compile(normal_form(node), analyzer, schema)


def _compile(node: Node, analyzer: Analyzer, schema: tantivy.Schema) -> tantivy.Query:
    if isinstance(node, And | Not):
        children = node.children if isinstance(node, And) else (node,)
        return tantivy.Query.boolean_query(_conjunction(children, analyzer, schema))
    if isinstance(node, Or):
        should = tantivy.Occur.Should
        return tantivy.Query.boolean_query([(should, _compile(c, analyzer, schema)) for c in node.children])
    if isinstance(node, Term | Phrase):
        return _text_leaf(node, analyzer, schema)
    if isinstance(node, KeywordTerm):
        return tantivy.Query.term_query(schema, TAGS_COLUMN, tag_token(node.field, node.value))
    return tantivy.Query.all_query()  # MatchAll


def _conjunction(
    children: Sequence[Node], analyzer: Analyzer, schema: tantivy.Schema
) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """Must clauses for positive children, MustNot for negated ones, Must(all) when all are negated."""
    clauses = [
        (tantivy.Occur.MustNot, _compile(c.child, analyzer, schema))
        if isinstance(c, Not)
        else (tantivy.Occur.Must, _compile(c, analyzer, schema))
        for c in children
    ]
    if all(isinstance(c, Not) for c in children):
        clauses.insert(0, (tantivy.Occur.Must, tantivy.Query.all_query()))
    return clauses


def _text_leaf(leaf: TextLeaf, analyzer: Analyzer, schema: tantivy.Schema) -> tantivy.Query:
    alternatives = leaf_alternatives(leaf, analyzer)
    if not alternatives:
        return tantivy.Query.empty_query()
    per_field = [_sequence(schema, field, terms) for field in leaf_fields(leaf) for terms in alternatives]
    if len(per_field) == 1:
        return per_field[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in per_field])


def _sequence(schema: tantivy.Schema, field: str, terms: list[str]) -> tantivy.Query:
    if len(terms) == 1:  # tantivy panics on a one-word phrase query
        return tantivy.Query.term_query(schema, field, terms[0])
    words: list[str | tuple[int, str]] = list(terms)
    return tantivy.Query.phrase_query(schema, field, words)
