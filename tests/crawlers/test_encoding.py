"""Decoding page bytes: header, meta, detection, GB18030 fallback — and never mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.extraction import UndecodableError, decode_html
from crawlers.extraction.encoding import declared_charsets, normalize_charset

PAGES = Path(__file__).parent / "fixtures" / "pages"
TEXT = "青溪河下游出现大量死鱼，区生态环境局已启动调查，沿岸居民反映河水发黑。"
TRADITIONAL = "環境保護署公布空氣質素監測結果，路邊監測站的二氧化氮濃度下降。"


def page(body: bytes, head: bytes = b"") -> bytes:
    return b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body></html>"


def test_utf8_with_header() -> None:
    text, encoding = decode_html(page(TEXT.encode()), "text/html; charset=UTF-8")
    assert TEXT in text
    assert encoding == "utf-8"


def test_gbk_without_any_declaration() -> None:
    text, encoding = decode_html(page(TEXT.encode("gbk")), "text/html")
    assert TEXT in text
    assert encoding == "gb18030"


def test_gbk_declared_only_in_meta() -> None:
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    text, encoding = decode_html(page(TEXT.encode("gbk"), meta), None)
    assert TEXT in text
    assert encoding == "gb18030"


def test_gb2312_declaration_decodes_gbk_only_characters() -> None:
    # 镕 and 堃 are in GBK but not in GB2312: a strict GB2312 decoder would fail or lose them.
    body = "朱镕基 王堃 考察垃圾焚烧发电项目".encode("gbk")
    text, _ = decode_html(page(body, b'<meta charset="gb2312">'))
    assert "朱镕基 王堃" in text


def test_header_claiming_utf8_for_gbk_body_is_ignored() -> None:
    text, encoding = decode_html(page(TEXT.encode("gbk")), "text/html; charset=utf-8")
    assert TEXT in text
    assert encoding == "gb18030"


def test_header_claiming_gbk_for_utf8_body_is_ignored() -> None:
    text, encoding = decode_html(page(TEXT.encode()), "text/html; charset=GBK")
    assert TEXT in text
    assert encoding == "utf-8"


def test_latin1_server_default_does_not_turn_gbk_into_mojibake() -> None:
    text, _ = decode_html(page(TEXT.encode("gbk")), "text/html; charset=ISO-8859-1")
    assert TEXT in text


def test_meta_lying_about_utf8_page_saved_by_a_browser() -> None:
    text, encoding = decode_html(page(TEXT.encode(), b'<meta charset="gb2312">'))
    assert TEXT in text
    assert encoding == "utf-8"


def test_big5_without_declaration() -> None:
    text, encoding = decode_html(page(TRADITIONAL.encode("big5")))
    assert TRADITIONAL in text
    assert encoding == "big5hkscs"


def test_truncated_gbk_byte_falls_back_with_a_replacement_not_mojibake() -> None:
    body = TEXT.encode("gbk") + "污".encode("gbk")[:1]
    text, encoding = decode_html(page(body), None)
    assert TEXT in text
    assert encoding == "gb18030"


@pytest.mark.parametrize(
    ("bom", "codec"), [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
)
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    html = "<html><body><p>" + TEXT + "</p></body></html>"
    text, _ = decode_html(bom + html.encode(codec))
    assert TEXT in text


def test_ascii_page_reports_its_declaration() -> None:
    assert decode_html(b"<html><body>PM2.5</body></html>", "text/html; charset=gbk") == (
        "<html><body>PM2.5</body></html>",
        "gb18030",
    )


def test_binary_data_is_undecodable() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(UndecodableError, match="not text"):
        decode_html(png, "text/html")


def test_fixture_pages_decode_to_the_same_text() -> None:
    declared, _ = decode_html((PAGES / "gbk_meta.html").read_bytes())
    undeclared, encoding = decode_html((PAGES / "gbk_undeclared.html").read_bytes(), "text/html")
    assert encoding == "gb18030"
    assert "秋冬季秸秆禁烧" in undeclared
    assert undeclared.split("<title>")[1] == declared.split("<title>")[1]


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("GB18030", "gb18030"),
        ("Big5", "big5hkscs"),
        ("UTF8", "utf-8"),
        ("no-such-charset", None),
    ],
)
def test_charset_labels(label: str, codec: str | None) -> None:
    assert normalize_charset(label) == codec


def test_header_is_read_before_meta() -> None:
    body = page(b"", b'<meta charset="utf-8">')
    assert declared_charsets(body, 'text/html; charset="GBK"') == ["gb18030", "utf-8"]
