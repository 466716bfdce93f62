"""Compile a query to an ``elasticsearch.dsl`` query object.

Mapping the Elasticsearch store must provide (``ES_FIELD_NAMES``, query field → index field):

- ``title_terms`` / ``text_terms``: ``text`` fields with the ``whitespace`` analyzer holding the
  space-joined analysed terms of title / text; leaves become ``match_phrase`` (one bool ``should``
  over both when the leaf has no field), a leaf with no terms becomes ``match_none``;
- ``source``, ``source_type``, ``sentiment``, ``topics``, ``region_prefixes``, ``author_kw``,
  ``event_id``: ``keyword`` fields holding ``keyword_values(doc)`` of the same field (lower-cased;
  ``region_prefixes`` holds every 2/4/6-digit prefix); keyword leaves become ``term``.

The query is first put in normal form (negations on leaves, see ``normal_form``), which keeps bool
nesting within ``indices.query.bool.max_nested_depth`` for any realistic plan (each remaining
alternation of AND and OR is one bool level). An And is one bool with ``must`` and ``must_not``
(a bool with only must_not matches every other document), Or is ``bool.should`` with
``minimum_should_match: 1``. elasticsearch.dsl is imported
only when a query is compiled, so using the embedded store never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from indexer.query.leaves import Analyzer, leaf_alternatives, leaf_fields
from indexer.query.nodes import And, KeywordTerm, Node, Not, Or, Phrase, Term, TextLeaf
from indexer.query.normal_form import normal_form

if TYPE_CHECKING:
    from elasticsearch.dsl.query import Query

ES_FIELD_NAMES: dict[str, str] = {
    "title": "title_terms",
    "text": "text_terms",
    "source": "source",
    "type": "source_type",
    "sentiment": "sentiment",
    "topic": "topics",
    "region": "region_prefixes",
    "author": "author_kw",
    "event": "event_id",
}


def to_elasticsearch(node: Node, analyzer: Analyzer) -> Query:
    """The Elasticsearch query for ``node`` (call ``.to_dict()`` for the JSON body)."""
    return _compile(normal_form(node), analyzer)


def _compile(node: Node, analyzer: Analyzer) -> Query:
    from elasticsearch.dsl import query as dsl
    from elasticsearch.dsl import types

    if isinstance(node, And | Not):
        children = node.children if isinstance(node, And) else (node,)
        return _conjunction(children, analyzer)
    if isinstance(node, Or):
        should = [_compile(child, analyzer) for child in node.children]
        return dsl.Bool(should=should, minimum_should_match=1)
    if isinstance(node, Term | Phrase):
        return _text_leaf(node, analyzer)
    if isinstance(node, KeywordTerm):
        return dsl.Term(ES_FIELD_NAMES[node.field], types.TermQuery(value=node.value))
    return dsl.MatchAll()


def _conjunction(children: Sequence[Node], analyzer: Analyzer) -> Query:
    """One bool: ``must`` for positive children, ``must_not`` for negated ones (omitted when empty)."""
    from elasticsearch.dsl import query as dsl

    must = [_compile(c, analyzer) for c in children if not isinstance(c, Not)]
    must_not = [_compile(c.child, analyzer) for c in children if isinstance(c, Not)]
    if not must_not:
        return dsl.Bool(must=must)
    if not must:
        return dsl.Bool(must_not=must_not)
    return dsl.Bool(must=must, must_not=must_not)


def _text_leaf(leaf: TextLeaf, analyzer: Analyzer) -> Query:
    from elasticsearch.dsl import query as dsl
    from elasticsearch.dsl import types

    alternatives = leaf_alternatives(leaf, analyzer)
    if not alternatives:
        return dsl.MatchNone()
    per_field = [
        dsl.MatchPhrase(ES_FIELD_NAMES[field], types.MatchPhraseQuery(query=" ".join(terms)))
        for field in leaf_fields(leaf)
        for terms in alternatives
    ]
    if len(per_field) == 1:
        return per_field[0]
    return dsl.Bool(should=per_field, minimum_should_match=1)
