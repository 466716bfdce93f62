"""Benchmark rows and the accumulated latest.json / latest.md."""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import BenchRow, percentile
from bench.report import write_outputs


def run_info(date: str) -> dict[str, object]:
    return {"command": f"python -m bench # {date}", "machine": {"date": date, "cpu": "test"}}


def test_target_met_reads_both_directions() -> None:
    assert BenchRow("b", "ingest", 2500, "docs/s", target="≥ 2000").target_met() is True
    assert BenchRow("b", "p95", 61, "ms", target="≤ 50").target_met() is False
    assert BenchRow("b", "size", 3, "MB").target_met() is None


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([7.0], 95) == 7


def test_a_new_run_replaces_rows_of_the_same_key_and_keeps_the_others(tmp_path: Path) -> None:
    write_outputs(
        tmp_path, [BenchRow("search 100k", "p95", 9, "ms"), BenchRow("nlp", "docs/s", 5, "x")], run_info("d1")
    )
    json_path, md_path = write_outputs(tmp_path, [BenchRow("search 100k", "p95", 8, "ms")], run_info("d2"))
    data = json.loads(json_path.read_text(encoding="utf-8"))
    by_key = {(r["benchmark"], r["metric"]): r for r in data["rows"]}
    assert by_key["search 100k", "p95"]["value"] == 8
    assert by_key["search 100k", "p95"]["run"] == "d2"
    assert by_key["nlp", "docs/s"]["run"] == "d1"
    assert set(data["runs"]) == {"d1", "d2"}
    markdown = md_path.read_text(encoding="utf-8")
    assert "| search 100k | p95 | 8.00 | ms |" in markdown
    assert "python -m bench # d2" in markdown
