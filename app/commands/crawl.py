"""Crawl commands: ``qingshan crawl SOURCE... | --all [--once]`` and ``qingshan sources``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.context import fail, load_settings_or_exit
from config import Settings
from crawlers.errors import CrawlerError
from crawlers.health import HealthStatus, SourceHealth, current_status
from crawlers.state import CrawlState
from indexer.errors import IndexerError

_STATUS_STYLE = {
    HealthStatus.OK: "green",
    HealthStatus.DEGRADED: "bold red",
    HealthStatus.SILENT: "yellow",
    HealthStatus.NEW: "dim",
}


def register(group: click.Group) -> None:
    """Attach ``crawl`` and ``sources``."""
    group.add_command(crawl_command)
    group.add_command(sources_command)


class RichCrawlProgress:
    """One progress line per source: pages fetched, items stored, errors, then its health."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.fields[source]}"),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichCrawlProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def started(self, source_id: str) -> None:
        if source_id in self.tasks:
            self.progress.reset(
                self.tasks[source_id], source=source_id, counts=_counts(0, 0, 0), status="crawling"
            )
            return
        self.tasks[source_id] = self.progress.add_task(
            source_id, total=None, source=source_id, counts=_counts(0, 0, 0), status="crawling"
        )

    def update(self, source_id: str, pages: int, items: int, errors: int) -> None:
        if source_id in self.tasks:
            self.progress.update(self.tasks[source_id], counts=_counts(pages, items, errors))

    def finished(self, source_id: str, health: SourceHealth | None) -> None:
        if source_id not in self.tasks:
            return
        if health is None:
            self.progress.update(self.tasks[source_id], status="[red]failed to start")
        else:
            counts = _counts(
                health.last_run_pages, health.last_run_new_items, sum(health.last_run_errors.values())
            )
            style = _STATUS_STYLE[health.status]
            self.progress.update(
                self.tasks[source_id], counts=counts, status=f"[{style}]{health.status.value}"
            )
        self.progress.stop_task(self.tasks[source_id])


def _counts(pages: int, items: int, errors: int) -> str:
    return f"{pages} pages · {items} new items · {errors} errors"


@click.command("crawl")
@click.argument("source_ids", nargs=-1)
@click.option("--all", "all_sources", is_flag=True, help="Crawl every enabled source.")
@click.option("--once", is_flag=True, help="Run each source once and exit (default: keep polling).")
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.pass_context
def crawl_command(
    ctx: click.Context, source_ids: tuple[str, ...], all_sources: bool, once: bool, quiet: bool
) -> None:
    """Crawl SOURCE_IDS (or --all): once, or continuously on each source's adaptive interval."""
    from app.analysis import AnalysisError
    from app.crawl_runner import CrawlService, select_sources

    settings = load_settings_or_exit(ctx.obj["config_dir"])
    if bool(source_ids) == all_sources:
        fail("name one or more sources, or use --all (see `qingshan sources`)")
    console = Console(stderr=True, quiet=quiet)
    try:
        sources = select_sources(settings, source_ids, all_sources)
        with RichCrawlProgress(console) as progress:
            turns = ctx.obj.get("write_turns")  # set by the service's crawl child only
            CrawlService(settings, sources, progress=progress, write_turns=turns).run(once=once)
    except (CrawlerError, IndexerError, AnalysisError) as exc:
        fail(str(exc))
    _print_health(settings, [s.id for s in sources], Console(quiet=quiet))


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@click.pass_context
def sources_command(ctx: click.Context, as_json: bool) -> None:
    """Configured sources and their crawl health (degraded and silent ones stand out)."""
    settings = load_settings_or_exit(ctx.obj["config_dir"])
    ids = [s.id for s in settings.sources.sources]
    if as_json:
        for row in health_rows(settings, ids):
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    _print_health(settings, ids, Console())


def health_rows(settings: Settings, source_ids: list[str]) -> list[dict[str, Any]]:
    """Per source: configuration summary, stored health and the status as of now."""
    now = datetime.now(UTC)
    stored = _load_health(settings)
    rows = []
    for source_id in source_ids:
        source = settings.sources.get(source_id)
        assert source is not None
        health = stored.get(source_id) or SourceHealth(source=source_id)
        status, reason, since = current_status(
            health, now, settings.sources.crawl.health, source.silent_after_h
        )
        rows.append(
            {
                "source": source_id,
                "name": source.name,
                "kind": source.kind,
                "enabled": source.enabled,
                "status": status.value,
                "reason": reason,
                "since": since,
                "last_success_at": health.last_success_at,
                "consecutive_failures": health.consecutive_failures,
                "pages_fetched": health.pages_fetched,
                "new_items": health.new_items,
                "last_run_pages": health.last_run_pages,
                "last_run_new_items": health.last_run_new_items,
                "last_run_errors": health.last_run_errors,
                "errors": health.errors,
                "usual_rate_per_h": round(health.usual_rate_per_h, 3),
                "interval_s": health.interval_s,
                "next_due_at": health.next_due_at,
            }
        )
    return rows


def _load_health(settings: Settings) -> dict[str, SourceHealth]:
    try:
        with CrawlState(settings.database_url()) as state:
            return {h.source: h for h in state.all_health()}
    except CrawlerError as exc:
        fail(str(exc))


def _print_health(settings: Settings, source_ids: list[str], console: Console) -> None:
    table = Table(title="Sources")
    for column in (
        "source",
        "kind",
        "status",
        "since",
        "last success",
        "pages",
        "new items",
        "errors (last run)",
    ):
        table.add_column(column)
    table.add_column("rate/h", justify="right")
    table.add_column("next run")
    tz = settings.tz
    for row in health_rows(settings, source_ids):
        style = _STATUS_STYLE[HealthStatus(row["status"])]
        status = row["status"] + (f" ({row['reason']})" if row["reason"] else "")
        errors = ", ".join(f"{k} {v}" for k, v in sorted(row["last_run_errors"].items())) or "-"
        table.add_row(
            row["source"],
            row["kind"],
            f"[{style}]{status}[/]",
            _when(row["since"], tz),
            _when(row["last_success_at"], tz),
            str(row["pages_fetched"]),
            f"{row['new_items']} (+{row['last_run_new_items']})",
            errors,
            f"{row['usual_rate_per_h']:.2f}",
            _when(row["next_due_at"], tz),
        )
    console.print(table)


def _when(value: datetime | None, tz: Any) -> str:
    return value.astimezone(tz).strftime("%m-%d %H:%M") if value else "-"
