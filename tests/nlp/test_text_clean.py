"""``nfkc`` and ``clean_post`` give what their plain definitions give."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.text import EMOTICON, _cleaned, clean_post, nfkc

# Chinese text, the characters NFKC changes in it, and the markup clean_post removes
PIECES = [
    "河水发臭",
    "，",
    "。",
    "！",
    "（１２３）",
    "\u3000",
    "…",
    "①",
    "\u00a0",
    "Ａ",
    "\u0301",
    "ｶ",
    "\uff9e",
    "[哈哈]",
    "[",
    "@环保局:",
    "@",
    "http://a.cn/x ",
    "www.",
    "//",
    "回复",
    " ",
    "\t\n",
    "\u2003",
    "ﬁ",
    "［哈］",
    "＠",
    "／／",
    "e",
    "\u0301",
    "㎏",
]
texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
)


def plain_clean_post(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = EMOTICON.sub("", text)
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"@[\w\-·]{1,30}[:：]?", " ", text)
    text = re.sub(r"//|回复", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=600)
@given(texts)
def test_nfkc_is_unicode_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=600)
@given(texts)
def test_clean_post_is_the_plain_definition(text: str) -> None:
    assert _cleaned.__wrapped__(text)[0] == plain_clean_post(text)
    # through the memo of clean texts: the text, its clean form, and the clean form's clean form
    once = clean_post(text)
    assert once == plain_clean_post(text)
    assert clean_post(once) == plain_clean_post(once)
    assert clean_post(" ".join([once, once])) == plain_clean_post(" ".join([once, once]))


def test_every_character_of_the_basic_planes_normalises_alike() -> None:
    # each character alone and after a letter (a combining mark composes with it)
    chars = "".join(chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(chars), 4096):
        block = chars[start : start + 4096]
        assert nfkc(block) == unicodedata.normalize("NFKC", block)
        paired = "".join("a" + c for c in block)
        assert nfkc(paired) == unicodedata.normalize("NFKC", paired)


def test_clean_post_examples() -> None:
    assert clean_post("回复@环保局：河水发臭了！[怒] http://t.cn/abc") == "河水发臭了!"
    assert clean_post("ＰＭ２.５\u3000超标") == "PM2.5 超标"


def test_a_text_whose_markup_removal_leaves_an_unnormalised_text_is_cleaned_again() -> None:
    once = clean_post("e[哈]\u0301")
    assert once == "e\u0301"
    assert clean_post(once) == "\u00e9"
