"""Service commands: ``qingshan run [--once]`` (the scheduled service) and ``qingshan status``."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from datetime import datetime
from types import FrameType
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from alerts import AlertsError
from app.context import fail, load_settings_or_exit
from config import Settings
from crawlers.errors import CrawlerError
from indexer.errors import IndexerError
from nlp.errors import NlpError

EXIT_LOCKED = 3
_OUTCOME_STYLE = {
    "ok": "green",
    "failed": "bold red",
    "timeout": "bold red",
    "running": "cyan",
    "interrupted": "yellow",
}


def register(group: click.Group) -> None:
    """Attach ``run`` and ``status``."""
    group.add_command(run_command)
    group.add_command(status_command)


@click.command("run")
@click.option("--once", is_flag=True, help="Run every job one time, then exit (1 if a job failed).")
@click.option("--no-alerts", is_flag=True, help="No alert evaluation, deadline sweep or outbox delivery.")
@click.option("--no-digest", is_flag=True, help="No daily digest job.")
@click.pass_context
def run_command(ctx: click.Context, once: bool, no_alerts: bool, no_digest: bool) -> None:
    """Run the service: crawls at adaptive intervals, post-processing, alerts, digests. SIGTERM stops it."""
    from app.service import ServiceError, ServiceLockedError
    from app.service.resources import open_service

    settings = load_settings_or_exit(ctx.obj["config_dir"])
    _service_logging()
    try:
        with open_service(settings, with_alerts=not no_alerts, with_digest=not no_digest) as service:
            _on_stop_signals(service.request_stop)
            click.echo(f"qingshan service started (pid {os.getpid()}); stop with Ctrl-C or SIGTERM", err=True)
            status = service.run_once() if once else service.run()
    except ServiceLockedError as exc:
        fail(str(exc), EXIT_LOCKED)
    except (ServiceError, CrawlerError, IndexerError, NlpError, AlertsError) as exc:
        fail(str(exc))
    if once:
        _print_jobs(settings, Console())
    click.echo(f"qingshan service stopped (exit status {status})", err=True)
    sys.exit(status)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of tables.")
@click.pass_context
def status_command(ctx: click.Context, as_json: bool) -> None:
    """The service (running or not), its jobs with next and last runs and errors, and source health."""
    settings = load_settings_or_exit(ctx.obj["config_dir"])
    status = _read_status(settings)
    if as_json:
        click.echo(json.dumps(status.to_json(), ensure_ascii=False, default=str))
        return
    console = Console()
    console.print(_service_line(status))
    _print_jobs(settings, console, status)
    for run in status.recent_failures:
        console.print(f"[red]{_when(run.started_at, settings)} {run.job_id}: {run.error}[/]")
    from app.commands.crawl import health_rows

    _print_source_summary(health_rows(settings, [s.id for s in settings.sources.sources]), console)


def _read_status(settings: Settings) -> Any:
    from app.service import ServiceError
    from app.service.status import read_status

    try:
        return read_status(settings)
    except ServiceError as exc:
        fail(str(exc))


def _service_line(status: Any) -> str:
    holder = status.holder
    if holder is None:
        return "service: [dim]never started on this database[/]"
    if status.running:
        age = int((status.checked_at - holder.heartbeat_at).total_seconds())
        since = holder.started_at.strftime("%Y-%m-%d %H:%M:%S %Z")
        return (
            f"service: [green]running[/] (pid {holder.pid} on {holder.host}, since {since}, "
            f"heartbeat {age} s ago) · {status.queued_documents} documents waiting for post-processing"
        )
    stopped = holder.stopped_at or holder.heartbeat_at
    how = "stopped" if holder.stopped_at else "[red]not running (it did not stop cleanly)[/]"
    return f"service: {how} · last seen {stopped:%Y-%m-%d %H:%M:%S %Z} · {status.queued_documents} documents queued"


def _print_jobs(settings: Settings, console: Console, status: Any = None) -> None:
    status = status or _read_status(settings)
    table = Table(title="Jobs")
    for column in ("job", "next run", "last run", "outcome", "runs", "failures", "last result"):
        table.add_column(column, overflow="fold")
    for job in status.jobs:
        outcome = job.last_outcome or "-"
        style = _OUTCOME_STYLE.get(outcome, "")
        result = job.last_error if job.last_error else (job.last_summary or "")
        table.add_row(
            job.job_id,
            _when(job.next_run_at, settings),
            _when(job.last_started_at, settings),
            f"[{style}]{outcome}[/]" if style else outcome,
            str(job.runs),
            str(job.failures)
            + (f" ({job.consecutive_failures} in a row)" if job.consecutive_failures else ""),
            result,
        )
    console.print(table)


def _print_source_summary(rows: list[dict[str, Any]], console: Console) -> None:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    summary = " · ".join(f"{status} {count}" for status, count in sorted(counts.items()))
    console.print(f"sources: {summary or 'none configured'}")
    for row in rows:
        if row["status"] in ("degraded", "silent"):
            console.print(f"  [bold red]{row['source']}[/] {row['status']}: {row['reason']}")


def _when(value: datetime | None, settings: Settings) -> str:
    return value.astimezone(settings.tz).strftime("%m-%d %H:%M:%S") if value else "-"


def _service_logging() -> None:
    root = logging.getLogger()
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _on_stop_signals(stop: Any) -> None:
    def handler(signum: int, _frame: FrameType | None) -> None:
        logging.getLogger(__name__).info("signal %d: draining", signum)
        stop()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
