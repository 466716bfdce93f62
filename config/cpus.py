"""How many worker processes "auto" means: the CPUs this process may use, capped."""

from __future__ import annotations

import os

MAX_AUTO_WORKERS = 8


def auto_workers() -> int:
    """The CPU cores this process may use (its affinity), at least 1 and at most ``MAX_AUTO_WORKERS``."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_AUTO_WORKERS))
