"""Find the author and the credited outlet (来源) in the byline lines around an article.

Recognised: ``作者：张三``, ``记者 王建宏 张文攀``, ``（记者 胡晓蓉）``, ``文/李四``, ``本报记者 张三 摄`` for the
author; ``来源：中国环境报``, ``信息来源： 内蒙古日报``, ``稿件来源：新华社`` for the outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawlers.extraction.metadata import PageMetadata

_KEYWORDS = r"来源|发布|发表|时间|日期|编辑|责任|记者|通讯员|摄|报道|作者"
# A Chinese name is two to four characters (minority names joined by ·), a Latin one up to four words.
_NAME = (
    rf"(?:(?!{_KEYWORDS})[\u4e00-\u9fff]{{2,4}}(?:[·•][\u4e00-\u9fff]{{1,8}})?"
    r"|[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){0,3})"
)
_NAME_LIST = rf"{_NAME}(?:\s*[、，,\s]\s*{_NAME}){{0,5}}"
_STOP = rf"(?=\s*(?:[|｜)）】\]，,。;；/]|{_KEYWORDS}|[图文]\s*[/／]|\d|$))"
_NAME_LIST_ONLY = re.compile(rf"\s*{_NAME_LIST}\s*")
AUTHOR_PATTERNS = (
    re.compile(rf"(?:作者|撰稿|撰文|文字)\s*[:：]\s*(?P<name>{_NAME_LIST}){_STOP}"),
    re.compile(rf"(?:记者|通讯员|实习生)\s*[:：]?\s*(?P<name>{_NAME_LIST}){_STOP}"),
    re.compile(rf"(?:^|\s|[（(])文\s*[/／|丨]\s*(?P<name>{_NAME_LIST}){_STOP}"),
)
ORIGIN_PATTERN = re.compile(
    r"(?:信息|稿件|文章|新闻)?来源\s*[:：]\s*(?P<origin>[^\s|｜，,;；:：)）】\]]{2,30}?)(?=\s|$|[|｜，,;；)）】\]]|作者|记者|编辑|发布|时间|日期)"
)
AUTHOR_META_KEYS = ("author", "article:author", "byline", "dc.creator", "sailthru.author")
ORIGIN_META_KEYS = ("source", "contentsource", "article:source", "og:article:source")
# Words that follow a name in bylines but are not part of it.
_NAME_SUFFIXES = re.compile(r"\s*(?:报道|摄影?|整理|编译|综合)$")
MAX_AUTHOR_CHARS = 40


def find_author(lines: Iterable[str], metadata: PageMetadata, page_lines: Iterable[str] = ()) -> str | None:
    """The first byline line naming an author, else the meta tags' author when it is a list of names
    (CMS vendors and user ids are not), else an explicit ``作者：`` anywhere on the page."""
    for line in lines:
        author = author_in_line(line)
        if author:
            return author
    meta_author = metadata.first(*AUTHOR_META_KEYS)
    if meta_author and _NAME_LIST_ONLY.fullmatch(meta_author):
        return " ".join(re.split(r"\s*[、，,\s]\s*", meta_author.strip()))
    for line in page_lines:
        match = AUTHOR_PATTERNS[0].search(line)
        if match:
            return author_in_line(match.group(0))
    return None


def find_origin(lines: Iterable[str], metadata: PageMetadata) -> str | None:
    """The credited outlet (来源) from the meta tags, else from the first ``来源：`` line."""
    meta_origin = metadata.first(*ORIGIN_META_KEYS)
    if meta_origin and not meta_origin.startswith(("http://", "https://")):
        match = ORIGIN_PATTERN.search(meta_origin)
        return match["origin"] if match else meta_origin
    for line in lines:
        match = ORIGIN_PATTERN.search(line)
        if match:
            return match["origin"]
    return None


def author_in_line(line: str) -> str | None:
    """The name(s) a byline line gives, space-separated, or ``None``."""
    for pattern in AUTHOR_PATTERNS:
        match = pattern.search(line)
        if match:
            names = _NAME_SUFFIXES.sub("", match["name"]).strip(" 、，,")
            names = " ".join(re.split(r"\s*[、，,\s]\s*", names))
            if names and _is_name(names):
                return names
    return None


def _is_name(value: str) -> bool:
    return 0 < len(value) <= MAX_AUTHOR_CHARS and not value.startswith(("http://", "https://", "@"))
