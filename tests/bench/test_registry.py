"""Every registered benchmark follows the convention of ``python -m bench`` (one table of all rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench import BENCHMARKS
from bench.__main__ import build_parser, load_modules
from bench.alert_latency import Sample, rows, write_config


def test_every_registered_module_has_run_and_parses_quick() -> None:
    modules = load_modules(BENCHMARKS)
    for name, module in modules.items():
        assert callable(getattr(module, "run", None)), f"bench.{name} has no run(args)"
    args = build_parser(modules).parse_args(["--quick"])
    assert args.quick and args.alert_poll is None


def test_alert_latency_rows_compare_with_the_poll_interval() -> None:
    samples = [Sample(12.0, 8.0, 0), Sample(30.0, 25.0, 1), Sample(20.0, None, 0)]
    by_metric = {row.metric: row for row in rows(samples, 20.0, "sources board,weibo")}
    p95 = by_metric["p95 publication → e-mail"]
    assert p95.value == 30.0 and p95.target == "≤ 30"
    assert p95.target_met() is True
    assert p95.baseline_value == 20.0 and p95.ratio == pytest.approx(20 / 30)
    assert by_metric["p50 publication → e-mail"].value == 20.0
    assert by_metric["p95 publication → alert queued"].value == 25.0


def test_alert_latency_config_polls_every_source_at_the_interval(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9", "mailto://127.0.0.1:25", 15.0, frozenset({"weibo"}))
    schedule = yaml.safe_load((config / "schedule.yaml").read_text(encoding="utf-8"))
    assert schedule["crawl_interval_min_s"] == schedule["crawl_interval_max_s"] == 15.0
    alerts = yaml.safe_load((config / "alerts.yaml").read_text(encoding="utf-8"))
    assert alerts["channels"] == [{"id": "press-mail", "url": "mailto://127.0.0.1:25"}]
    assert alerts["update_policy"]["quiet_hours"]["enabled"] is False
    sources = yaml.safe_load((config / "sources.yaml").read_text(encoding="utf-8"))
    assert [s["id"] for s in sources["sources"]] == ["weibo"]
    from config import load_settings

    assert load_settings(config).schedule.crawl_interval_min_s == 15.0
