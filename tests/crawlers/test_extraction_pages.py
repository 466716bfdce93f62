"""The extractor on whole pages written for these tests (tests/crawlers/fixtures/pages/)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crawlers.extraction import (
    SHANGHAI,
    EmptyPageError,
    ExtractedArticle,
    NotHtmlError,
    UndecodableError,
    extract_article,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
FETCHED = datetime(2026, 11, 21, 8, 0, tzinfo=SHANGHAI)


def extract(name: str, **kwargs: object) -> ExtractedArticle:
    return extract_article((PAGES / name).read_bytes(), reference=FETCHED, **kwargs)  # type: ignore[arg-type]


def test_utf8_news_page_fields() -> None:
    article = extract("utf8_news.html", url="https://news.example.cn/env/a.html")
    assert article.title == "青溪河下游出现大量死鱼 区生态环境局已启动调查"
    assert article.published_at == datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)
    assert article.author == "李明远"
    assert article.origin == "清源日报"
    assert article.canonical_url == "https://news.example.cn/news/2026/11/20/qingxi-fish.html"
    assert article.encoding == "utf-8"
    assert article.language_variant == "simplified"
    assert article.original_text is None


def test_utf8_news_body_is_the_article_only() -> None:
    text = extract("utf8_news.html").text
    assert text.startswith("11月19日傍晚，有市民反映青溪河下游")
    assert text.endswith("确保下游饮用水取水口水质安全。")
    for boilerplate in ("首页", "相关新闻", "分享到", "责任编辑", "版权所有", "发布时间", "大气污染防治攻坚"):
        assert boilerplate not in text
    assert text.count("\n") == 4  # five paragraphs


@pytest.mark.parametrize("name", ["gbk_meta.html", "gbk_undeclared.html"])
def test_gbk_pages(name: str) -> None:
    article = extract(name)
    assert article.encoding == "gb18030"
    assert article.title == "市生态环境局部署秋冬季秸秆禁烧工作"
    assert article.published_at == datetime(2026, 11, 18, 16, 5, tzinfo=SHANGHAI)
    assert article.origin == "市生态环境局"
    assert "卫星遥感火点核查" in article.text
    assert "秸秆肥料化、饲料化和能源化利用" in article.text
    assert "蓝天保卫战" not in article.text
    assert "打印本页" not in article.text


def test_gbk_page_behind_a_header_that_lies() -> None:
    body = (PAGES / "gbk_undeclared.html").read_bytes()
    article = extract_article(body, content_type="text/html; charset=utf-8", reference=FETCHED)
    assert article.encoding == "gb18030"
    assert article.title == "市生态环境局部署秋冬季秸秆禁烧工作"


def test_traditional_page_is_simplified_and_keeps_the_original() -> None:
    article = extract("traditional.html")
    assert article.language_variant == "traditional"
    assert article.title == "环保署公布今年首季空气质素监测结果"
    assert article.original_title == "環保署公布今年首季空氣質素監測結果"
    assert "环境保护署今日公布" in article.text
    assert article.original_text is not None
    assert "環境保護署今日公布" in article.original_text
    assert article.author == "陈家豪"
    assert article.published_at == datetime(2026, 4, 15, 14, 20, tzinfo=SHANGHAI)


def test_big5_page_without_declaration() -> None:
    article = extract("big5_undeclared.html")
    assert article.encoding == "big5hkscs"
    assert article.language_variant == "traditional"
    assert article.text == extract("traditional.html").text


def test_heavy_boilerplate_is_left_out() -> None:
    article = extract("heavy_boilerplate.html")
    assert article.title == "湿地公园候鸟数量创新高 志愿者开展越冬观测"
    assert article.published_at == datetime(2026, 1, 12, 10, 15, tzinfo=SHANGHAI)
    assert article.author == "赵晓晴"
    assert article.origin == "绿岸网"
    assert article.text.startswith("1月11日清晨，二十多名环保志愿者")
    assert article.text.endswith("为后续生态修复提供依据。")
    for boilerplate in (
        "免责声明",
        "推荐阅读",
        "网友评论",
        "希望湿地一直保护下去",
        "排行榜",
        "分享到微信",
        "标签",
    ):
        assert boilerplate not in article.text


def test_page_without_a_date() -> None:
    article = extract("no_date.html", url="https://community.example.cn/news/3.html")
    assert article.published_at is None
    assert article.title == "社区开展旧衣回收活动 居民踊跃参与"
    assert "旧衣物回收活动" in article.text


def test_malformed_html() -> None:
    article = extract("malformed.html")
    assert article.title == "化工园区夜间异味扰民 居民盼早日解决"
    assert article.published_at == datetime(2026, 10, 8, 22, 41, tzinfo=SHANGHAI)
    assert article.origin == "民声热线"
    assert "刺鼻的化学品气味" in article.text
    assert "向居民反馈处理结果" in article.text
    assert "上一篇" not in article.text
    assert "ICP" not in article.text


def test_empty_body_gives_an_empty_article() -> None:
    article = extract("empty_body.html")
    assert article.text == ""
    assert article.title == "页面加载中"
    assert article.body_source == "none"


def test_list_of_posts_keeps_the_first() -> None:
    article = extract("blog_list.html")
    assert article.published_at == datetime(2026, 6, 3, 21, 10, tzinfo=SHANGHAI)
    assert article.text.startswith("连下了三天雨")
    assert "堆肥" not in article.text
    assert "夜鹭" not in article.text


def test_url_date_when_the_page_has_none() -> None:
    article = extract("no_date.html", url="https://www.example.gov.cn/xwfb/202611/t20261119_1.shtml")
    assert article.published_at == datetime(2026, 11, 19, tzinfo=SHANGHAI)


def test_relative_byline_time_counts_from_the_fetch_time() -> None:
    page = (PAGES / "no_date.html").read_text(encoding="utf-8")
    page = page.replace("</h1>", "</h1><div class='info'>发布时间：昨天 21:03</div>")
    article = extract_article(page, reference=FETCHED)
    assert article.published_at == datetime(2026, 11, 20, 21, 3, tzinfo=SHANGHAI)
    assert article.encoding is None  # text input: nothing was decoded


def test_decoded_text_and_bytes_give_the_same_article() -> None:
    raw = (PAGES / "utf8_news.html").read_bytes()
    from_bytes = extract_article(raw, reference=FETCHED)
    from_text = extract_article(raw.decode("utf-8"), reference=FETCHED)
    assert from_text.model_copy(update={"encoding": "utf-8"}) == from_bytes


@pytest.mark.parametrize("body", [b"", b"   \n\t  "])
def test_empty_page_is_an_error(body: bytes) -> None:
    with pytest.raises(EmptyPageError):
        extract_article(body)


@pytest.mark.parametrize(
    "body",
    [
        "死鱼事件调查结果将于近日公布。".encode(),
        b'{"title": "\xe6\xad\xbb\xe9\xb1\xbc", "text": "..."}',
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title></channel></rss>',
    ],
)
def test_not_html_is_an_error(body: bytes) -> None:
    with pytest.raises(NotHtmlError):
        extract_article(body)


def test_binary_is_an_error() -> None:
    with pytest.raises(UndecodableError):
        extract_article(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
