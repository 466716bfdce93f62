"""The query language's parser, canonical text and node checks."""

from __future__ import annotations

import pytest

from indexer.errors import QuerySyntaxError
from indexer.query import (
    And,
    KeywordTerm,
    MatchAll,
    Not,
    Or,
    Phrase,
    Term,
    highlight_terms,
    parse,
    to_text,
)


def t(text: str, field: str | None = None) -> Term:
    return Term(text, field)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("雾霾", t("雾霾")),
        ("雾霾 北京", And([t("雾霾"), t("北京")])),
        ("雾霾 AND 北京", And([t("雾霾"), t("北京")])),
        ("雾霾 & 北京 && 天津", And([t("雾霾"), t("北京"), t("天津")])),
        ("雾霾 | PM2.5 OR 霾 || 尘", Or([t("雾霾"), t("PM2.5"), t("霾"), t("尘")])),
        ("-演习", Not(t("演习"))),
        ("NOT 演习", Not(t("演习"))),
        ("--演习", Not(Not(t("演习")))),
        (
            "(雾霾 | PM2.5) 北京 -演习",
            And([Or([t("雾霾"), t("PM2.5")]), t("北京"), Not(t("演习"))]),
        ),
        ('"黑臭水体"', Phrase("黑臭水体")),
        ('"a OR (b"', Phrase("a OR (b")),
        ("title:偷排", t("偷排", "title")),
        ('text:"黑臭 水体"', Phrase("黑臭 水体", "text")),
        ("source:weibo", KeywordTerm("source", "weibo")),
        ("type:social", KeywordTerm("type", "social")),
        ("topic:Water", KeywordTerm("topic", "water")),
        ("author:张三", KeywordTerm("author", "张三")),
        ("event:E42", KeywordTerm("event", "e42")),
        ('author:"张 三"', KeywordTerm("author", "张 三")),
        ("-source:weibo", Not(KeywordTerm("source", "weibo"))),
        ("", MatchAll()),
        ("   \t\u3000 ", MatchAll()),
    ],
)
def test_parses(query: str, expected: object) -> None:
    assert parse(query) == expected


def test_precedence_is_not_then_and_then_or() -> None:
    assert parse("NOT a b | c d") == Or([And([Not(t("a")), t("b")]), And([t("c"), t("d")])])
    assert parse("a | b c") == Or([t("a"), And([t("b"), t("c")])])
    assert parse("-(a | b) c") == And([Not(Or([t("a"), t("b")])), t("c")])


def test_parentheses_keep_their_structure() -> None:
    assert parse("(a b) c") == And([And([t("a"), t("b")]), t("c")])
    assert parse("((a))") == t("a")


def test_operator_words_are_upper_case_only() -> None:
    assert parse("a or b") == And([t("a"), t("or"), t("b")])
    assert parse("not and") == And([t("not"), t("and")])


def test_hyphen_inside_a_word_is_text() -> None:
    assert parse("covid-19 a-") == And([t("covid-19"), t("a-")])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region:320100", KeywordTerm("region", "3201")),
        ("region:320000", KeywordTerm("region", "32")),
        ("region:320105", KeywordTerm("region", "320105")),
        ("region:3201", KeywordTerm("region", "3201")),
        ("sentiment:负面", KeywordTerm("sentiment", "negative")),
        ("sentiment:Positive", KeywordTerm("sentiment", "positive")),
        ("sentiment:中性", KeywordTerm("sentiment", "neutral")),
        ("type:official", KeywordTerm("type", "official")),
    ],
)
def test_keyword_values_are_normalised(query: str, expected: KeywordTerm) -> None:
    assert parse(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("标题：偷排", t("偷排", "title")),
        ("正文:偷排", t("偷排", "text")),
        ("body:偷排", t("偷排", "text")),
        ("TITLE:偷排", t("偷排", "title")),
        ("来源:weibo", KeywordTerm("source", "weibo")),
        ("source_type:news", KeywordTerm("type", "news")),
    ],
)
def test_field_aliases(query: str, expected: object) -> None:
    assert parse(query) == expected


def test_full_width_and_chinese_punctuation() -> None:
    expected = And([Or([t("雾霾"), t("霾")]), Phrase("北京 市"), Not(t("演习"))])
    assert parse("（雾霾｜霾）“北京 市”－演习") == expected
    assert parse("＂黑臭水体＂") == Phrase("黑臭水体")
    assert parse("a ＆ b") == And([t("a"), t("b")])


@pytest.mark.parametrize("query", ["12:30", "https://example.org/a?b=c", "记者:张三", ":x", "3:2"])
def test_colon_outside_a_field_is_text(query: str) -> None:
    assert parse(query) == Term(query.replace("：", ":"))


def test_field_groups_apply_the_field_inside() -> None:
    assert parse('title:(偷排 | "黑臭 水体")') == Or([t("偷排", "title"), Phrase("黑臭 水体", "title")])
    assert parse("source:(weibo | People)") == Or(
        [KeywordTerm("source", "weibo"), KeywordTerm("source", "people")]
    )
    assert parse("title:(a text:b)") == And([t("a", "title"), t("b", "text")])
    assert parse("region:(32 -3201)") == And(
        [KeywordTerm("region", "32"), Not(KeywordTerm("region", "3201"))]
    )


@pytest.mark.parametrize(
    ("query", "position", "reason_part"),
    [
        ("(雾霾 北京", 0, "unclosed parenthesis"),
        ("a (b (c)", 2, "unclosed parenthesis"),
        ("雾霾)", 2, "no matching '('"),
        ("a ) b", 2, "no matching '('"),
        ("a () b", 2, "empty parentheses"),
        ('a "黑臭', 2, "unterminated quote"),
        ('a ""', 2, "empty quotes"),
        ('"  "', 0, "empty quotes"),
        ("雾霾 OR", 3, "'OR' has nothing after it"),
        ("雾霾 |", 3, "'|' has nothing after it"),
        ("a | | b", 2, "'|' has nothing after it"),
        ("OR 雾霾", 0, "'OR' has nothing before it"),
        ("| 雾霾", 0, "'|' has nothing before it"),
        ("(AND a)", 1, "'AND' has nothing before it"),
        ("a AND", 2, "'AND' has nothing after it"),
        ("a (b OR)", 5, "'OR' has nothing after it"),
        ("a NOT", 2, "'NOT' has nothing after it"),
        ("a - b", 2, "'-' must be directly followed"),
        ("a -", 2, "'-' must be directly followed"),
        ("(a -)", 3, "'-' must be directly followed"),
        ("a titel:b", 2, "unknown field 'titel'"),
        ("Foo:bar", 0, "unknown field 'Foo'"),
        ("title: 偷排", 5, "needs a value"),
        ("region:3201x", 7, "bad region code"),
        ("region:123", 7, "bad region code"),
        ('a region:"12 34"', 10, "bad region code"),
        ("sentiment:angry", 10, "unknown sentiment"),
        ("type:blog", 5, "unknown type"),
        ("source:(a | )", 10, "'|' has nothing after it"),
    ],
)
def test_errors_have_a_position_and_a_reason(query: str, position: int, reason_part: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert caught.value.position == position
    assert reason_part in caught.value.reason
    assert caught.value.query == query


def test_unknown_field_error_lists_the_fields() -> None:
    with pytest.raises(QuerySyntaxError, match="title, text, source, type, sentiment"):
        parse("titel:偷排")


def test_query_length_limit() -> None:
    parse("a" * 1000)
    with pytest.raises(QuerySyntaxError) as caught:
        parse("a" * 1001)
    assert caught.value.position == 1000
    assert "longer than 1000" in caught.value.reason


def test_nesting_limit_counts_parentheses_and_negations() -> None:
    assert parse("(" * 32 + "a" + ")" * 32) == t("a")
    parse("-" * 32 + "a")
    with pytest.raises(QuerySyntaxError) as caught:
        parse("(" * 33 + "a" + ")" * 33)
    assert caught.value.position == 32
    assert "nested too deeply" in caught.value.reason
    with pytest.raises(QuerySyntaxError) as caught:
        parse("-(" * 17 + "a" + ")" * 17)
    assert caught.value.position == 32


def test_term_limit() -> None:
    parse(" ".join(["w"] * 64))
    with pytest.raises(QuerySyntaxError) as caught:
        parse(" ".join(["w"] * 65))
    assert caught.value.position == 128
    assert "more than 64 terms" in caught.value.reason


@pytest.mark.parametrize(
    "query",
    [
        "(雾霾 | PM2.5) 北京 -演习",
        '"黑臭水体" title:偷排 -(source:weibo | type:social)',
        "a (b c) | (d | e) -(f g) --h",
        'author:"张 三" region:3201 sentiment:negative topic:water event:x',
        'title:"a b" text:c 12:30 https://x.org',
        "source:-x title:-y title:OR",
    ],
)
def test_to_text_round_trips(query: str) -> None:
    node = parse(query)
    assert parse(to_text(node)) == node


def test_to_text_is_canonical() -> None:
    assert to_text(parse("NOT a AND b OR c")) == "-a b | c"
    assert to_text(parse("（雾霾｜霾）  sentiment:负面")) == "(雾霾 | 霾) sentiment:negative"
    assert to_text(parse("source:( a | b )")) == "source:a | source:b"
    assert to_text(parse('author:"X Y"')) == 'author:"x y"'
    assert to_text(MatchAll()) == ""


def test_match_all_cannot_be_nested_in_text() -> None:
    with pytest.raises(ValueError, match="MatchAll"):
        to_text(And([MatchAll(), t("a")]))


@pytest.mark.parametrize(
    "build",
    [
        lambda: Term("a b"),
        lambda: Term(""),
        lambda: Term("OR"),
        lambda: Term("-a"),
        lambda: Term("(a"),
        lambda: Term("title:a"),
        lambda: Term("a", "source"),
        lambda: Phrase("  "),
        lambda: Phrase('a"b'),
        lambda: KeywordTerm("title", "a"),
        lambda: KeywordTerm("region", "abc"),
        lambda: KeywordTerm("type", "blog"),
        lambda: KeywordTerm("source", " "),
        lambda: And([Term("a")]),
        lambda: Or([]),
    ],
)
def test_nodes_reject_what_the_text_form_cannot_express(build: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        build()  # type: ignore[operator]


def test_nodes_are_hashable_values() -> None:
    assert And([t("a"), t("b")]) == And((t("a"), t("b")))
    assert len({parse("a b"), parse("a  b"), parse("a AND b")}) == 1


def test_highlight_terms_are_the_positive_text_terms() -> None:
    node = parse('(雾霾 | "PM2.5") title:北京 -演习 source:weibo --双重 -(a | b) 雾霾')
    assert highlight_terms(node) == ["雾霾", "PM2.5", "北京", "双重"]
    assert highlight_terms(MatchAll()) == []
