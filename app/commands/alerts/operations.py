"""Operating alerts by hand: evaluate, sweep, deliver, outbox (the service does these on its own)."""

from __future__ import annotations

from datetime import datetime, timedelta

import click

from alerts.backtest import documents_between
from app.commands.alerts.group import (
    alerts_group,
    ctx_state,
    open_service,
    parse_time,
)
from app.context import fail
from indexer.store import Store


@alerts_group.command("evaluate")
@click.option(
    "--since", help="Evaluate events with items published since (YYYY-MM-DD or ISO time; default 24 h)."
)
@click.option("--event", "events", multiple=True, help="Evaluate this event id (repeatable).")
@click.pass_context
def evaluate(ctx: click.Context, since: str | None, events: tuple[str, ...]) -> None:
    """Evaluate events now (the service does this after every batch)."""
    now = ctx_state(ctx).now
    start = parse_time(since) if since else now - timedelta(hours=24)
    with open_service(ctx) as service:
        event_ids = list(events) or _recent_events(service.evaluator.store, start, now)
        outcomes = service.evaluate_events(event_ids, now)
    for outcome in outcomes:
        if outcome.action != "quiet":
            click.echo(
                f"{outcome.event_id}: {outcome.action} alert #{outcome.alert_id} {' '.join(outcome.changes)}"
            )
    click.echo(f"evaluated {len(outcomes)} event(s)")


def _recent_events(store: Store, since: datetime, until: datetime) -> list[str]:
    """Events with items published in [since, until]."""
    documents = documents_between(store, since, until + timedelta(seconds=1))
    return list(dict.fromkeys(d.event_id for d in documents if d.event_id))


@alerts_group.command("sweep")
@click.pass_context
def sweep(ctx: click.Context) -> None:
    """Re-notify overdue deadlines and send held notices (the service runs this every minute)."""
    with open_service(ctx) as service:
        report = service.sweep(ctx_state(ctx).now)
    click.echo(f"{report.reminders} overdue reminder(s), {report.notices} held notice message(s)")


@alerts_group.command("deliver")
@click.pass_context
def deliver(ctx: click.Context) -> None:
    """Send the due outbox messages once."""
    with open_service(ctx) as service:
        report = service.deliver_pending(ctx_state(ctx).now)
    click.echo(f"delivered {report.delivered}, retrying {report.retrying}, failed {report.failed}")
    for warning in service.warnings:
        click.echo(f"warning: {warning}", err=True)


@alerts_group.command("outbox")
@click.option("--status", type=click.Choice(["pending", "delivered", "failed"]))
@click.option("--retry", "retry_id", type=int, help="Re-queue a failed message by id.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50)
@click.pass_context
def outbox(ctx: click.Context, status: str | None, retry_id: int | None, limit: int) -> None:
    """Notification messages and their delivery state."""
    with open_service(ctx) as service:
        if retry_id is not None:
            with service.delivery.database.begin() as conn:
                if not service.delivery.ledger.requeue(conn, retry_id, ctx_state(ctx).now):
                    fail(f"outbox message {retry_id} is not a failed message")
            click.echo(f"outbox message {retry_id} re-queued")
            return
        rows = service.queries.outbox(status=status, limit=limit)
    for o in rows:
        click.echo(
            f"{o.id}\t{o.status}\t{o.attempts}\t{o.channel_id}\t{o.kind}\t{o.subject}\t{o.last_error or ''}"
        )
