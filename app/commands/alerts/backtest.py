"""Back-testing rules over indexed history (nothing is written or sent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from alerts import (
    AlertsError,
    BacktestReport,
    make_backtester,
)
from app.commands.alerts.group import (
    alerts_group,
    analyzer,
    ctx_state,
    nlp_heat,
    parse_time,
)
from app.context import fail, open_store_or_exit
from config import Settings
from config.loader import deep_merge
from config.models.alerts import AlertSettings

console = Console()


# back-testing -----------------------------------------------------------------------------------
@alerts_group.command("backtest")
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="A YAML file in the alerts.yaml format (its keys replace the configured ones).",
)
@click.option("--since", required=True, help="First day (YYYY-MM-DD, Asia/Shanghai) or ISO time.")
@click.option("--until", required=True, help="Last day, inclusive (YYYY-MM-DD) or ISO time (exclusive).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def backtest(ctx: click.Context, rules_file: Path, since: str, until: str, as_json: bool) -> None:
    """Replay rules over indexed history: what would have fired, at which level, when (nothing is sent)."""
    settings = ctx_state(ctx).settings
    candidate = _load_rules_file(settings, rules_file)
    start, end = parse_time(since), parse_time(until, end_of_day=True)
    if end <= start:
        fail("--until must be after --since")
    store = open_store_or_exit(settings, read_only=True)
    try:
        report = make_backtester(settings, candidate, analyzer, nlp_heat(settings)).run(store, start, end)
    except AlertsError as exc:
        fail(str(exc))
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(_report_json(report), ensure_ascii=False))
    else:
        _print_report(report, settings)


def _load_rules_file(settings: Settings, path: Path) -> AlertSettings:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        fail(f"{path}: cannot read rules: {exc}")
    if not isinstance(data, dict):
        fail(f"{path}: expected a mapping with `rules:` at the top level")
    try:
        return AlertSettings.model_validate(deep_merge(settings.alerts.model_dump(), data))
    except ValidationError as exc:
        error = exc.errors()[0]
        fail(f"{path}: {'.'.join(str(p) for p in error['loc'])}: {error['msg']}")


def _report_json(report: BacktestReport) -> dict[str, Any]:
    return {
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "documents": report.documents,
        "events": report.events,
        "by_level": report.count_by_level(),
        "by_rule": report.count_by_rule(),
        "firings": [
            {
                "event_id": f.event_id,
                "title": f.title,
                "fired_at": f.fired_at.isoformat(),
                "level": f.level.name,
                "final_level": f.final_level.name,
                "rules": list(f.rule_ids),
                "items_at_fire": f.items_at_fire,
                "items_total": f.items_total,
                "score": f.score,
                "scope": f.scope,
                "office": f.office,
                "sensitive": list(f.sensitive),
                "escalations": [{"at": at.isoformat(), "level": level.name} for at, level in f.escalations],
            }
            for f in report.firings
        ],
    }


def _print_report(report: BacktestReport, settings: Settings) -> None:
    tz = settings.tz
    table = Table(
        title=f"{len(report.firings)} alert(s) would have fired ({report.events} events, {report.documents} items)"
    )
    for column in ("fired at", "level", "escalations", "rules", "items", "office", "event"):
        table.add_column(column)
    for f in report.firings:
        escalations = ", ".join(
            f"{level.name} {at.astimezone(tz):%m-%d %H:%M}" for at, level in f.escalations
        )
        table.add_row(
            f.fired_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            f.level.name,
            escalations or "-",
            ", ".join(f.rule_ids),
            f"{f.items_at_fire}/{f.items_total}",
            f.office,
            f.title,
        )
    console.print(table)
    levels = " ".join(f"{k}:{v}" for k, v in report.count_by_level().items())
    rules = " ".join(f"{k}:{v}" for k, v in report.count_by_rule().items())
    console.print(f"by final level {levels} · by rule {rules}")
