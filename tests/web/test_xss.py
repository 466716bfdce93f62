"""Crawled content is hostile: payloads in titles, bodies, authors, URLs, origins, keywords, topics
and source ids must come out as text on every page, with only <mark> added by highlighting."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest

from app.web.security_headers import CONTENT_SECURITY_POLICY
from tests.web.documents import XSS_URL
from tests.web.support import Site

LIVE_PAYLOADS = (
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "<iframe",
    "<b onmouseover",
    '"><script>',
    'href="javascript:',
)


OUR_ELEMENTS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "header",
    "nav",
    "div",
    "form",
    "input",
    "button",
    "main",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "span",
    "strong",
    "code",
    "details",
    "summary",
    "fieldset",
    "legend",
    "label",
    "aside",
    "ul",
    "ol",
    "li",
    "a",
    "mark",
    "figure",
    "svg",
    "polyline",
    "line",
    "text",
    "dl",
    "dt",
    "dd",
    "article",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "time",
    "select",
    "option",
    "small",
    "br",
    "footer",
}


class PageTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: set[str] = set()
        self.attributes: set[str] = set()
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))


def hostile_id(site: Site) -> str:
    return next(d.id for d in site.documents if d.url == XSS_URL)


def pages(site: Site) -> list[str]:
    doc = hostile_id(site)
    return [
        "/search?q=排污口",
        "/search?q=alert",
        "/search?q=script",
        f"/documents/{doc}",
        f"/documents/{doc}?q=排污 script",
        "/hotspots?end=2026-11-21",
        f"/events/{next(d.event_id for d in site.documents if d.id == doc)}",
    ]


@pytest.mark.parametrize("index", range(7))
def test_payloads_are_inert_text(admin: httpx.Client, site: Site, index: int) -> None:
    page = admin.get(pages(site)[index])
    assert page.status_code == 200
    html = page.text
    for payload in LIVE_PAYLOADS:
        assert payload not in html, payload
    assert "&lt;script&gt;" in html  # shown, escaped
    # parsed as a browser would: every element and attribute is one of ours
    tags = PageTags()
    tags.feed(html)
    assert tags.elements <= OUR_ELEMENTS, tags.elements - OUR_ELEMENTS
    assert not [a for a in tags.attributes if a.startswith("on")]
    assert tags.scripts == ["/static/app.js"]


def test_javascript_urls_are_not_links(admin: httpx.Client, site: Site) -> None:
    html = admin.get(f"/documents/{hostile_id(site)}").text
    assert 'class="inert-url"' in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("/", "http://", "https://", "data:image/svg+xml")) for h in hrefs), hrefs


def test_ordinary_urls_open_safely(admin: httpx.Client, site: Site) -> None:
    doc = site.documents[0]
    html = admin.get(f"/documents/{doc.id}").text
    assert f'<a href="{doc.url}" class="outside" target="_blank" rel="noopener noreferrer nofollow">' in html


def test_api_returns_escaped_highlights(admin: httpx.Client) -> None:
    body = admin.get("/api/v1/search", params={"q": "排污口"}).json()
    hostile = next(h for h in body["hits"] if "script" in h["document"]["title"])
    assert "<script>" not in hostile["title_html"]
    assert "&lt;script&gt;" in hostile["title_html"]
    assert "<mark>排污口</mark>" in hostile["title_html"]


def test_every_page_forbids_inline_script_and_framing(admin: httpx.Client) -> None:
    for path in ("/search", "/login", "/nonexistent", "/static/style.css"):
        response = admin.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert admin.get("/search").headers["cache-control"] == "no-store"


def test_no_third_party_resources(admin: httpx.Client) -> None:
    html = admin.get("/search").text
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attribute.startswith(("http://", "https://", "//")), attribute
