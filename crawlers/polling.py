"""Adaptive polling: poll faster while a source yields new items, slower while it does not."""

from __future__ import annotations

from dataclasses import dataclass

SPEED_UP = 0.5
SLOW_DOWN = 1.5
FAILURE_SLOW_DOWN = 2.0


@dataclass(frozen=True)
class IntervalBounds:
    """The configured polling interval range of one source, in seconds."""

    min_s: int
    max_s: int

    def clamp(self, seconds: float) -> int:
        return int(min(self.max_s, max(self.min_s, round(seconds))))


def next_interval(
    current_s: int, *, new_items: int, failed: bool, blocked: bool, bounds: IntervalBounds
) -> int:
    """The interval until the next run of a source, given how its last run went."""
    if current_s <= 0:
        current_s = bounds.min_s
    if blocked:
        return bounds.max_s
    if failed:
        return bounds.clamp(current_s * FAILURE_SLOW_DOWN)
    if new_items > 0:
        return bounds.clamp(current_s * SPEED_UP)
    return bounds.clamp(current_s * SLOW_DOWN)
