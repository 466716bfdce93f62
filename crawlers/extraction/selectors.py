"""Per-site CSS/XPath selectors: compile them once, read the texts they select.

A selector is XPath when it starts with ``/``, ``(`` or ``./`` or carries the ``xpath:`` prefix, and CSS
otherwise (``css:`` prefix optional). CSS accepts Scrapy's ``::text`` and ``::attr(name)`` pseudo-elements.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cssselect import SelectorError as CssSyntaxError
from lxml import etree, html
from parsel.csstranslator import HTMLTranslator

from crawlers.extraction.errors import SelectorError

_TRANSLATOR = HTMLTranslator()
_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> etree.XPath:
    """The XPath expression for ``selector``; raises :class:`SelectorError` when it does not compile."""
    kind, expression = _split_kind(selector.strip())
    if not expression:
        raise SelectorError(f"empty {kind} selector {selector!r}")
    if kind == "css":
        try:
            expression = _TRANSLATOR.css_to_xpath(expression)
        except CssSyntaxError as exc:
            raise SelectorError(f"invalid CSS selector {selector!r}: {exc}") from exc
    try:
        return etree.XPath(expression)
    except etree.XPathSyntaxError as exc:
        raise SelectorError(f"invalid XPath selector {selector!r}: {exc}") from exc


def select_texts(root: html.HtmlElement, selector: str) -> list[str]:
    """The non-empty texts ``selector`` picks: elements give their text content, attributes and text nodes
    their value; whitespace runs collapse to one space."""
    result = compile_selector(selector)(root)
    values = result if isinstance(result, list) else [result]
    texts = (_node_text(value) for value in values)
    return [text for text in texts if text]


def select_first_text(root: html.HtmlElement, selector: str) -> str | None:
    texts = select_texts(root, selector)
    return texts[0] if texts else None


def remove_selected(root: html.HtmlElement, selector: str) -> int:
    """Remove the elements ``selector`` picks (keeping their tail text); returns how many were removed."""
    removed = 0
    for node in compile_selector(selector)(root):
        if isinstance(node, html.HtmlElement) and node.getparent() is not None:
            node.drop_tree()
            removed += 1
    return removed


def _split_kind(selector: str) -> tuple[str, str]:
    for prefix in ("xpath:", "css:"):
        if selector.startswith(prefix):
            return prefix[:-1], selector[len(prefix) :].strip()
    if selector.startswith(("/", "(", "./")):
        return "xpath", selector
    return "css", selector


def _node_text(value: object) -> str:
    if isinstance(value, etree._Element):
        if not isinstance(value.tag, str):
            return ""
        raw = "\n".join(part for part in value.itertext())
    else:
        raw = str(value)
    lines = (_SPACES.sub(" ", line).strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line)
