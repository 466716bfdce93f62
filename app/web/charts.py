"""Charts as inline SVG built on the server from numbers (no chart library, no script, no CDN).

Every label is escaped; the markup uses classes only (the CSP forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 40, 12, 12, 28


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css_class: str = "series-0"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _points(values: Sequence[float], width: float, height: float, top: float) -> str:
    count = len(values)
    step = (width - _PAD_LEFT - _PAD_RIGHT) / max(count - 1, 1)
    bottom = height - _PAD_BOTTOM
    return " ".join(
        f"{_PAD_LEFT + i * step:.1f},{bottom - (v / top) * (bottom - _PAD_TOP):.1f}"
        for i, v in enumerate(values)
    )


def _x_labels(labels: Sequence[str], width: float, height: float) -> list[str]:
    count = len(labels)
    step = (width - _PAD_LEFT - _PAD_RIGHT) / max(count - 1, 1)
    every = max(1, -(-count // 6))  # at most about six labels
    return [
        f'<text class="axis-label" x="{_PAD_LEFT + i * step:.1f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(label)}</text>"
        for i, label in enumerate(labels)
        if i % every == 0 or i == count - 1
    ]


def line_chart(
    labels: Sequence[str], series: Sequence[Series], *, title: str, width: int = 900, height: int = 200
) -> Markup:
    """A line chart of ``series`` over ``labels`` (x axis), with a y scale from 0 and a legend."""
    if not labels or not series:
        return Markup("")
    top = _nice_max(max((max(s.values, default=0) for s in series), default=0))
    bottom = height - _PAD_BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{_PAD_LEFT}" y1="{bottom}" x2="{width - _PAD_RIGHT}" y2="{bottom}"/>',
        f'<line class="grid" x1="{_PAD_LEFT}" y1="{_PAD_TOP}" x2="{width - _PAD_RIGHT}" y2="{_PAD_TOP}"/>',
        f'<text class="axis-label" x="{_PAD_LEFT - 6}" y="{_PAD_TOP + 4}" text-anchor="end">{top:g}</text>',
        f'<text class="axis-label" x="{_PAD_LEFT - 6}" y="{bottom}" text-anchor="end">0</text>',
        *_x_labels(labels, width, height),
    ]
    for s in series:
        values = list(s.values)
        if len(values) == 1:
            values = values * 2
        parts.append(
            f'<polyline class="line {escape(s.css_class)}" points="{_points(values, width, height, top)}">'
            f"<title>{escape(s.name)}</title></polyline>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[float], *, width: int = 120, height: int = 28) -> Markup:
    """A tiny trend line without axes."""
    if not values:
        return Markup("")
    top = max(*values, 1)
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values)
    )
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f'<polyline class="line series-0" points="{points}"/></svg>'
    )


def legend(series: Sequence[Series]) -> Markup:
    items = "".join(
        f'<li><span class="swatch {escape(s.css_class)}"></span>{escape(s.name)}</li>' for s in series
    )
    return Markup(f'<ul class="legend">{items}</ul>')
