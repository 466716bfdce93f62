"""A text-density body finder: the cheap second opinion beside trafilatura.

The page is cut into text blocks (:mod:`crawlers.extraction.blocks`), each weighed by
:mod:`crawlers.extraction.block_kinds`; the body is the run of consecutive blocks with the highest total
weight (a maximum-sum subarray, as in Finn's body-text extraction), trimmed to start on prose. When that
run is a list of dated posts (a blog's front page, a forum thread), only the first post is kept.
One pass over an lxml tree: a fraction of a full extractor's cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html

from crawlers.extraction.block_kinds import BlockClassifier, BlockKind, WeighedBlock
from crawlers.extraction.blocks import clean_tree, split_blocks
from crawlers.extraction.entries import first_entry

# How many blocks before the body (when no headline block is found) and after it hold the byline.
HEADER_BLOCKS = 8
# How far back before the body the headline block is looked for.
TITLE_SEARCH_BLOCKS = 30
TAIL_BLOCKS = 6
# The first body blocks may still be byline lines (a date, a source).
BODY_HEAD_BLOCKS = 3


@dataclass(frozen=True, slots=True)
class DensityResult:
    """The body text found, the summed weight of its run and the prose weight of the whole page.

    ``header_lines`` are the lines around the body's start, nearest first (where bylines and dates sit),
    ``tail_lines`` those around its end, ``page_lines`` every text line of the page in order;
    ``first_of_list`` says the page was a list of posts and the text is the first one.
    """

    text: str
    score: float
    page_score: float
    header_lines: list[str] = field(default_factory=list)
    tail_lines: list[str] = field(default_factory=list)
    page_lines: list[str] = field(default_factory=list)
    first_of_list: bool = False

    @property
    def share(self) -> float:
        """How much of the page's prose the chosen run holds (1.0: all of it)."""
        return self.score / self.page_score if self.page_score > 0 else 0.0


def find_body(root: html.HtmlElement, title: str | None = None) -> DensityResult:
    """Find the article body under ``root``; ``root`` is modified (scripts and styles are removed).

    ``title`` is the page's headline when known: a block repeating it is not body text.
    """
    classifier = BlockClassifier(title)
    weighed = [classifier.weigh(block) for block in split_blocks(clean_tree(root))]
    run_start, run_end = max_weight_run(weighed)
    start, end = first_entry(weighed, run_start, run_end)
    run = weighed[start : end + 1]
    text = "\n".join(item.block.text for item in run if item.readable)
    score = sum(item.weight for item in run if item.weight > 0)
    page_score = sum(item.weight for item in weighed if item.weight > 0)
    lines = [item.block.text for item in weighed]
    return DensityResult(
        text,
        score,
        page_score,
        header_lines=_header_lines(weighed, start),
        tail_lines=lines[max(0, end - 1) : end + 1 + TAIL_BLOCKS],
        page_lines=lines,
        first_of_list=(start, end) != (run_start, run_end),
    )


def _header_lines(weighed: list[WeighedBlock], start: int) -> list[str]:
    """The lines from the headline (or a few blocks back) to the body, nearest the body first, then the
    body's first lines."""
    first = max(0, start - HEADER_BLOCKS)
    for index in range(start - 1, max(0, start - TITLE_SEARCH_BLOCKS) - 1, -1):
        if weighed[index].kind is BlockKind.TITLE:
            first = index
            break
    before = [item.block.text for item in reversed(weighed[first:start])]
    return before + [item.block.text for item in weighed[start : start + BODY_HEAD_BLOCKS]]


def max_weight_run(weighed: list[WeighedBlock]) -> tuple[int, int]:
    """The inclusive bounds of the consecutive blocks with the highest positive total weight.

    Returns ``(0, -1)`` (an empty run) when no block has a positive weight. The run starts on its first
    block of positive weight.
    """
    best_total, best_start, best_end = 0.0, 0, -1
    total, start = 0.0, 0
    for index, item in enumerate(weighed):
        if total <= 0:
            total, start = 0.0, index
        total += item.weight
        if total > best_total:
            best_total, best_start, best_end = total, start, index
    while best_start <= best_end and weighed[best_start].weight <= 0:
        best_start += 1
    return best_start, best_end
