"""Classify text blocks (prose, headings, bylines, boilerplate...) and weigh them for the body search.

The weights drive a maximum-sum run over the blocks in document order: prose pulls the run along,
navigation and footers push it away, and a few end-of-article markers (disclaimers, comment sections)
are barriers no run may cross.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from lxml import html

from crawlers.extraction.blocks import Block

# A block with more of its characters inside links than this is navigation, not prose.
MAX_LINK_RATIO = 0.5
# Weight per character of a block without sentence punctuation (a heading, a label, a site name).
PLAIN_WEIGHT = -0.5
# Weight per character of navigation, footers and bylines.
BOILERPLATE_WEIGHT = -1.0
FOOTER_WEIGHT = -2.0
BARRIER_WEIGHT = -1e6
# Blocks longer than these are text, whatever words they contain.
MAX_BARRIER_CHARS = 30
MAX_META_CHARS = 60
MAX_FOOTER_CHARS = 200
MAX_TITLE_CHARS = 120
SENTENCE_MARKS = frozenset("，。！？；")

BOILERPLATE_NAMES = re.compile(
    r"comment|footer|(?<![a-z])foot|(?<![a-z])nav|menu|sidebar|share|related|recommend|copyright|"
    r"breadcrumb|banner|advert|login|pinglun|tuijian|xiangguan|(?<![a-z])ad(?![a-z])",
    re.IGNORECASE,
)
BOILERPLATE_TAGS = frozenset({"nav", "footer", "aside"})
# Short lines that end an article: what follows is a disclaimer, comments or the page furniture.
BARRIER_TEXT = re.compile(
    r"版权(与免责)?声明|免责声明|反侵权公告|(热门|最新|网友|相关)评论|发表评论|参与评论|责任编辑|【?关闭(窗口)?】|打印本页"
)
FOOTER_TEXT = re.compile(
    r"ICP备|ICP证|版权所有|[Cc]opyright|©|All Rights Reserved|许可证|举报电话|举报邮箱|公网安备|联系我们|关于我们|网站地图"
)
META_TEXT = re.compile(
    r"(发布|发表|更新)(时间|日期)|来源[:：]|作者[:：]|(责任)?编辑[:：]|字号|打印|关闭窗口|分享到|"
    r"阅读[:：]?\s*\d|点击[:：]?\s*\d|浏览次数"
)
BYLINE_TEXT = re.compile(r"记者|作者|通讯员|编辑|来源|日期|时间|www\.|https?:")
DATE_TEXT = re.compile(r"(19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


class BlockKind(Enum):
    PROSE = "prose"
    PLAIN = "plain"
    TITLE = "title"
    DUPLICATE = "duplicate"
    META = "meta"
    BOILERPLATE = "boilerplate"
    FOOTER = "footer"
    BARRIER = "barrier"


# Kinds whose text is part of the article when they fall inside the chosen run.
READABLE_KINDS = frozenset({BlockKind.PROSE, BlockKind.PLAIN})


@dataclass(frozen=True, slots=True)
class WeighedBlock:
    block: Block
    kind: BlockKind
    weight: float

    @property
    def readable(self) -> bool:
        return self.kind in READABLE_KINDS


class BlockClassifier:
    """Classifies the blocks of one page; remembers texts already seen and boilerplate containers."""

    def __init__(self, title: str | None) -> None:
        self.title = title.strip() if title else None
        self._seen: set[str] = set()
        self._boilerplate: dict[html.HtmlElement, bool] = {}

    def weigh(self, block: Block) -> WeighedBlock:
        kind = self.kind(block)
        return WeighedBlock(block, kind, _weight(kind, block))

    def kind(self, block: Block) -> BlockKind:
        text = block.text
        if block.chars <= MAX_BARRIER_CHARS and BARRIER_TEXT.search(text):
            return BlockKind.BARRIER
        if self._in_boilerplate(block.element) or block.link_ratio > MAX_LINK_RATIO:
            return BlockKind.BOILERPLATE
        if block.chars <= MAX_FOOTER_CHARS and FOOTER_TEXT.search(text):
            return BlockKind.FOOTER
        if self._is_title(text, block.chars):
            return BlockKind.TITLE
        if self._is_duplicate(text, block.chars):
            return BlockKind.DUPLICATE
        if _is_meta(text, block.chars):
            return BlockKind.META
        return BlockKind.PROSE if block.punctuation else BlockKind.PLAIN

    def _is_title(self, text: str, chars: int) -> bool:
        title = self.title
        if not title or chars > MAX_TITLE_CHARS:
            return False
        if text == title or (len(text) >= 6 and text in title):
            return True
        return len(title) >= 6 and title in text and len(text) < len(title) + 10

    def _is_duplicate(self, text: str, chars: int) -> bool:
        if chars < 10:
            return False
        if text in self._seen:
            return True
        self._seen.add(text)
        return False

    def _in_boilerplate(self, element: html.HtmlElement) -> bool:
        known = self._boilerplate.get(element)
        if known is None:
            parent = element.getparent()
            known = looks_like_boilerplate(element) or (parent is not None and self._in_boilerplate(parent))
            self._boilerplate[element] = known
        return known


def looks_like_boilerplate(element: html.HtmlElement) -> bool:
    """Whether an element's tag, class or id names page furniture (navigation, comments, footers...)."""
    if element.tag in BOILERPLATE_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and BOILERPLATE_NAMES.search(names) is not None


def _is_meta(text: str, chars: int) -> bool:
    if chars < MAX_META_CHARS and META_TEXT.search(text):
        return True
    if chars >= 40 or any(mark in SENTENCE_MARKS for mark in text):
        return False
    return bool(BYLINE_TEXT.search(text) or DATE_TEXT.search(text))


def _weight(kind: BlockKind, block: Block) -> float:
    if kind is BlockKind.PROSE:
        return float(block.chars - block.link_chars)
    if kind is BlockKind.PLAIN:
        return PLAIN_WEIGHT * block.chars
    if kind is BlockKind.BARRIER:
        return BARRIER_WEIGHT
    if kind is BlockKind.FOOTER:
        return FOOTER_WEIGHT * block.chars
    if kind in (BlockKind.BOILERPLATE, BlockKind.META):
        return BOILERPLATE_WEIGHT * block.chars
    return 0.0
