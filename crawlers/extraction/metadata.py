"""What a page says about itself in markup: meta tags, JSON-LD, ``<title>``, headings, the canonical link.

Read from the untouched tree, before the body search strips the ``<head>``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import html

# Separators between a headline and the site or column names in a <title>.
# A hyphen separates only with spaces around it or next to a Chinese character (not in "COVID-19").
TITLE_SEPARATORS = re.compile(
    r"\s*(?:[_|｜»›]+|\s[-–—]+\s|--+|——|\s·\s|(?<=[^\x00-\x7f])[-–—]+|[-–—]+(?=[^\x00-\x7f]))\s*"
)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$", re.ASCII)
# A headline part must be this many times longer than the first part to be preferred to it.
LONGER_PART_RATIO = 2
# An <h1> is the headline only if it is at least this share of the <title>'s headline part.
MIN_HEADING_SHARE = 0.4
MIN_TITLE_CHARS = 4
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class PageMetadata:
    """Meta tags (keys lower-cased: ``name``, ``property``, ``itemprop`` or ``http-equiv``), the title
    candidates, the canonical URL and any JSON-LD values."""

    meta: dict[str, str] = field(default_factory=dict)
    title_tag: str = ""
    headings: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    json_ld: dict[str, str] = field(default_factory=dict)
    time_values: list[str] = field(default_factory=list)

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys``."""
        for key in keys:
            value = self.meta.get(key) or self.json_ld.get(key)
            if value:
                return value
        return None


def read_metadata(root: html.HtmlElement, url: str | None) -> PageMetadata:
    """Collect the page's self-description from ``root`` (not modified)."""
    metadata = PageMetadata()
    for element in root.iter("meta"):
        key = (
            element.get("name")
            or element.get("property")
            or element.get("itemprop")
            or element.get("http-equiv")
        )
        content = element.get("content")
        if key and content and content.strip():
            metadata.meta.setdefault(key.strip().lower(), clean_text(content))
    metadata.title_tag = clean_text(root.findtext(".//title") or "")
    metadata.headings = [
        text for text in (clean_text(h1.text_content()) for h1 in root.iter("h1") if not _in_link(h1)) if text
    ]
    metadata.canonical_url = _canonical(root, metadata, url)
    metadata.json_ld = _json_ld(root)
    metadata.time_values = [
        value for value in (_time_value(element) for element in root.iter("time")) if value
    ]
    return metadata


def choose_title(metadata: PageMetadata) -> str:
    """The headline: an ``<h1>`` the ``<title>`` or ``og:title`` confirms, else the ``<title>`` without the
    site and column names, else ``og:title``, else the first ``<h1>``."""
    confirmations = [text for text in (metadata.title_tag, metadata.first("og:title", "title")) if text]
    for heading in metadata.headings:
        if _confirmed(heading, confirmations):
            return heading
    if metadata.title_tag:
        return strip_site_name(metadata.title_tag)
    fallback = metadata.first("og:title", "twitter:title", "title", "headline")
    if fallback:
        return strip_site_name(fallback)
    return metadata.headings[0] if metadata.headings else ""


def strip_site_name(title: str) -> str:
    """``"标题_栏目_网站"`` → ``"标题"``: the first part of a ``<title>``, unless another part is much
    longer (``"栏目 | 标题"``); domain names never count."""
    parts = [
        part.strip()
        for part in TITLE_SEPARATORS.split(title)
        if part.strip() and not _DOMAIN.match(part.strip())
    ]
    if not parts:
        return title.strip()
    longest = max(parts, key=len)
    return longest if len(longest) >= LONGER_PART_RATIO * len(parts[0]) else parts[0]


def _confirmed(heading: str, confirmations: list[str]) -> bool:
    """Whether an ``<h1>`` is the headline: the title says it and it is not just the site name."""
    if len(heading) < MIN_TITLE_CHARS:
        return False
    return any(
        heading in text and len(heading) >= MIN_HEADING_SHARE * len(strip_site_name(text))
        for text in confirmations
    )


def _in_link(element: html.HtmlElement) -> bool:
    return (
        any(ancestor.tag == "a" for ancestor in element.iterancestors()) or element.find(".//a") is not None
    )


def clean_text(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _canonical(root: html.HtmlElement, metadata: PageMetadata, url: str | None) -> str | None:
    href = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            href = link.get("href", "").strip()
            break
    href = href or metadata.meta.get("og:url")
    if not href:
        return url
    return urljoin(url, href) if url else href


def _json_ld(root: html.HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                _collect_json_ld(item, values)
    return values


def _collect_json_ld(item: dict[str, object], values: dict[str, str]) -> None:
    for key in ("datePublished", "dateCreated", "headline"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            values.setdefault(key.lower(), value.strip())
    author = item.get("author")
    authors = author if isinstance(author, list) else [author]
    names = [entry.get("name") if isinstance(entry, dict) else entry for entry in authors]
    text_names = [name.strip() for name in names if isinstance(name, str) and name.strip()]
    if text_names:
        values.setdefault("author", " ".join(text_names))


def _time_value(element: html.HtmlElement) -> str | None:
    value = element.get("datetime") or element.text_content()
    return clean_text(value) if value and value.strip() else None
