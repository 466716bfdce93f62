"""News sites A and B, the bureau site, feeds and robots.txt: shapes, encodings, publication over time."""

from __future__ import annotations

import re
from datetime import timedelta

import feedparser
import httpx
import pytest

from app.sampleweb import SampleWeb

FISHKILL_A = "/newsa/n1/2026/1120/c1001-40001801.html"
FISHKILL_B = "/newsb/hbxw/202611/t20261120_500311.shtml"
TRADITIONAL_B = "/newsb/hbxw/202611/t20261118_500296.shtml"


def test_newsa_list_paginates_and_links_articles(client: httpx.Client) -> None:
    first = client.get("/newsa/env/index.html")
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    links = re.findall(r'<li><a href="(/newsa/[^"]+)"', first.text)
    assert len(links) >= 10
    assert any(link.endswith("?from=list") for link in links)
    assert any(link.startswith("/newsa/internal/") for link in links)
    assert 'href="/newsa/env/index_1.html">下一页' in first.text
    second = client.get("/newsa/env/index_1.html")
    assert second.status_code == 200
    assert "下一页" not in second.text
    assert client.get("/newsa/env/index_9.html").status_code == 404


def test_newsa_article_has_metadata_and_boilerplate(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=3))
    page = client.get(FISHKILL_A + "?from=list").text
    assert f'<link rel="canonical" href="{sample_web.base_url}{FISHKILL_A}">' in page
    assert "<h1>泾县琴溪河出现大量死鱼 当地生态环境部门已介入调查</h1>" in page
    assert "2026-11-20 11:00 | 来源：" in page
    assert "作者：本报记者 陈思远 吴桐" in page
    assert "(责任编辑：刘畅)" in page
    for boilerplate in ("相关新闻", "热门评论", "微信", "皖ICP备"):
        assert boilerplate in page


def test_articles_appear_only_once_published(sample_web: SampleWeb, client: httpx.Client) -> None:
    assert client.get(FISHKILL_A).status_code == 404
    assert "泾县琴溪河出现大量死鱼" not in client.get("/newsa/env/index.html").text
    sample_web.clock.advance(timedelta(hours=3))
    assert client.get(FISHKILL_A).status_code == 200
    assert "泾县琴溪河出现大量死鱼" in client.get("/newsa/env/index.html").text


def test_newsb_is_gbk_with_no_charset_in_the_header(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=6))
    response = client.get(FISHKILL_B)
    assert response.headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    text = response.content.decode("gbk")
    assert 'charset=gb2312"' in text
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("gb2312")  # the declared charset is too narrow: 镕 is GBK only
    assert "村民汪镕生" in text
    assert "2026年11月20日 14:00　来源：云溪资讯网" in text
    assert '<div id="zoom" class="content">' in text


def test_newsb_lists_paginate_and_one_article_is_traditional(client: httpx.Client) -> None:
    listing = client.get("/newsb/hbxw/list.shtml").content.decode("gbk")
    assert "共2页" in listing
    assert 'href="/newsb/hbxw/list_2.shtml">下一页' in listing
    assert client.get("/newsb/hbxw/list_2.shtml").status_code == 200
    assert client.get("/newsb/hbxw/list_1.shtml").status_code == 404
    traditional = client.get(TRADITIONAL_B).content.decode("gbk")
    assert "香港環保團體：濕地保育須長期投入" in traditional


def test_bureau_release_is_official_and_dated(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=5))
    listing = client.get("/bureau/xwfb/index.html").text
    path = re.search(r'href="(/bureau/xwfb/[^"]+)" title="关于琴溪河榔桥镇段死鱼情况的通报"', listing)
    assert path is not None
    page = client.get(path.group(1)).text
    assert "发布时间：2026-11-20 13:00:00　信息来源：宣城市泾县生态环境分局" in page
    assert client.get("/bureau/xwfb/index_1.html").status_code == 200


def test_feeds_list_newest_articles_with_dates(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=6))
    rss = feedparser.parse(client.get("/feeds/rss.xml").content)
    atom = feedparser.parse(client.get("/feeds/atom.xml").content)
    assert not rss.bozo
    assert not atom.bozo
    assert len(rss.entries) == len(atom.entries) == 20
    newest = rss.entries[0]
    assert newest.title == "琴溪河死鱼事件：沿河村民担心饮水安全"
    assert newest.link == sample_web.base_url + FISHKILL_B
    assert tuple(newest.published_parsed)[:5] == (2026, 11, 20, 6, 0)  # 14:00 +08:00 in UTC
    assert atom.entries[0].published == "2026-11-20T14:00:00+08:00"


def test_robots_disallows_the_internal_paths(client: httpx.Client) -> None:
    robots = client.get("/robots.txt").text
    assert "Disallow: /newsa/internal/" in robots
    assert "Disallow: /faults/private/" in robots


def test_conditional_get_answers_304_until_the_page_changes(
    sample_web: SampleWeb, client: httpx.Client
) -> None:
    for path in ("/newsa/env/index.html", "/newsb/hbxw/list.shtml", "/feeds/rss.xml"):
        first = client.get(path)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
        assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200
    old = client.get("/newsa/env/index.html").headers
    sample_web.clock.advance(timedelta(hours=3))
    changed = client.get("/newsa/env/index.html", headers={"If-None-Match": old["etag"]})
    assert changed.status_code == 200
    assert changed.headers["etag"] != old["etag"]
    assert (
        client.get("/newsa/env/index.html", headers={"If-Modified-Since": old["last-modified"]}).status_code
        == 200
    )


def test_head_and_unknown_paths_and_methods(client: httpx.Client) -> None:
    head = client.head("/newsa/env/index.html")
    assert head.status_code == 200
    assert int(head.headers["content-length"]) > 1000
    assert head.content == b""
    assert client.get("/nowhere").status_code == 404
    assert client.post("/newsa/env/index.html").status_code == 405
