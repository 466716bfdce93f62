"""The normal form the compilers use: negations on leaves, no same-kind nesting, same meaning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.document import Document
from indexer.query import And, KeywordTerm, MatchAll, Node, Not, Or, Term, matches, parse
from indexer.query.normal_form import deepest_first, depth, normal_form
from tests.indexer.test_query_engines import PROPERTY_SETTINGS, analyze_words, documents, engine_trees

a, b, c, d = Term("a"), Term("b"), Term("c"), Term("d")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("-(a | b)", And([Not(a), Not(b)])),
        ("-(a b)", Or([Not(a), Not(b)])),
        ("--a", a),
        ("---a", Not(a)),
        ("-(a -b)", Or([Not(a), b])),
        ("a (b (c | d))", And([a, b, Or([c, d])])),
        ("(a | b) | (c | -(d -source:x))", Or([a, b, c, Not(d), KeywordTerm("source", "x")])),
        ("-(a (b | -c))", Or([Not(a), And([Not(b), c])])),
    ],
)
def test_examples(query: str, expected: Node) -> None:
    assert normal_form(parse(query)) == expected


def test_match_all_is_a_leaf() -> None:
    assert normal_form(Not(MatchAll())) == Not(MatchAll())
    assert normal_form(Not(Not(MatchAll()))) == MatchAll()


def test_deepest_first_is_stable() -> None:
    deep = Or([And([a, b]), c])
    assert deepest_first([a, deep, b, Not(c)]) == [deep, a, b, Not(c)]
    assert depth(deep) == 2


def _is_normal(node: Node, parent: type | None = None) -> bool:
    if isinstance(node, Not):
        return not isinstance(node.child, And | Or | Not)
    if isinstance(node, And | Or):
        return type(node) is not parent and all(_is_normal(child, type(node)) for child in node.children)
    return True


@PROPERTY_SETTINGS
@given(docs=documents(), node=engine_trees)
def test_normal_form_keeps_the_meaning(docs: list[Document], node: Node) -> None:
    normal = normal_form(node)
    assert _is_normal(normal)
    assert normal_form(normal) == normal
    for doc in docs:
        assert matches(normal, doc, analyze_words) == matches(node, doc, analyze_words)


@PROPERTY_SETTINGS
@given(node=engine_trees, count=st.integers(min_value=0, max_value=3))
def test_normal_form_keeps_every_leaf(node: Node, count: int) -> None:
    for _ in range(count):
        node = Not(node)
    assert _leaves(normal_form(node)) == _leaves(node)


def _leaves(node: Node) -> list[Node]:
    if isinstance(node, Not):
        return _leaves(node.child)
    if isinstance(node, And | Or):
        return [leaf for child in node.children for leaf in _leaves(child)]
    return [node]
