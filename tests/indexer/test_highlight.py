"""Highlighting and snippets of crawled (hostile) text."""

from __future__ import annotations

import random

import pytest

from indexer.highlight import find_spans, highlight, snippet


def test_escapes_everything_and_adds_only_marks() -> None:
    text = '<script>alert("x")</script> & 雾霾 <b>'
    assert highlight(text, ["雾霾"]) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>雾霾</mark> &lt;b&gt;"
    )
    assert highlight(text, []) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 雾霾 &lt;b&gt;"


def test_a_term_that_looks_like_markup_is_escaped_too() -> None:
    assert highlight("a <mark> b", ["<mark>"]) == "a &lt;<mark>mark</mark>&gt; b"
    assert highlight("x<b>y", ["<b>"]) == "x&lt;<mark>b</mark>&gt;y"


def test_case_and_nfkc_insensitive() -> None:
    assert highlight("ＰＭ２.５ and pm2.5 and PM2.5", ["pm2.5"]) == (
        "<mark>ＰＭ２.５</mark> and <mark>pm2.5</mark> and <mark>PM2.5</mark>"
    )
    assert highlight("Beijing BEIJING", ["ＢＥＩＪＩＮＧ"]) == "<mark>Beijing</mark> <mark>BEIJING</mark>"


def test_character_that_expands_under_nfkc_maps_back() -> None:
    assert highlight("a㍿b", ["会社"]) == "a<mark>㍿</mark>b"
    assert highlight("ﬁsh ﬁle", ["fish"]) == "<mark>ﬁsh</mark> ﬁle"


def test_pieces_may_be_separated_by_punctuation_or_spaces() -> None:
    assert highlight("北京市，北京 市", ["北京 市"]) == "<mark>北京市</mark>，<mark>北京 市</mark>"
    assert highlight("pm2 5", ["PM2.5"]) == "<mark>pm2 5</mark>"


def test_ascii_terms_do_not_match_inside_words_but_cjk_does() -> None:
    assert highlight("chair air airs", ["air"]) == "chair <mark>air</mark> airs"
    assert highlight("北京市的黑臭水体", ["黑臭"]) == "北京市的<mark>黑臭</mark>水体"


def test_longest_term_wins_and_marks_do_not_overlap() -> None:
    assert highlight("黑臭水体", ["黑臭", "黑臭水体", "水体"]) == "<mark>黑臭水体</mark>"
    assert [(s.start, s.end) for s in find_spans("水水水", ["水"])] == [(0, 1), (1, 2), (2, 3)]


def test_terms_without_letters_are_ignored() -> None:
    assert highlight("a!! 🙂", ["!!", "🙂", ""]) == "a!! 🙂"


def test_snippet_is_the_beginning_when_nothing_matches() -> None:
    text = "开头 " + "正文内容" * 100
    result = snippet(text, ["没有"], width=20)
    assert result.startswith("开头 正文内容")
    assert result.endswith("…")
    assert "<mark>" not in result


def test_short_text_snippet_has_no_ellipsis() -> None:
    assert snippet("北京\n\n雾霾", ["雾霾"]) == "北京 <mark>雾霾</mark>"


def test_snippet_finds_the_densest_window_and_marks_it() -> None:
    filler = "无关内容，" * 60
    text = filler + "黑臭水体 出现在这里" + filler + "这里有北京和黑臭水体和演习" + filler
    result = snippet(text, ["黑臭水体", "北京"], width=40)
    assert "<mark>北京</mark>" in result
    assert "<mark>黑臭水体</mark>" in result
    assert result.startswith("…")
    assert result.endswith("…")
    plain = result.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert len(plain) <= 40
    assert plain in text


def test_snippet_cuts_on_spaces_in_latin_text() -> None:
    text = " ".join(["lorem"] * 50) + " the river was polluted yesterday " + " ".join(["ipsum"] * 50)
    result = snippet(text, ["polluted"], width=60)
    inner = result.strip("…")
    assert inner.split(" ")[0] in {"lorem", "the"}
    assert inner.split(" ")[-1] in {"ipsum", "yesterday"}
    assert "<mark>polluted</mark>" in result


def test_snippet_escapes_hostile_text() -> None:
    text = "<img src=x onerror=alert(1)> " * 20 + "偷排" + " <script>" * 20
    result = snippet(text, ["偷排"], width=50)
    assert "<img" not in result
    assert "<script" not in result
    assert "<mark>偷排</mark>" in result


@pytest.mark.parametrize("width", [1, 10, 120, 5000])
def test_snippet_handles_any_width(width: int) -> None:
    text = "雾霾" * 30
    result = snippet(text, ["雾霾"], width=width)
    assert "<mark>雾霾</mark>" in result


def test_random_texts_render_as_escaped_original() -> None:
    rng = random.Random(7)
    alphabet = "ab雾霾<>&\"' ㍿ﬁＰＭ２.5\n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        terms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(2)]
        marked = highlight(text, terms)
        unmarked = marked.replace("<mark>", "").replace("</mark>", "")
        assert unmarked == highlight(text, [])
        assert "<" not in unmarked


def test_text_that_folding_leaves_alike_is_matched_as_it_is_with_the_same_spans() -> None:
    # A text whose only folded characters are ASCII capitals and separators (，　：) is matched
    # without folding it; a trailing 🙂 forces the folding path: both must find the same spans.
    rng = random.Random(11)
    alphabet = "abkAKZ09 _-.,，。　：（!北京市黑臭ＡＰ２ﬁ㍿K²①é\u0301Σσß"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        terms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(2)]
        assert find_spans(text, terms) == find_spans(text + "🙂", terms), (text, terms)
    assert highlight("AIR，air：Air　chair", ["air"]) == (
        "<mark>AIR</mark>，<mark>air</mark>：<mark>Air</mark>　chair"
    )
