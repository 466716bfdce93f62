"""The same query means the same thing in memory, in a real SQLite FTS5 table and a real tantivy index.

Property-based: hypothesis generates ASTs over a small vocabulary and small document sets; every
engine must return exactly the same ids. ``Engines`` is reused by the hostile-input tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.analysis import analyze, whitespace_tokenizer
from indexer.document import SHANGHAI, Document, Sentiment, SourceType
from indexer.fields import document_tags
from indexer.query import (
    TANTIVY_TOKENIZER,
    And,
    KeywordTerm,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    matches,
    parse,
    to_fts5,
    to_tantivy,
    to_text,
)

Analyzer = Callable[[str], list[str]]
PROPERTY_SETTINGS = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def analyze_words(text: str) -> list[str]:
    return analyze(text, whitespace_tokenizer)


def per_character(text: str) -> list[str]:
    """A tiny deterministic Chinese tokenizer: every character is a token."""
    return list(text)


def analyze_chars(text: str) -> list[str]:
    return analyze(text, per_character)


class Engines:
    """``docs`` indexed in an in-memory FTS5 table and an in-RAM tantivy index, as the stores do."""

    def __init__(self, docs: list[Document], analyzer: Analyzer) -> None:
        self.docs = docs
        self.analyzer = analyzer
        self.sqlite = sqlite3.connect(":memory:")
        self.sqlite.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, tags,"
            " tokenize='unicode61 remove_diacritics 0')"
        )
        self.sqlite.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", [self.row(d) for d in docs])
        self.schema = self.tantivy_schema()
        self.index = tantivy.Index(self.schema)
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        for row in map(self.row, docs):
            writer.add_document(tantivy.Document(id=row[0], title=row[1], text=row[2], tags=row[3]))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def row(self, doc: Document) -> tuple[str, str, str, str]:
        terms = (" ".join(self.analyzer(doc.title)), " ".join(self.analyzer(doc.text)))
        return (doc.id, *terms, " ".join(document_tags(doc)))

    @staticmethod
    def tantivy_schema() -> tantivy.Schema:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        for field in ("title", "text", "tags"):
            builder.add_text_field(field, tokenizer_name=TANTIVY_TOKENIZER)
        return builder.build()

    def close(self) -> None:
        self.sqlite.close()

    def memory_ids(self, node: Node) -> set[str]:
        return {doc.id for doc in self.docs if matches(node, doc, self.analyzer)}

    def fts5_ids(self, node: Node) -> set[str]:
        expression = to_fts5(node, self.analyzer)
        rows = self.sqlite.execute("SELECT id FROM docs WHERE docs MATCH ?", (expression,))
        return {row[0] for row in rows}

    def tantivy_ids(self, node: Node) -> set[str]:
        searcher = self.index.searcher()
        result = searcher.search(to_tantivy(node, self.analyzer, self.schema), limit=len(self.docs) + 1)
        return {searcher.doc(address)["id"][0] for _, address in result.hits}

    def assert_agree(self, node: Node) -> set[str]:
        expected = self.memory_ids(node)
        assert self.fts5_ids(node) == expected, to_fts5(node, self.analyzer)
        assert self.tantivy_ids(node) == expected
        return expected


def make_doc(index: int, title: str, text: str, **fields: object) -> Document:
    moment = datetime(2026, 3, 1, 8, tzinfo=SHANGHAI)
    return Document(
        id=f"d{index}",
        url=f"https://example.cn/{index}",
        title=title,
        text=text,
        published_at=moment,
        fetched_at=moment,
        **fields,
    )


# ---- strategies --------------------------------------------------------------------------------

WORDS = ["a", "b", "c", "水", "雾霾"]
QUERY_WORDS = [*WORDS, "A", "a-b", "b.c", "PM2.5", "12:30", "!!", "🙂", "zz"]
SOURCES = ["weibo", "people", "中国环境报"]
TOPICS = ["water", "air"]
REGIONS = ["320102", "320200", "110105"]
AUTHORS = ["li", "生态环境部新闻发布会官方账号"]  # a long value makes a tag longer than 40 bytes

text_fields = st.sampled_from([None, "title", "text"])


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    count = draw(st.integers(min_value=1, max_value=7))
    sentences = st.lists(st.sampled_from([*WORDS, "a,b", "pm2.5"]), max_size=6).map(" ".join)
    docs = []
    for index in range(count):
        fields = {
            "source": draw(st.sampled_from(SOURCES)),
            "source_type": draw(st.sampled_from(list(SourceType))),
            "sentiment": draw(st.sampled_from([None, *Sentiment])),
            "topics": draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True)),
            "regions": draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True)),
            "author": draw(st.sampled_from([None, *AUTHORS])),
            "event_id": draw(st.sampled_from([None, "e1"])),
        }
        docs.append(make_doc(index, draw(sentences), draw(sentences), **fields))
    return docs


keyword_terms = st.one_of(
    st.builds(KeywordTerm, st.just("source"), st.sampled_from([*SOURCES, "nowhere"])),
    st.builds(KeywordTerm, st.just("type"), st.sampled_from([t.value for t in SourceType])),
    st.builds(KeywordTerm, st.just("sentiment"), st.sampled_from(["positive", "负面", "neutral"])),
    st.builds(KeywordTerm, st.just("topic"), st.sampled_from(TOPICS)),
    st.builds(KeywordTerm, st.just("region"), st.sampled_from(["32", "3201", "320102", "11", "440000"])),
    st.builds(KeywordTerm, st.just("author"), st.sampled_from(AUTHORS)),
    st.builds(KeywordTerm, st.just("event"), st.sampled_from(["e1", "e2"])),
)
text_leaves = st.one_of(
    st.builds(Term, st.sampled_from(QUERY_WORDS), text_fields),
    st.builds(
        Phrase, st.lists(st.sampled_from(QUERY_WORDS), min_size=1, max_size=3).map(" ".join), text_fields
    ),
)


def trees(leaves: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        groups = st.lists(children, min_size=2, max_size=3)
        return st.one_of(st.builds(And, groups), st.builds(Or, groups), st.builds(Not, children))

    return st.recursive(leaves, extend, max_leaves=8)


expressible_trees = trees(st.one_of(text_leaves, keyword_terms))
engine_trees = trees(st.one_of(text_leaves, keyword_terms, st.just(MatchAll())))


# ---- properties --------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(docs=documents(), nodes=st.lists(engine_trees, min_size=1, max_size=4))
def test_memory_fts5_and_tantivy_return_the_same_ids(docs: list[Document], nodes: list[Node]) -> None:
    engines = Engines(docs, analyze_words)
    try:
        for node in nodes:
            engines.assert_agree(node)
    finally:
        engines.close()


@PROPERTY_SETTINGS
@given(node=expressible_trees)
def test_parse_of_to_text_is_the_same_tree(node: Node) -> None:
    assert parse(to_text(node)) == node


# ---- examples ----------------------------------------------------------------------------------


@pytest.fixture
def chinese() -> Engines:
    docs = [
        make_doc(0, "城市黑臭水体治理", "", source="people", source_type=SourceType.NEWS),
        make_doc(1, "", "黑水臭体", source="weibo", source_type=SourceType.SOCIAL),
        make_doc(2, "雾霾", "北京雾霾演习，ＰＭ２.５超标", source="weibo", source_type=SourceType.SOCIAL),
        make_doc(3, "水体黑臭", "北京", source="people", source_type=SourceType.NEWS, regions=["110105"]),
    ]
    return Engines(docs, analyze_chars)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"黑臭水体"', {"d0"}),
        ("黑臭水体", {"d0"}),
        ("黑臭", {"d0", "d3"}),
        ("臭", {"d0", "d1", "d3"}),
        ("title:北京", set()),
        ("北京 -演习", {"d3"}),
        ("-演习", {"d0", "d1", "d3"}),
        ("PM2.5", {"d2"}),
        ("(雾霾 | 黑臭) type:social", {"d2"}),
        ("region:11 | source:weibo -雾霾", {"d1", "d3"}),
        ("！！", set()),
        ("-！！", {"d0", "d1", "d2", "d3"}),
        ("", {"d0", "d1", "d2", "d3"}),
    ],
)
def test_chinese_split_per_character(chinese: Engines, query: str, expected: set[str]) -> None:
    try:
        assert chinese.assert_agree(parse(query)) == expected
    finally:
        chinese.close()


def test_a_long_tag_is_found_by_every_engine() -> None:
    author = AUTHORS[1]
    docs = [make_doc(0, "", "", source="s", source_type=SourceType.NEWS, author=author)]
    engines = Engines(docs, analyze_words)
    try:
        assert engines.assert_agree(parse(f"author:{author}")) == {"d0"}
    finally:
        engines.close()


def test_a_dictionary_word_is_one_term_not_also_a_phrase_of_its_sub_words() -> None:
    """The phrase of a word's search-mode sub-words contains the word's own term, so it can only
    match where the term does: the engines get the term alone (a phrase of common sub-words costs
    tens of milliseconds at a million documents)."""
    from app.wiring import index_tokenizer
    from indexer.query.leaves import leaf_alternatives

    def search_mode(text: str) -> list[str]:
        return analyze(text, index_tokenizer)

    assert search_mode("气候变化") == ["气候", "变化", "气候变化"]
    assert leaf_alternatives(Term("气候变化"), search_mode) == [["气候变化"]]
    assert leaf_alternatives(Phrase("气候变化"), search_mode) == [["气候变化"]]
    assert leaf_alternatives(Phrase("北京 雾霾"), search_mode) == [["北京", "雾霾"]]
    schema = tantivy.SchemaBuilder().add_text_field("title").add_text_field("text").build()
    assert "Phrase" not in repr(to_tantivy(parse("气候变化"), search_mode, schema))
