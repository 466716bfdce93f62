"""RSS and Atom feeds read with feedparser: entries with their link, title, date and text."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from crawlers.textclean import strip_html

# feedparser's complaints that do not mean the XML is broken.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published_at: datetime | None
    summary: str
    content: str
    author: str | None


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[FeedEntry]
    # The XML was broken; entries are what feedparser could recover.
    malformed: bool
    problem: str = ""


def parse_feed(body: bytes, content_type: str | None = None) -> ParsedFeed:
    """Entries of an RSS/Atom document; ``malformed`` tells whether the XML had to be repaired."""
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(body, response_headers=headers)
    problem = ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if type(exc).__name__ not in _HARMLESS:
            problem = str(exc) or type(exc).__name__
    entries = [entry for entry in (_entry(raw) for raw in parsed.get("entries", [])) if entry is not None]
    looks_like_feed = bool(parsed.get("version")) or bool(entries)
    return ParsedFeed(entries=entries, malformed=bool(problem) or not looks_like_feed, problem=problem)


def _entry(raw: Any) -> FeedEntry | None:
    link = raw.get("link") or ""
    if not link:
        return None
    content_items = raw.get("content") or []
    content = " ".join(strip_html(c.get("value", "")) for c in content_items if c.get("value"))
    return FeedEntry(
        url=link.strip(),
        title=strip_html(raw.get("title") or ""),
        published_at=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
        summary=strip_html(raw.get("summary") or ""),
        content=content,
        author=(raw.get("author") or None),
    )


def _date(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    return datetime(*value[:6], tzinfo=UTC)
