"""Present benchmark rows: one rich table on the terminal, ``latest.json`` and ``latest.md`` on disk.

``latest.json`` accumulates: a run replaces the rows with the same (benchmark, metric) and keeps the
others, each row pointing at the run (machine, date, command) it was measured in. So the 100k and
1M runs, taken separately, both end up in ``latest.md``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.common import BenchRow

COLUMNS = ("benchmark", "metric", "value", "unit", "baseline", "ratio", "target", "met", "note")


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if magnitude >= 0.1 else f"{value:.3g}"


def row_cells(row: BenchRow) -> list[str]:
    met = row.target_met()
    baseline = f"{row.baseline_name} {fmt_number(row.baseline_value)}" if row.baseline_name else ""
    ratio = f"{fmt_number(row.ratio)}×" if row.ratio is not None else ""
    return [
        row.benchmark,
        row.metric,
        fmt_number(row.value),
        row.unit,
        baseline.strip(),
        ratio,
        row.target or "",
        "" if met is None else ("yes" if met else "NO"),
        row.note,
    ]


def print_table(rows: Sequence[BenchRow], machine: dict[str, Any], console: Console | None = None) -> None:
    table = Table(title=f"qingshan benchmarks — {machine_line(machine)}", show_lines=False)
    for name in COLUMNS:
        table.add_column(name, justify="right" if name in ("value", "ratio") else "left", overflow="fold")
    for row in rows:
        cells = row_cells(row)
        style = "red" if row.target_met() is False else None
        table.add_row(*cells, style=style)
    if console is None:
        console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(table)


def machine_line(machine: dict[str, Any]) -> str:
    load = machine.get("load_average_start")
    return (
        f"{machine.get('cpu')}, {machine.get('cores')} cores, {machine.get('memory_gib')} GiB, "
        f"Python {machine.get('python')}, {machine.get('date')}, load {load}"
    )


def merge_latest(path: Path, rows: Sequence[BenchRow], run: dict[str, Any]) -> dict[str, Any]:
    """The accumulated results with this run's rows replacing older rows of the same key."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    runs: dict[str, Any] = dict(data.get("runs", {}))
    old_rows: list[dict[str, Any]] = list(data.get("rows", []))
    keys = {(r.benchmark, r.metric) for r in rows}
    kept = [r for r in old_rows if (r.get("benchmark"), r.get("metric")) not in keys]
    run_id = run["machine"]["date"]
    runs[run_id] = run
    merged_rows = kept + [{**r.to_json(), "run": run_id} for r in rows]
    used = {r.get("run") for r in merged_rows}
    return {"runs": {k: v for k, v in runs.items() if k in used}, "rows": merged_rows}


def markdown(results: dict[str, Any]) -> str:
    """A Markdown table of all rows, then the machine and command of each run."""
    run_ids = list(results["runs"])
    lines = [
        "| " + " | ".join([*COLUMNS, "run"]) + " |",
        "|" + "---|" * (len(COLUMNS) + 1),
    ]
    for data in results["rows"]:
        cells = [*row_cells(BenchRow.from_json(data)), str(run_ids.index(data["run"]) + 1)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines.append("")
    for number, run_id in enumerate(run_ids, start=1):
        run = results["runs"][run_id]
        lines.append(f"Run {number}: `{run['command']}` — {machine_line(run['machine'])}")
        lines.append(
            f"(load average at the end {run.get('load_average_end')}; git {run['machine'].get('git')})"
        )
        lines.append("")
    return "\n".join(lines)


def write_outputs(out_dir: Path, rows: Sequence[BenchRow], run: dict[str, Any]) -> tuple[Path, Path]:
    """Merge into ``latest.json`` and rewrite ``latest.md``; returns both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "latest.json", out_dir / "latest.md"
    results = merge_latest(json_path, rows, run)
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results) + "\n", encoding="utf-8")
    return json_path, md_path
