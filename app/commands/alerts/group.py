"""The ``alerts`` command group and what its commands share: settings, the clock, the service."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import click

from alerts import (
    AlertDatabase,
    AlertRecord,
    AlertsError,
    AlertService,
    HeatFunction,
)
from app.context import fail, load_settings_or_exit, open_store_or_exit
from app.wiring import index_tokenizer
from config import Settings
from indexer.analysis import analyze
from indexer.document import SHANGHAI, Document


def analyzer(text: str) -> list[str]:
    """The query analyzer of the index (same segmentation as documents)."""
    return analyze(text, index_tokenizer)


def nlp_heat(settings: Settings) -> HeatFunction:
    """NLP's heat index as the alerts heat function (Documents → nlp.events ItemRows)."""
    from nlp.events import HeatIndex
    from nlp.events.store import ItemRow

    index = HeatIndex.from_settings(settings)
    mainstream = frozenset(s.id for s in settings.sources.sources if s.mainstream)

    def heat(documents: Sequence[Document], now: datetime) -> float:
        rows = [
            ItemRow(
                d.id,
                d.event_id or "",
                d.published_at,
                d.source,
                d.source_type.value,
                d.source in mainstream,
                d.sentiment.value if d.sentiment else None,
                d.engagement.reposts + d.engagement.comments + d.engagement.likes + d.engagement.reads // 100,
            )
            for d in documents
        ]
        return index.score(index.stats(rows, now + timedelta(seconds=1))).heat

    return heat


@dataclass
class AlertsContext:
    settings: Settings
    now: datetime


@click.group("alerts")
@click.option("--now", "now_text", hidden=True, help="Act as if it were this ISO time (replays, tests).")
@click.pass_context
def alerts_group(ctx: click.Context, now_text: str | None) -> None:
    """Alerts: list and handle them (研判 → 转办 → 回应 → 整改跟踪 → 办结); back-test rules."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    now = parse_time(now_text) if now_text else datetime.now(UTC)
    ctx.obj["alerts"] = AlertsContext(settings, now)


def ctx_state(ctx: click.Context) -> AlertsContext:
    value: AlertsContext = ctx.obj["alerts"]
    return value


@contextmanager
def open_service(ctx: click.Context) -> Iterator[AlertService]:
    """The alerts service on the configured store and database; AlertsError ends the command."""
    settings = ctx_state(ctx).settings
    store = open_store_or_exit(settings)
    database = AlertDatabase(settings.database_url())
    try:
        database.open()
        yield AlertService.from_settings(settings, database, store, analyzer, heat=nlp_heat(settings))
    except AlertsError as exc:
        fail(str(exc))
    finally:
        database.close()
        store.close()


def act(ctx: click.Context, action: Callable[[AlertService], AlertRecord], done: str) -> None:
    with open_service(ctx) as service:
        alert = action(service)
    click.echo(f"alert #{alert.id}: {done} (state {alert.state.value})")


actor_option = click.option("--by", "actor", default=None, help="Who acts (default: the login name).")
note_option = click.option("--note", default="", help="A note recorded with the transition.")


def actor_name(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def parse_time(value: str, *, end_of_day: bool = False) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"invalid date {value!r}: expected YYYY-MM-DD or an ISO date-time")
    if len(value) <= 10 and end_of_day:
        parsed += timedelta(days=1)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)
