"""What every benchmark module shares: the result row, the machine description, timing helpers.

A benchmark module exposes ``run(args: argparse.Namespace) -> list[BenchRow]`` and, optionally,
``add_arguments(parser: argparse.ArgumentParser) -> None`` for its own flags (see ``bench/__main__.py``).
Ratios are always against a baseline measured in the same run: our machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"  # gitignored

_TARGET = re.compile(r"^\s*(≥|>=|≤|<=)\s*([0-9.,_]+)")


@dataclass(frozen=True)
class BenchRow:
    """One measured figure, with the baseline it is compared to and the target it must meet."""

    benchmark: str  # e.g. "search 1M tantivy"
    metric: str  # e.g. "p95 latency"
    value: float
    unit: str
    baseline_name: str | None = None
    baseline_value: float | None = None
    ratio: float | None = None  # baseline_value / value unless the note says otherwise
    target: str | None = None  # "≥ 2000" or "≤ 50", in ``unit``
    note: str = ""

    def target_met(self) -> bool | None:
        """Whether ``value`` meets ``target``; None when there is no (parsable) target."""
        match = _TARGET.match(self.target or "")
        if match is None:
            return None
        limit = float(match.group(2).replace(",", "").replace("_", ""))
        return self.value >= limit if match.group(1) in ("≥", ">=") else self.value <= limit

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "target_met": self.target_met()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BenchRow:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**fields)


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile (``pct`` in 0..100) of ``values``."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(baseline: float | None, value: float) -> float | None:
    """``baseline / value`` (how many times faster than the baseline), None when undefined."""
    if baseline is None or value <= 0:
        return None
    return baseline / value


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def git_revision() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BENCH_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_info() -> dict[str, Any]:
    """The machine and moment a run was taken on (for BENCHMARKS.md)."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": memory_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": git_revision(),
        "load_average_start": load_average(),
    }


def corpora_dir(args: argparse.Namespace) -> Path:
    """``--data-dir`` if given, else ``settings.data_dir`` (the third-party corpora)."""
    if getattr(args, "data_dir", None) is not None:
        return Path(args.data_dir)
    from config import load_settings

    return load_settings().data_dir
