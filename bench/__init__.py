"""Benchmarks behind ``make bench`` (``python -m bench [--quick] [--only NAME]``); figures go to BENCHMARKS.md.

Every module named in :data:`BENCHMARKS` exposes ``run(args) -> list[BenchRow]`` (``bench.common``)
and optionally ``add_arguments(parser)`` for its own flags. ``python -m bench`` runs them in order,
prints one table of all rows and writes ``bench/out/latest.json`` and ``bench/out/latest.md``.
To add a benchmark: write ``bench/<name>.py`` with ``run`` and add its name here.

Errors: a benchmark that cannot run raises :class:`BenchmarkUnavailable` (missing data, missing
engine) with the reason; the runner reports it and carries on with the others.
"""

from __future__ import annotations

# Module names under bench/, run in this order.
BENCHMARKS: list[str] = [
    "search_engines",
    "extraction_accuracy",
    "crawl_throughput",
    "nlp_segmentation",
    "nlp_regions",
    "nlp_quality",
    "nlp_throughput",
    "alert_latency",
    "web_search",
]


class BenchmarkUnavailable(RuntimeError):
    """A benchmark cannot run here; the message says why and what to do."""
