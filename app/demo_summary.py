"""The demo's closing summary: a table on the terminal and ``summary.json`` in the workspace (what the
end-to-end test reads)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.rule import Rule
from rich.table import Table

from alerts.records import AlertRecord
from app.demo_mail import CapturedMail
from app.demo_state import DemoState
from app.demo_support import console


@dataclass(frozen=True)
class AlertLine:
    id: int
    level: str
    state: str
    title: str
    office: str
    outbox: dict[str, int]  # status → messages
    mails: list[dict[str, Any]]  # subject, recipients, path


@dataclass
class DemoSummary:
    duration_s: float
    scenario_end: str
    published: int
    stored_of_published: int
    stored_total: int
    by_site: dict[str, list[int]]
    missing: list[str]
    event_published: int
    event_stored: int
    events: int
    event_ids: list[str]
    alerts: list[AlertLine]
    alerts_by_level: dict[str, int]
    mails: int
    webhooks: int
    digest: dict[str, str]
    workspace: str
    config: str
    console_url: str
    console_command: str
    user: str
    password: str
    story: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def alert_lines(state: DemoState, alerts: list[AlertRecord], mails: list[CapturedMail]) -> list[AlertLine]:
    lines = []
    for alert in sorted(alerts, key=lambda a: a.id):
        detail = state.alert_detail(alert.id)
        own = [m for m in mails if m.thread == f"alert-{alert.id}"]
        lines.append(
            AlertLine(
                alert.id,
                alert.level.name,
                alert.state.value,
                alert.title,
                alert.route.office.name,
                dict(Counter(record.status for record in detail.outbox)),
                [{"subject": m.subject, "recipients": list(m.recipients), "path": str(m.path)} for m in own],
            )
        )
    return lines


def print_summary(summary: DemoSummary) -> None:
    console.print(Rule("summary"))
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("duration", f"{summary.duration_s:.0f} s (scenario up to {summary.scenario_end})")
    sites = " · ".join(f"{site} {p}/{s}" for site, (p, s) in summary.by_site.items())
    table.add_row(
        "published → stored",
        f"{summary.published} published, {summary.stored_of_published} of them stored "
        f"({summary.stored_total} documents in the store) — per site published/stored: {sites}",
    )
    table.add_row(
        "fish-kill story",
        f"{summary.event_published} items published, {summary.event_stored} stored, in "
        f"{len(summary.event_ids)} event(s); {summary.events} events in all",
    )
    levels = " · ".join(f"{level}级 {n}" for level, n in sorted(summary.alerts_by_level.items())) or "none"
    table.add_row("alerts", f"{len(summary.alerts)} ({levels})")
    for line in summary.alerts:
        outbox = ", ".join(f"{n} {status}" for status, n in sorted(line.outbox.items())) or "no messages"
        recipients = sorted({r for mail in line.mails for r in mail["recipients"]})
        table.add_row(
            f"  #{line.id} {line.level}级 [{line.state}]",
            f"{line.title[:40]} → {line.office}; outbox {outbox}; mail to {', '.join(recipients) or '-'}",
        )
    table.add_row("deliveries", f"{summary.mails} mails captured, {summary.webhooks} webhook calls")
    for kind, path in summary.digest.items():
        table.add_row(f"digest {kind}", path)
    table.add_row("workspace", summary.workspace)
    table.add_row(
        "", "mail/*.eml · webhook/*.json · logs/service.log · logs/cli.log · var/ (database, index, digests)"
    )
    table.add_row("console", f"{summary.console_command}   →   {summary.console_url}")
    table.add_row("login", f"{summary.user} / {summary.password}")
    console.print(table)


def write_summary(summary: DemoSummary, path: Path) -> None:
    path.write_text(
        json.dumps(summary.to_json(), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
