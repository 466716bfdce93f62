"""``qingshan hotspots``: events ranked by heat over a period (the console's hotspot page, in the terminal)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from app.context import fail, load_settings_or_exit
from config import Settings
from indexer.document import SHANGHAI
from nlp.events import EventStore, HeatIndex, Hotspot, HotspotRanker
from nlp.events.errors import EventError


def rank_hotspots(
    settings: Settings, end: datetime, days: float, limit: int, region: str | None, topic: str | None
) -> list[Hotspot]:
    events = EventStore(settings.database_url())
    events.open()
    try:
        ranker = HotspotRanker(events, HeatIndex.from_settings(settings))
        return ranker.rank(end - timedelta(days=days), end, limit=limit, region=region, topic=topic)
    finally:
        events.close()


def hotspot_json(hotspot: Hotspot) -> dict[str, Any]:
    stats = hotspot.stats
    return {
        "event_id": hotspot.event_id,
        "title": hotspot.title,
        "heat": round(hotspot.heat.heat, 1),
        "items": stats.items,
        "sources": stats.sources,
        "engagement": stats.engagement,
        "official_items": stats.official_items,
        "negative_share": round(stats.negative_items / stats.rated_items, 3) if stats.rated_items else None,
        "first_seen": stats.first_seen.isoformat(),
        "last_seen": stats.last_seen.isoformat(),
        "regions": hotspot.regions,
        "topics": hotspot.topics,
    }


def hotspot_table(hotspots: list[Hotspot], start: datetime, end: datetime) -> Table:
    """Titles are crawled text: :class:`rich.text.Text` cells are never parsed as markup."""
    table = Table(title=f"热点 {start:%Y-%m-%d %H:%M} — {end:%Y-%m-%d %H:%M}")
    for column in (
        "#",
        "heat",
        "event",
        "items",
        "sources",
        "negative",
        "official",
        "regions",
        "topics",
        "last seen",
    ):
        table.add_column(column, overflow="fold")
    for rank, hotspot in enumerate(hotspots, start=1):
        row = hotspot_json(hotspot)
        negative = "—" if row["negative_share"] is None else f"{row['negative_share']:.0%}"
        table.add_row(
            str(rank),
            f"{row['heat']:.1f}",
            Text(hotspot.title),  # crawled text: shown as is, never read as markup
            str(row["items"]),
            str(row["sources"]),
            negative,
            str(row["official_items"]),
            " ".join(hotspot.regions[:3]),
            " ".join(hotspot.topics[:3]),
            f"{hotspot.stats.last_seen.astimezone(SHANGHAI):%m-%d %H:%M}",
        )
    return table


@click.command("hotspots")
@click.option(
    "--end", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), help="End of the period (default: now)."
)
@click.option("--days", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--region", help="Only events in this region (province, city or county code).")
@click.option("--topic", help="Only events with this topic id (topics.yaml).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per event.")
@click.pass_context
def hotspots_command(
    ctx: click.Context,
    end: datetime | None,
    days: float,
    limit: int,
    region: str | None,
    topic: str | None,
    as_json: bool,
) -> None:
    """Events ranked by heat (volume, sources, engagement, velocity, official involvement, negativity)."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    until = end.replace(tzinfo=SHANGHAI) if end is not None else datetime.now(SHANGHAI)
    try:
        hotspots = rank_hotspots(settings, until, days, limit, region, topic)
    except EventError as exc:
        fail(str(exc))
    if as_json:
        for hotspot in hotspots:
            click.echo(json.dumps(hotspot_json(hotspot), ensure_ascii=False))
        return
    if not hotspots:
        click.echo("no events with items in this period")
        return
    Console().print(hotspot_table(hotspots, until - timedelta(days=days), until))  # today's width


def register(group: click.Group) -> None:
    group.add_command(hotspots_command)
