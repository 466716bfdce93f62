"""Core commands: init, config check, search, stats, reindex."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime, time
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from app.context import fail, load_settings_or_exit, open_store_or_exit
from app.plan_check import check_plans
from app.service.errors import ServiceDatabaseError
from app.service.queue import PostprocessQueue
from config import SECTION_FILES, SHIPPED_DIR, Settings
from indexer.document import SHANGHAI, Document, Sentiment, SourceType
from indexer.errors import QuerySyntaxError
from indexer.fields import normalize_region_prefix
from indexer.store import FACET_NAMES, SearchFilters, SearchRequest, SearchResult, SortOrder

console = Console()


def register(group: click.Group) -> None:
    """Attach the core commands."""
    group.add_command(init)
    group.add_command(config_group)
    group.add_command(search)
    group.add_command(stats)
    group.add_command(reindex)
    group.add_command(import_documents)


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), required=False)
@click.pass_context
def init(ctx: click.Context, directory: Path | None) -> None:
    """Create a user config directory (commented copies of the defaults) and the database."""
    target = directory or ctx.obj.get("config_dir") or Path("qingshan-config")
    target.mkdir(parents=True, exist_ok=True)
    for filename in SECTION_FILES:
        dest = target / filename
        if not dest.exists():
            shutil.copyfile(SHIPPED_DIR / filename, dest)
    settings = load_settings_or_exit(target)
    store = open_store_or_exit(settings)
    store.close()
    console.print(f"config directory: [bold]{target.resolve()}[/]")
    console.print(f"database: {settings.database_url()}")
    console.print(f"use it with: qingshan --config {target} ...  (or export QINGSHAN_CONFIG={target})")


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command("check")
@click.pass_context
def config_check(ctx: click.Context) -> None:
    """Validate every config file; each error names the file, the key path and what is expected."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    problems = check_plans(settings)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        sys.exit(1)
    where = settings.config_dir or "shipped defaults"
    click.echo(
        f"configuration OK ({where}): {len(settings.sources.sources)} sources, {len(settings.topics.topics)} topics, "
        f"{len(settings.plans.plans)} keyword plans, {len(settings.alerts.rules)} alert rules"
    )


def _parse_day(value: str | None, *, end: bool) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"invalid date {value!r}: expected YYYY-MM-DD or an ISO date-time")
    if len(value) <= 10:  # a day: --until includes the whole day
        parsed = datetime.combine(parsed.date(), time.min) + (_ONE_DAY if end else _ZERO)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


_ONE_DAY = datetime(2000, 1, 2) - datetime(2000, 1, 1)
_ZERO = _ONE_DAY * 0


def _filters(
    since: str | None,
    until: str | None,
    source: tuple[str, ...],
    source_type: tuple[str, ...],
    sentiment: tuple[str, ...],
    region: tuple[str, ...],
    topic: tuple[str, ...],
) -> SearchFilters:
    try:
        regions = tuple(normalize_region_prefix(r) for r in region)
    except ValueError as exc:
        fail(f"--region: {exc}")
    return SearchFilters(
        since=_parse_day(since, end=False),
        until=_parse_day(until, end=True),
        sources=source,
        source_types=tuple(SourceType(t) for t in source_type),
        sentiments=tuple(Sentiment(s) for s in sentiment),
        topics=topic,
        region_prefixes=regions,
    )


@click.command()
@click.argument("query", required=False, default="")
@click.option("--since", help="Published on or after (YYYY-MM-DD, Asia/Shanghai).")
@click.option("--until", help="Published on or before (YYYY-MM-DD, inclusive).")
@click.option("--source", multiple=True, help="Source id (repeatable).")
@click.option("--type", "source_type", multiple=True, type=click.Choice([t.value for t in SourceType]))
@click.option("--sentiment", multiple=True, type=click.Choice([s.value for s in Sentiment]))
@click.option("--region", multiple=True, help="Administrative code prefix: 32, 3201 or 320102.")
@click.option("--topic", multiple=True, help="Topic id from topics.yaml.")
@click.option("--sort", type=click.Choice([s.value for s in SortOrder]), default=SortOrder.RELEVANCE.value)
@click.option("--limit", type=click.IntRange(1, 1000), default=20)
@click.option("--offset", type=click.IntRange(0, 100_000), default=0)
@click.option(
    "--facets/--no-facets", default=True, help="Show counts by day, source, sentiment, topic, province."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object with total, hits and facets.")
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    since: str | None,
    until: str | None,
    source: tuple[str, ...],
    source_type: tuple[str, ...],
    sentiment: tuple[str, ...],
    region: tuple[str, ...],
    topic: tuple[str, ...],
    sort: str,
    limit: int,
    offset: int,
    facets: bool,
    as_json: bool,
) -> None:
    """Search indexed coverage with the query language, e.g.  (雾霾 | PM2.5) 北京 -演习"""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    request = SearchRequest(
        query=query,
        filters=_filters(since, until, source, source_type, sentiment, region, topic),
        sort=SortOrder(sort),
        offset=offset,
        limit=limit,
        facets=FACET_NAMES if facets else (),
    )
    store = open_store_or_exit(settings, read_only=True)
    try:
        result = store.search(request)
    except QuerySyntaxError as exc:
        _print_query_error(query, exc)
        sys.exit(2)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(_result_json(result), ensure_ascii=False, default=str))
    else:
        _print_result(result, settings)


def _print_query_error(query: str, exc: QuerySyntaxError) -> None:
    click.echo(f"error: invalid query: {exc.reason}", err=True)
    shown = query[:200]
    if exc.position <= len(shown):
        click.echo(f"  {shown}\n  {' ' * exc.position}^", err=True)


def _result_json(result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "hits": [
            {
                **hit.document.model_dump(mode="json", exclude={"original_text"}),
                "score": hit.score,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
            }
            for hit in result.hits
        ],
        "facets": {name: [[k, v] for k, v in counts] for name, counts in result.facets.items()},
    }


def _marked(html: str) -> Text:
    """Render our escaped HTML with <mark> as rich text (only <mark> is ever added)."""
    import html as html_lib

    text = Text()
    for i, part in enumerate(html.replace("</mark>", "<mark>").split("<mark>")):
        text.append(html_lib.unescape(part), style="bold black on yellow" if i % 2 else "")
    return text


def _print_result(result: SearchResult, settings: Settings) -> None:
    table = Table(title=f"{result.total} result(s)", show_lines=True, expand=True)
    table.add_column("published", no_wrap=True)
    table.add_column("source")
    table.add_column("title / snippet", ratio=3)
    table.add_column("sentiment", no_wrap=True)
    for hit in result.hits:
        doc = hit.document
        body = _marked(hit.title_html)
        body.append("\n")
        body.append_text(_marked(hit.snippet_html))
        body.append(f"\n{doc.url}", style="dim")
        table.add_row(
            doc.published_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M"),
            doc.source,
            body,
            doc.sentiment.label_zh if doc.sentiment else "-",
        )
    console.print(table)
    for name, counts in result.facets.items():
        if not counts:
            continue
        shown = ", ".join(f"{k} {v}" for k, v in counts[:12])
        console.print(f"[bold]{name}[/]: {shown}")


@click.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Documents by source, time span and size on disk."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    store = open_store_or_exit(settings, read_only=True)
    try:
        info = store.stats()
    finally:
        store.close()
    console.print(f"[bold]{info.documents} document(s)[/] — {info.backend}")
    table = Table()
    table.add_column("source")
    table.add_column("documents", justify="right")
    for source, count in sorted(info.by_source.items(), key=lambda kv: -kv[1]):
        table.add_row(source, str(count))
    console.print(table)
    if info.first_published and info.last_published:
        console.print(
            f"published {info.first_published:%Y-%m-%d %H:%M} … {info.last_published:%Y-%m-%d %H:%M}"
        )
    console.print(f"size on disk: {info.size_bytes / 1_048_576:.1f} MiB")


@click.command()
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild the full-text index from the store of record."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    store = open_store_or_exit(settings)
    try:
        with Progress(
            TextColumn("reindexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("reindex", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            count = store.reindex(advance)
    finally:
        store.close()
    console.print(f"reindexed {count} document(s)")


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True, allow_dash=True))
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=500)
@click.pass_context
def import_documents(ctx: click.Context, path: Path, batch_size: int) -> None:
    """Import documents from JSON lines (one Document per line); invalid lines are reported, not stored.

    Documents are analysed before they are stored (sentiment, topics, regions, keywords, summary);
    analysis fields present in the file are kept."""
    from app.analysis import AnalysisError, build_document_analyzer

    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    try:  # large batches are analysed by nlp.workers processes
        analyze = build_document_analyzer(settings, bulk=True)
    except AnalysisError as exc:
        fail(str(exc))
    stream = click.open_file(str(path), encoding="utf-8")
    store = open_store_or_exit(settings)
    try:  # events and alerts come from the service's next post-processing pass
        queue = PostprocessQueue.open_at(settings.database_url())
    except ServiceDatabaseError as exc:
        store.close()
        analyze.close()
        fail(str(exc))

    def store_batch(batch: list[Document]) -> int:
        analysed = analyze(batch)
        stored = store.upsert(analysed)
        queue.enqueue(analysed)
        return stored

    imported, rejected = 0, 0
    try:
        batch: list[Document] = []
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                batch.append(Document.model_validate_json(line))
            except ValidationError as exc:
                rejected += 1
                click.echo(f"error: line {number}: {_first_error(exc)}", err=True)
                continue
            if len(batch) >= batch_size:
                imported += store_batch(batch)
                batch = []
        imported += store_batch(batch)
    except AnalysisError as exc:
        fail(f"{exc} ({imported} document(s) imported before)")
    finally:
        analyze.close()
        queue.close()
        store.close()
        stream.close()
    click.echo(f"imported {imported} document(s), rejected {rejected}")
    if rejected:
        sys.exit(1)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "line"
    return f"{where}: {error['msg']}"
