"""The fast paths of ``indexer.analysis`` give exactly what the plain definitions give."""

from __future__ import annotations

import unicodedata

from app.wiring import index_tokenizer
from indexer.analysis import analyze, analyze_joined, index_pieces, normalize
from nlp.segmentation import index_tokens

CONTEXTS = ("{}", "Ａ{}\u0301", "e{}\u0327\u0301", "{}\u0308ｂ", "한{}국", "，{}…")


def plain_normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def test_normalize_equals_nfkc_lower_for_every_bmp_character_in_context() -> None:
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    for template in CONTEXTS:
        text = "".join(template.format(c) for c in chars[:: 1 if template == "{}" else 7])
        assert normalize(text) == plain_normalize(text), template
    for char in chars:
        assert normalize(char) == plain_normalize(char), hex(ord(char))
    astral = "𝐀𝐁𝟘 ﬁ ㎡ Ⅻ ①"
    assert normalize(astral) == plain_normalize(astral)


TEXTS = (
    "消除黑臭水体，ＰＭ２．５超标…２０２４年 e-mail: foo_bar@x.cn",
    "中央环保督察组进驻江苏省   \t 绿色低碳",
    "",
    "   ",
    "Ⅻ ㎡ ① 한국어 é\u0301",
)


def test_word_cached_terms_equal_the_plain_analysis() -> None:
    for text in TEXTS:
        plain = [p for t in index_tokens(plain_normalize(text)) for p in index_pieces(t)]
        assert analyze(text, index_tokenizer) == plain
        assert analyze(text, index_tokens) == plain  # the generic path
        assert analyze_joined(text, index_tokenizer) == " ".join(plain)
        assert analyze_joined(text, index_tokens) == " ".join(plain)


def test_recall_of_words_inside_longer_words() -> None:
    assert "黑臭水体" in analyze("消除黑臭水体", index_tokenizer)
    assert "低碳" in analyze_joined("绿色低碳", index_tokenizer).split()
