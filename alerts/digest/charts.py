"""Charts as PNG bytes (matplotlib, Agg, no pyplot state), drawn with the CJK font.

PNG because it is the one image format every mail client shows inline (``cid:``) and WeasyPrint and
browsers show from ``data:`` URIs offline.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alerts.digest.errors import DigestRenderError
from alerts.digest.fonts import find_cjk_font
from alerts.digest.model import VolumeBucket

if TYPE_CHECKING:
    from matplotlib.figure import Figure

logger = logging.getLogger(__name__)

NEGATIVE = "#d64541"
NEUTRAL = "#8f9ba8"
POSITIVE = "#3e9b5f"
UNRATED = "#d5dbe1"
_DPI = 110
MAX_TICK_LABELS = 10


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart: its label, total and the negative part of it."""

    label: str
    total: int
    negative: int


@functools.cache
def _font_family() -> str:
    """Register the CJK font with matplotlib once and return its family name."""
    from matplotlib import font_manager

    font = find_cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    return str(font_manager.FontProperties(fname=str(font.path)).get_name())


def _chart_style() -> AbstractContextManager[None]:
    """Matplotlib settings for one chart: the CJK font, no minus glyph it lacks, open axes."""
    import matplotlib

    return matplotlib.rc_context(
        {
            "font.family": [_font_family()],
            "font.size": 9,
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight")
    except (ValueError, RuntimeError, OSError) as exc:
        raise DigestRenderError(f"cannot draw a chart: {exc}") from exc
    return buffer.getvalue()


def trend_chart(buckets: Sequence[VolumeBucket], title: str) -> bytes:
    """Stacked daily bars by sentiment with the total above each bar."""
    from matplotlib.figure import Figure

    with _chart_style():
        figure = Figure(figsize=(6.4, 2.6))
        axes = figure.add_subplot()
        labels = [bucket.label for bucket in buckets]
        bottom = [0] * len(buckets)
        layers = (
            ("负面", [b.negative for b in buckets], NEGATIVE),
            ("中性", [b.neutral for b in buckets], NEUTRAL),
            ("正面", [b.positive for b in buckets], POSITIVE),
            ("未判定", [b.unrated for b in buckets], UNRATED),
        )
        for name, values, colour in layers:
            axes.bar(labels, values, bottom=bottom, color=colour, label=name, width=0.6)
            bottom = [low + value for low, value in zip(bottom, values, strict=True)]
        for index, bucket in enumerate(buckets):
            if bucket.total:
                axes.annotate(str(bucket.total), (index, bucket.total), ha="center", va="bottom", fontsize=8)
        step = -(-len(buckets) // MAX_TICK_LABELS)  # ceiling: at most MAX_TICK_LABELS labels
        axes.set_xticks(range(0, len(buckets), step), labels[::step])
        axes.set_title(title)
        axes.set_ylabel("条数")
        axes.set_ylim(0, max([*bottom, 1]) * 1.18)
        axes.legend(ncols=4, loc="upper left", frameon=False, fontsize=8)
        return _png(figure)


def bar_chart(bars: Sequence[Bar], title: str) -> bytes:
    """Horizontal bars (largest on top) with the negative share drawn over each."""
    from matplotlib.figure import Figure

    with _chart_style():
        figure = Figure(figsize=(6.4, 0.45 + 0.28 * max(len(bars), 1)))
        axes = figure.add_subplot()
        ordered = list(reversed(bars))
        labels = [bar.label for bar in ordered]
        axes.barh(labels, [bar.total for bar in ordered], color=UNRATED, label="全部")
        axes.barh(labels, [bar.negative for bar in ordered], color=NEGATIVE, label="负面")
        for index, bar in enumerate(ordered):
            axes.annotate(f" {bar.total}", (bar.total, index), va="center", fontsize=8)
        axes.set_title(title)
        axes.set_xlim(0, max([bar.total for bar in bars] + [1]) * 1.15)
        axes.legend(loc="lower right", frameon=False, fontsize=8)
        return _png(figure)
