"""Recognise a run of blocks that is a list of posts and keep the first post.

A blog's front page or a forum thread puts several entries side by side, each in a container of the same
kind with its own date line. The body search would take them all; an article is the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html

from crawlers.extraction.block_kinds import WeighedBlock

# A post must carry at least this much prose weight (characters) to count as an entry.
MIN_ENTRY_WEIGHT = 100.0
# The entries together must hold this share of the run's prose for the run to be read as a list.
MIN_ENTRIES_SHARE = 0.7
MAX_DATE_LINE_CHARS = 60
DATE_LINE = re.compile(r"(19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


@dataclass(slots=True)
class _Group:
    """The blocks of the run that sit under one child of the run's common ancestor."""

    container: html.HtmlElement
    indexes: list[int] = field(default_factory=list)


def first_entry(weighed: list[WeighedBlock], start: int, end: int) -> tuple[int, int]:
    """Narrow the run ``[start, end]`` to its first post when it is a list of dated posts."""
    prose = [index for index in range(start, end + 1) if weighed[index].weight > 0]
    if len(prose) < 2:
        return start, end
    top = common_ancestor([weighed[index].block.element for index in prose])
    if top is None:
        return start, end
    entries = [group for group in _groups(weighed, start, end, top) if _is_entry(weighed, group)]
    if (
        len(entries) < 2
        or len({(group.container.tag, group.container.get("class")) for group in entries}) != 1
    ):
        return start, end
    total = sum(weighed[index].weight for index in prose)
    in_run = sum(_prose_weight(weighed, group, start, end) for group in entries)
    if in_run < MIN_ENTRIES_SHARE * total:
        return start, end
    first = entries[0].indexes
    return max(start, first[0]), min(end, first[-1])


def common_ancestor(elements: list[html.HtmlElement]) -> html.HtmlElement | None:
    """The deepest element containing all ``elements`` (an element contains itself)."""
    paths = [[*reversed(list(element.iterancestors())), element] for element in elements]
    ancestor = None
    for level in zip(*paths, strict=False):
        if any(node is not level[0] for node in level):
            break
        ancestor = level[0]
    return ancestor


def _groups(weighed: list[WeighedBlock], start: int, end: int, top: html.HtmlElement) -> list[_Group]:
    """The children of ``top`` holding part of the run, each with all its blocks (its date line may sit just
    before the run)."""
    groups: dict[html.HtmlElement, _Group] = {}
    for index, item in enumerate(weighed):
        container = _child_towards(item.block.element, top)
        if container is not None:
            groups.setdefault(container, _Group(container)).indexes.append(index)
    return [group for group in groups.values() if group.indexes[0] <= end and group.indexes[-1] >= start]


def _child_towards(element: html.HtmlElement, top: html.HtmlElement) -> html.HtmlElement | None:
    """The child of ``top`` that contains ``element``, or ``None`` when ``element`` is not below ``top``."""
    previous = None
    node: html.HtmlElement | None = element
    while node is not None and node is not top:
        previous, node = node, node.getparent()
    return previous if node is top else None


def _is_entry(weighed: list[WeighedBlock], group: _Group) -> bool:
    if len(group.indexes) < 2 or _prose_weight(weighed, group, 0, len(weighed)) < MIN_ENTRY_WEIGHT:
        return False
    return any(
        weighed[index].block.chars < MAX_DATE_LINE_CHARS and DATE_LINE.search(weighed[index].block.text)
        for index in group.indexes
    )


def _prose_weight(weighed: list[WeighedBlock], group: _Group, start: int, end: int) -> float:
    """The positive weight of the group's blocks between ``start`` and ``end`` (inclusive)."""
    return sum(
        weighed[index].weight
        for index in group.indexes
        if start <= index <= end and weighed[index].weight > 0
    )
