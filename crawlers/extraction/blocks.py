"""Split a cleaned HTML tree into text blocks: the runs of text between block-level boundaries.

A block remembers the element that holds it, how many of its characters sit inside links and how much
sentence punctuation it has; the density scorer and the boilerplate filter work on these numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Elements whose content is never article text.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "select",
    "option",
    "textarea",
    "button",
    "input",
    "svg",
    "object",
    "embed",
    "canvas",
    "map",
    "head",
)
SENTENCE_PUNCTUATION = "，。！？；：、,.!?;:“”「」"
_PUNCTUATION = re.compile(f"[{re.escape(SENTENCE_PUNCTUATION)}]")
_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")


@dataclass(slots=True)
class Block:
    """A run of text with the element that holds it; the counts are set by :meth:`finish`."""

    element: html.HtmlElement
    parts: list[str] = field(default_factory=list)
    link_parts: list[str] = field(default_factory=list)
    has_text: bool = False
    text: str = ""
    chars: int = 0
    link_chars: int = 0
    punctuation: int = 0

    @property
    def link_ratio(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0

    def add(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        self.has_text = self.has_text or not text.isspace()
        if in_link:
            self.link_parts.append(text)

    def finish(self) -> None:
        """Join the parts into :attr:`text` (runs of spaces collapsed) and count the characters."""
        joined = "".join(self.parts)
        self.text = _SPACES.sub(" ", joined).strip()
        self.chars = _count_visible(joined)
        self.link_chars = _count_visible("".join(self.link_parts)) if self.link_parts else 0
        self.punctuation = len(_PUNCTUATION.findall(joined))


def _count_visible(text: str) -> int:
    return len("".join(text.split()))


def clean_tree(root: html.HtmlElement) -> html.HtmlElement:
    """Remove scripts, styles, forms' widgets and comments in place; return the ``<body>`` (or the root)."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    body = root.find(".//body")
    return body if body is not None else root


def split_blocks(root: html.HtmlElement) -> list[Block]:
    """The non-empty text blocks under ``root`` in document order."""
    splitter = _BlockSplitter(root)
    splitter.walk(root, in_link=False)
    splitter.flush()
    return splitter.blocks


class _BlockSplitter:
    def __init__(self, root: html.HtmlElement) -> None:
        self.blocks: list[Block] = []
        self.current = Block(root)
        self.owners: list[html.HtmlElement] = [root]

    def flush(self) -> None:
        if self.current.has_text:
            self.current.finish()
            if self.current.chars:
                self.blocks.append(self.current)
        self.current = Block(self.owners[-1])

    def walk(self, element: html.HtmlElement, in_link: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.owners.append(element)
            self.flush()
        inside_link = in_link or tag == "a"
        if element.text:
            self.current.add(element.text, inside_link)
        for child in element:
            if child.tag == "br":
                self.flush()
            else:
                self.walk(child, inside_link)
            if child.tail:
                self.current.add(child.tail, inside_link)
        if is_block:
            self.owners.pop()
            self.flush()
