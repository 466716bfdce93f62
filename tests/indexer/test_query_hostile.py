"""Hostile query text: a QuerySyntaxError or a query every engine runs, never anything else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.document import Sentiment, SourceType
from indexer.errors import QuerySyntaxError
from indexer.query import And, KeywordTerm, MatchAll, Node, Not, Or, Term, parse, to_elasticsearch, to_text
from tests.indexer.test_query_engines import Engines, analyze_words, make_doc

HOSTILE = [
    "a NEAR b",
    "NEAR(a b, 3)",
    "a*",
    "*",
    "^a",
    "a:b",
    "{title}:x",
    "- {title text} : x",
    "title : x",
    "tags:qsall",
    '"a" + "b"',
    "'; DROP TABLE docs; --",
    "x'); DELETE FROM docs WHERE ('1'='1",
    "1 OR 1=1",
    "\x00",
    "a\x00b",
    '"a\x00b"',
    "title:a\x00",
    "🙂🙂 -🙂",
    "\u200f\u202eevil\u202c",
    "\u200b",
    "a" * 999,
    "(" * 500,
    ")" * 500,
    '"' * 7,
    "a OR OR b",
    "NOT NOT NOT",
    "-" * 40,
    'source:"\\""',
    "title:(",
    "title:)",
    "region:",
    "qsall",
    "qsnone",
    "AND",
    "&|&|",
    "<script>alert(1)</script>",
    "％２２ ＂",
    "a\tb\nc\rd",
    "💩" * 300,
]


@pytest.fixture(scope="module")
def engines() -> Iterator[Engines]:
    docs = [
        make_doc(0, "a b", "NEAR qsall", source="x", source_type=SourceType.NEWS),
        make_doc(1, "evil", "drop table docs", source="weibo", source_type=SourceType.SOCIAL),
        make_doc(2, "", "", source="y", source_type=SourceType.BOARD, sentiment=Sentiment.NEGATIVE),
    ]
    instance = Engines(docs, analyze_words)
    yield instance
    instance.close()


def check(query: str, engines: Engines) -> None:
    try:
        node = parse(query)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(query)
        assert exc.reason
        return
    engines.assert_agree(node)
    to_elasticsearch(node, analyze_words).to_dict()
    assert parse(to_text(node)) == node


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query(query: str, engines: Engines) -> None:
    check(query, engines)


def test_long_queries_are_refused_not_run(engines: Engines) -> None:
    with pytest.raises(QuerySyntaxError, match="longer than 1000"):
        parse("雾霾 OR " * 1500)
    with pytest.raises(QuerySyntaxError):
        parse("(" * 10_000)


def test_a_query_at_every_limit_runs(engines: Engines) -> None:
    query = "(" * 31 + " | ".join(f"-w{i}" for i in range(64)) + ")" * 31
    assert len(query) <= 1000
    assert engines.assert_agree(parse(query)) == {"d0", "d1", "d2"}


def test_only_negations_mean_everything_except(engines: Engines) -> None:
    assert engines.assert_agree(parse("-evil -source:x")) == {"d2"}
    assert engines.assert_agree(MatchAll()) == {"d0", "d1", "d2"}


def test_a_term_without_letters_matches_nothing(engines: Engines) -> None:
    assert engines.assert_agree(parse("🙂")) == set()
    assert engines.assert_agree(parse("a | 🙂")) == {"d0"}


SYNTAX_SOUP = st.text(alphabet=st.sampled_from('ab 水()|&-"“”（）：:*^NOTRAD\x00\u200f'), max_size=40)


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(query=SYNTAX_SOUP)
def test_syntax_soup_never_breaks(engines: Engines, query: str) -> None:
    check(query, engines)


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(query=st.text(max_size=60))
def test_arbitrary_text_never_breaks(engines: Engines, query: str) -> None:
    check(query, engines)


@pytest.mark.parametrize(
    "query",
    [
        "(a | " * 31 + "b" + ")" * 31,
        "".join(f"a{i} {'|' if i % 2 else ''} (" for i in range(31)) + "b" + ")" * 31,
        "-(a | " * 16 + "b" + ")" * 16,
        "(x | -(a " * 10 + "b" + "))" * 10,
        "-" * 32 + "a",
        "(" * 31 + "a" + "".join(f" {'|' if i % 2 else ''} b{i})" for i in range(31)),
        "(a (b | (c (d | (e (f | (g h))))))) | (i (j | (k (l | (m (n | (o p)))))))",
    ],
)
def test_deep_queries_run_everywhere(query: str, engines: Engines) -> None:
    engines.assert_agree(parse(query))


@st.composite
def deep_trees(draw: st.DrawFn) -> Node:
    """A right- or left-nested spine of And/Or/Not, up to the parser's nesting limit and beyond."""
    leaf_nodes: list[Node] = [Term("a"), Term("b"), Term("zz"), KeywordTerm("source", "x")]
    leaves = st.sampled_from(leaf_nodes)
    node = draw(leaves)
    for _ in range(draw(st.integers(min_value=26, max_value=34))):
        kind = draw(st.sampled_from([And, Or, Not]))
        if kind is Not:
            node = Not(node)
            continue
        siblings: st.SearchStrategy[Node] = st.one_of(
            leaves, st.builds(Not, leaves), st.builds(Or, st.lists(leaves, min_size=2, max_size=2))
        )
        sibling = draw(siblings)
        pair = [node, sibling] if draw(st.booleans()) else [sibling, node]
        node = And(pair) if kind is And else Or(pair)
    return node


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(node=deep_trees())
def test_every_accepted_nesting_runs_everywhere(engines: Engines, node: Node) -> None:
    try:
        parsed = parse(to_text(node))
    except QuerySyntaxError as exc:
        assert "nested too deeply" in exc.reason or "more than 64 terms" in exc.reason
        return
    assert parsed == node
    engines.assert_agree(parsed)
