"""Routes of the HTML sites (news A, news B, the bureau), the feeds and robots.txt."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from app.sampleweb.clock import SCENARIO_START
from app.sampleweb.content.model import Article
from app.sampleweb.render import bureau, feeds, newsa, newsb
from app.sampleweb.response import Response, html_response
from app.sampleweb.state import Request, ServerState

NEWSA_PAGE, NEWSB_PAGE, BUREAU_PAGE = 10, 8, 10
# What pages with nothing on them report as Last-Modified.
EPOCH = SCENARIO_START - timedelta(days=30)
ROBOTS_TXT = """User-agent: *
Disallow: /newsa/internal/
Disallow: /bureau/search/
Disallow: /faults/private/

Sitemap: /newsa/sitemap.xml
"""
_NEWSA_LIST = re.compile(r"^/newsa/(env|local|society)/index(?:_(\d+))?\.html$")
_NEWSB_LIST = re.compile(r"^/newsb/(hbxw|shxw)/list(?:_(\d+))?\.shtml$")
_BUREAU_LIST = re.compile(r"^/bureau/xwfb/index(?:_(\d+))?\.html$")


def _newest(articles: list[Article]) -> datetime:
    return max((a.published_at for a in articles), default=EPOCH)


def _page_slice(articles: list[Article], page: int, size: int) -> list[Article] | None:
    """Items of ``page`` (1-based); None past the last page (page 1 always exists)."""
    chunk = articles[(page - 1) * size : page * size]
    return chunk if chunk or page == 1 else None


def _dated(page: Response, shown: list[Article]) -> Response:
    page.last_modified = _newest(shown)
    return page


def robots(_: Request, __: ServerState) -> Response:
    return Response(body=ROBOTS_TXT.encode(), content_type="text/plain; charset=utf-8", last_modified=EPOCH)


def newsa_route(req: Request, state: ServerState) -> Response | None:
    now, catalog = state.now(), state.catalog
    public = [a for a in catalog.visible_articles(now, "newsa") if not a.internal]
    if req.path in ("/newsa/", "/newsa/index.html"):
        return _dated(html_response(newsa.render_home(public[:12])), public[:12])
    if match := _NEWSA_LIST.match(req.path):
        channel, page = match.group(1), int(match.group(2) or 0) + 1
        in_channel = [a for a in public if a.channel == channel]
        shown = _page_slice(in_channel, page, NEWSA_PAGE)
        if shown is None:
            return None
        extra = (
            [a for a in catalog.visible_articles(now, "newsa", channel) if a.internal] if page == 1 else []
        )
        has_next = page * NEWSA_PAGE < len(in_channel)
        body = newsa.render_list(channel, page, shown, has_next, extra)
        return _dated(html_response(body), shown + extra)
    article = catalog.article_at(req.path, now)
    if article is None or article.site != "newsa":
        return None
    related = [
        a
        for a in catalog.articles
        if a.site == "newsa" and not a.internal and a.published_at < article.published_at
    ]
    body = newsa.render_article(article, state.base_url + req.path, related[:5])
    return _dated(html_response(body), [article])


def _gbk_page(text: str, shown: list[Article]) -> Response:
    return _dated(html_response(text, encoding=newsb.ENCODING, content_type=newsb.CONTENT_TYPE), shown)


def newsb_route(req: Request, state: ServerState) -> Response | None:
    now, catalog = state.now(), state.catalog
    visible = catalog.visible_articles(now, "newsb")
    if req.path in ("/newsb/", "/newsb/index.shtml"):
        return _gbk_page(newsb.render_home(visible[:10]), visible[:10])
    if match := _NEWSB_LIST.match(req.path):
        channel, page = match.group(1), int(match.group(2) or 1)
        in_channel = [a for a in visible if a.channel == channel]
        shown = _page_slice(in_channel, page, NEWSB_PAGE) if match.group(2) != "1" else None
        if shown is None:
            return None
        total = max(1, -(-len(in_channel) // NEWSB_PAGE))
        return _gbk_page(newsb.render_list(channel, page, total, shown), shown)
    article = catalog.article_at(req.path, now)
    if article is None or article.site != "newsb":
        return None
    siblings = [a for a in visible if a.channel == article.channel]
    index = siblings.index(article)
    newer = siblings[index - 1] if index > 0 else None
    older = siblings[index + 1] if index + 1 < len(siblings) else None
    return _gbk_page(newsb.render_article(article, older, newer), [article] + ([newer] if newer else []))


def bureau_route(req: Request, state: ServerState) -> Response | None:
    now, catalog = state.now(), state.catalog
    visible = catalog.visible_articles(now, "bureau")
    total = max(1, -(-len(visible) // BUREAU_PAGE))
    if req.path in ("/bureau/", "/bureau/index.html"):
        return _dated(html_response(bureau.render_home(visible[:BUREAU_PAGE])), visible[:BUREAU_PAGE])
    if match := _BUREAU_LIST.match(req.path):
        page = int(match.group(1) or 0) + 1
        shown = _page_slice(visible, page, BUREAU_PAGE)
        if shown is None:
            return None
        return _dated(html_response(bureau.render_list(page, shown, total)), shown)
    article = catalog.article_at(req.path, now)
    if article is None or article.site != "bureau":
        return None
    return _dated(html_response(bureau.render_article(article)), [article])


def feeds_route(req: Request, state: ServerState) -> Response | None:
    listed = state.catalog.feed_articles(state.now())
    newest = _newest(listed)
    if req.path == "/feeds/rss.xml":
        body = feeds.render_rss(listed, state.base_url, newest)
        ctype = "application/rss+xml; charset=utf-8"
    elif req.path == "/feeds/atom.xml":
        body = feeds.render_atom(listed, state.base_url, newest)
        ctype = "application/atom+xml; charset=utf-8"
    else:
        return None
    return Response(body=body.encode("utf-8"), content_type=ctype, last_modified=newest)
