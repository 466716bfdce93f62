"""HTML fragments from APIs to plain text."""

from __future__ import annotations

from crawlers.textclean import strip_html


def test_tags_dropped_emoticons_kept_breaks_become_lines() -> None:
    fragment = '<a href="/n/x">@某人</a> 太臭了<span class="url-icon"><img alt="[怒]" src="a.png"></span><br />&amp; 再说'
    assert strip_html(fragment) == "@某人 太臭了[怒]\n& 再说"


def test_plain_text_and_entities() -> None:
    assert strip_html("a&lt;b　　c") == "a<b c"
    assert strip_html("") == ""


def test_paragraphs() -> None:
    assert strip_html("<p>第一段</p><p>第二段</p>") == "第一段\n第二段"
