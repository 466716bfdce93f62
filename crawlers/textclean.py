"""Plain text from the HTML fragments that APIs return (Weibo posts, board messages and replies)."""

from __future__ import annotations

import html
import re

from lxml import html as lxml_html
from lxml.etree import ParserError

_BREAKS = re.compile(r"<\s*br\s*/?\s*>|</\s*p\s*>|</\s*div\s*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def strip_html(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, emoticon images kept as their alt text ([doge])."""
    if not fragment:
        return ""
    if "<" not in fragment:
        return _tidy(html.unescape(fragment))
    marked = _BREAKS.sub("\n", fragment)
    try:
        root = lxml_html.fragment_fromstring(marked, create_parent="div")
    except (ParserError, ValueError):
        return _tidy(html.unescape(re.sub(r"<[^>]+>", "", marked)))
    for img in root.iter("img"):
        alt = img.get("alt") or ""
        img.tail = alt + (img.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
