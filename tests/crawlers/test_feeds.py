"""RSS and Atom through feedparser; broken XML is flagged, not silently accepted."""

from __future__ import annotations

from datetime import UTC, datetime

from crawlers.feeds import parse_feed

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>环境新闻</title><link>http://news.example/</link>
<item><title>湖泊蓝藻监测</title><link>http://news.example/a/1.html</link>
<pubDate>Fri, 20 Nov 2026 09:30:00 +0800</pubDate><description>&lt;p&gt;第一段&lt;/p&gt;</description></item>
<item><title>没有链接</title></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>tag:x</id><updated>2026-11-20T09:30:00+08:00</updated>
<entry><id>tag:x:1</id><title>湿地修复</title><link rel="alternate" href="http://news.example/b/2.html"/>
<published>2026-11-20T09:30:00+08:00</published><author><name>记者甲</name></author><summary>摘要</summary></entry>
</feed>""".encode()


def test_rss_entries() -> None:
    feed = parse_feed(RSS, "application/rss+xml; charset=utf-8")
    assert not feed.malformed
    assert [e.url for e in feed.entries] == ["http://news.example/a/1.html"]
    entry = feed.entries[0]
    assert entry.title == "湖泊蓝藻监测"
    assert entry.summary == "第一段"
    assert entry.published_at == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)


def test_atom_entries() -> None:
    feed = parse_feed(ATOM)
    assert not feed.malformed
    assert feed.entries[0].url == "http://news.example/b/2.html"
    assert feed.entries[0].author == "记者甲"


def test_broken_xml_is_malformed() -> None:
    broken = RSS.replace(b"</title><link>http://news.example/a", b"<link>http://news.example/a & b")
    assert parse_feed(broken).malformed


def test_html_or_nothing_is_not_a_feed() -> None:
    assert parse_feed(b"<html><body>not a feed</body></html>").malformed
    assert parse_feed(b"").malformed
