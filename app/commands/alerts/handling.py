"""Listing alerts and handling them: list, show, ack, assign, respond, follow-up, close."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alerts import (
    AlertDetail,
    AlertRecord,
    AlertService,
    AlertState,
    Coverage,
    DeadlineRecord,
    Level,
)
from app.commands.alerts.group import (
    act,
    actor_name,
    actor_option,
    alerts_group,
    ctx_state,
    note_option,
    open_service,
)

console = Console()


# listing ----------------------------------------------------------------------------------------
@alerts_group.command("list")
@click.option("--state", "states", multiple=True, type=click.Choice([s.value for s in AlertState]))
@click.option("--level", "levels", multiple=True, type=click.Choice([level.name for level in Level]))
@click.option("--all", "include_closed", is_flag=True, help="Include closed alerts.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_alerts(
    ctx: click.Context,
    states: tuple[str, ...],
    levels: tuple[str, ...],
    include_closed: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Alerts, most severe first (open ones unless --all or --state)."""
    wanted = [AlertState(s) for s in states] or (
        [] if include_closed else [s for s in AlertState if s is not AlertState.CLOSED]
    )
    with open_service(ctx) as service:
        found = service.queries.list_alerts(states=wanted, levels=[Level[n] for n in levels], limit=limit)
    if as_json:
        click.echo(json.dumps([_alert_json(a) for a in found], ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} alert(s)")
    for column in ("id", "level", "state", "opened", "items", "office", "title"):
        table.add_column(column)
    tz = ctx_state(ctx).settings.tz
    for a in found:
        table.add_row(
            str(a.id),
            a.level.label_zh,
            a.state.value,
            a.opened_at.astimezone(tz).strftime("%m-%d %H:%M"),
            str(a.item_count),
            a.route.office.name,
            a.title,
        )
    console.print(table)


def _alert_json(alert: AlertRecord) -> dict[str, Any]:
    return {
        "id": alert.id,
        "event_id": alert.event_id,
        "title": alert.title,
        "level": alert.level.name,
        "state": alert.state.value,
        "scope": alert.scope.value,
        "office": alert.route.office.name,
        "department": alert.route.department.name if alert.route.department else None,
        "rules": list(alert.rule_ids),
        "items": alert.item_count,
        "opened_at": alert.opened_at.isoformat(),
        "response_url": alert.response_url,
        "candidate_url": alert.candidate_url,
    }


@alerts_group.command("show")
@click.argument("alert_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, alert_id: int, as_json: bool) -> None:
    """One alert in full: route, deadlines, coverage, representative items, history, notifications."""
    with open_service(ctx) as service:
        detail = service.queries.detail(alert_id)
        coverage = service.queries.coverage_since(alert_id, detail.alert.responded_at)
    if as_json:
        click.echo(json.dumps(_detail_json(detail), ensure_ascii=False))
        return
    state = ctx_state(ctx)
    tz = state.settings.tz

    def fmt(moment: datetime | None) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "-"

    _print_summary(detail.alert, coverage, fmt)
    _print_history(detail, fmt, state.now)


def _detail_json(detail: AlertDetail) -> dict[str, Any]:
    return {
        **_alert_json(detail.alert),
        "deadlines": [_deadline_json(d) for d in detail.deadlines],
        "transitions": [
            {"action": x.action, "to": x.to_state, "by": x.actor, "at": x.at.isoformat(), "note": x.note}
            for x in detail.transitions
        ],
    }


def _print_summary(a: AlertRecord, coverage: Coverage, fmt: Callable[[datetime | None], str]) -> None:
    snap = a.snapshot
    department = a.route.department.name if a.route.department else "-"
    lines = [
        f"state: {a.state.value} ({a.state.label_zh})",
        f"event {a.event_id} · scope {a.scope.value} · score {a.score:.2f} · rules {', '.join(a.rule_ids)}",
        f"office: {a.route.office.name} · department: {department} · assignee: {a.assignee or '-'}",
        f"items {snap.item_count} · sources {len(snap.sources)} · negative {snap.negative_share:.0%} · "
        f"velocity {snap.velocity:.1f}/h · heat {snap.heat:.1f} · sensitive {', '.join(snap.sensitive) or '-'}",
    ]
    if a.candidate_url:
        lines.append(
            f"detected response (confirm with `alerts respond {a.id} --candidate`): {a.candidate_url}"
        )
    if a.response_url:
        lines.append(
            f"response: {a.response_url} ({fmt(a.responded_at)}); coverage since: {coverage.items} item(s), "
            f"{coverage.negative_share:.0%} negative"
        )
    lines += [f"  · {i.title} — {i.source} {fmt(i.published_at)} {i.url}" for i in snap.representative]
    console.print(f"[bold]#{a.id} {escape(a.level.label_zh)} {escape(a.title)}[/]")
    for line in lines:
        console.print(line, markup=False, highlight=False)


def _print_history(detail: AlertDetail, fmt: Callable[[datetime | None], str], now: datetime) -> None:
    lines = []
    for d in detail.deadlines:
        status = f"met {fmt(d.met_at)}" if d.met_at else ("OVERDUE" if d.due_at <= now else "open")
        lines.append(f"deadline {d.kind} ({d.label}) due {fmt(d.due_at)}: {status}")
    lines += [
        f"{fmt(x.at)} {x.action}: {x.from_state or '-'} → {x.to_state} by {x.actor} {x.note}"
        for x in detail.transitions
    ]
    lines += [
        f"{fmt(u.at)} [{u.kind}] level {Level(u.level).name} items {u.item_count} {u.summary}"
        for u in detail.updates
    ]
    lines += [
        f"outbox {o.id} {o.kind} → {o.channel_id}: {o.status} after {o.attempts} attempt(s) {o.last_error or ''}"
        for o in detail.outbox
    ]
    for line in lines:
        console.print(line, markup=False, highlight=False)


def _deadline_json(d: DeadlineRecord) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "label": d.label,
        "due_at": d.due_at.isoformat(),
        "met_at": d.met_at.isoformat() if d.met_at else None,
        "reminders": d.reminders,
    }


# lifecycle --------------------------------------------------------------------------------------
@alerts_group.command("ack")
@click.argument("alert_id", type=int)
@actor_option
@note_option
@click.pass_context
def ack(ctx: click.Context, alert_id: int, actor: str | None, note: str) -> None:
    """Acknowledge (研判): someone has assessed the alert."""
    now = ctx_state(ctx).now
    act(
        ctx,
        lambda s: s.lifecycle.acknowledge(alert_id, actor=actor_name(actor), now=now, note=note),
        "acknowledged",
    )


@alerts_group.command("assign")
@click.argument("alert_id", type=int)
@click.argument("assignee")
@actor_option
@note_option
@click.pass_context
def assign(ctx: click.Context, alert_id: int, assignee: str, actor: str | None, note: str) -> None:
    """Assign (转办) to an office or person; the alert's channels are notified."""
    now = ctx_state(ctx).now
    action = lambda s: s.lifecycle.assign(alert_id, assignee, actor=actor_name(actor), now=now, note=note)  # noqa: E731
    act(ctx, action, f"assigned to {assignee}")


@alerts_group.command("respond")
@click.argument("alert_id", type=int)
@click.argument("url", required=False)
@click.option("--candidate", is_flag=True, help="Confirm the automatically detected official response.")
@click.option(
    "--deadline",
    "deadlines",
    multiple=True,
    help="Deadline kinds this response meets (e.g. press_conference).",
)
@actor_option
@note_option
@click.pass_context
def respond(
    ctx: click.Context,
    alert_id: int,
    url: str | None,
    candidate: bool,
    deadlines: tuple[str, ...],
    actor: str | None,
    note: str,
) -> None:
    """Record the official response (回应) by its link; meets the open deadlines."""
    now = ctx_state(ctx).now

    def action(s: AlertService) -> AlertRecord:
        kinds = list(deadlines) or None
        return s.lifecycle.respond(
            alert_id,
            url,
            actor=actor_name(actor),
            now=now,
            note=note,
            use_candidate=candidate,
            deadline_kinds=kinds,
        )

    act(ctx, action, "response recorded")


@alerts_group.command("follow-up")
@click.argument("alert_id", type=int)
@actor_option
@note_option
@click.pass_context
def follow_up(ctx: click.Context, alert_id: int, actor: str | None, note: str) -> None:
    """Move to follow-up (整改跟踪): coverage keeps being tracked until closed."""
    now = ctx_state(ctx).now
    act(
        ctx,
        lambda s: s.lifecycle.follow_up(alert_id, actor=actor_name(actor), now=now, note=note),
        "in follow-up",
    )


@alerts_group.command("close")
@click.argument("alert_id", type=int)
@actor_option
@note_option
@click.pass_context
def close(ctx: click.Context, alert_id: int, actor: str | None, note: str) -> None:
    """Close (办结); closing before a response needs --note saying why."""
    now = ctx_state(ctx).now
    act(ctx, lambda s: s.lifecycle.close(alert_id, actor=actor_name(actor), now=now, note=note), "closed")
