"""RSS 2.0 and Atom 1.0 feeds of sites A and B."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from app.sampleweb.content.model import Article
from app.sampleweb.urls import article_path

FEED_TITLE = "青岚新闻网·云溪资讯网 环境新闻"


def _site_name(article: Article) -> str:
    return "青岚新闻网" if article.site == "newsa" else "云溪资讯网"


def render_rss(articles: list[Article], base_url: str, built: datetime) -> str:
    """RSS 2.0, pubDate in RFC 822 with +0800."""
    items = "".join(
        "<item>"
        f"<title>{escape(a.title)}</title>"
        f"<link>{base_url}{article_path(a)}</link>"
        f'<guid isPermaLink="true">{base_url}{article_path(a)}</guid>'
        f"<pubDate>{format_datetime(a.published_at)}</pubDate>"
        f"<description>{escape(a.paragraphs[0])}</description>"
        f"<category>{escape(a.channel)}</category>"
        f'<source url="{base_url}/feeds/rss.xml">{escape(_site_name(a))}</source>'
        "</item>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{FEED_TITLE}</title><link>{base_url}/newsa/</link>"
        "<description>环境与生态新闻</description><language>zh-cn</language>"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate><ttl>10</ttl>{items}</channel></rss>\n"
    )


def render_atom(articles: list[Article], base_url: str, updated: datetime) -> str:
    """Atom 1.0, RFC 3339 times with +08:00."""
    entries = "".join(
        "<entry>"
        f"<id>tag:sampleweb.local,2026:{a.item_id}</id>"
        f"<title>{escape(a.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{base_url}{article_path(a)}"/>'
        f"<published>{a.published_at.isoformat()}</published><updated>{a.published_at.isoformat()}</updated>"
        f"<summary>{escape(a.paragraphs[0])}</summary>"
        f"<author><name>{escape(a.author or _site_name(a))}</name></author>"
        "</entry>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
        f"<id>tag:sampleweb.local,2026:feed</id><title>{FEED_TITLE}</title>"
        f'<link rel="self" href="{base_url}/feeds/atom.xml"/><link rel="alternate" href="{base_url}/newsa/"/>'
        f"<updated>{updated.isoformat()}</updated>{entries}</feed>\n"
    )
