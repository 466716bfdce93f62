"""``qingshan digest [--date D] [--send]`` and ``qingshan briefing --month YYYY-MM``.

Both build from the index, render HTML and PDF and archive them under ``<home>/digests``; the archive
paths are printed. ``--send`` writes the digest to the alerts outbox for every e-mail channel
(default channels and the national office's) and runs one delivery pass; what does not go out at
once is retried by the service's delivery worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from alerts import AlertDatabase, AlertsError, AppriseSender, DeliveryReport, OutboxDelivery
from alerts.digest import (
    Digest,
    DigestError,
    archive_briefing,
    archive_digest,
    build_daily_digest,
    build_monthly_briefing,
    compose_digest_mail,
    render_briefing_pdf,
    render_pdf,
)
from alerts.digest.archive import ArchivedFiles, daily_stem
from alerts.digest.delivery import email_channels, queue_digest
from app.context import fail, load_settings_or_exit
from app.digest_inputs import check_month, gather_briefing_inputs, gather_digest_inputs
from app.wiring import open_store
from config import Settings
from indexer.errors import IndexerError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendReport:
    queued: list[str]  # channels the digest was newly written to the outbox for
    delivery: DeliveryReport


def digests_root(settings: Settings) -> Path:
    return settings.home / "digests"


def build_digest(settings: Settings, day: date, now: datetime) -> Digest:
    """The digest of ``day`` from the index and the gathered inputs; raises DigestError / IndexerError."""
    inputs = gather_digest_inputs(settings, day, now)
    store = open_store(settings, read_only=True)
    try:
        return build_daily_digest(store, inputs)
    finally:
        store.close()


def archive_url(settings: Settings, digest: Digest) -> str | None:
    """The archived page in the web console, when its address is configured."""
    console = settings.alerts.console_url
    if not console:
        return None
    relative = daily_stem(Path(), digest.day).with_suffix(".html").as_posix()
    return f"{console.rstrip('/')}/digests/files/{relative}"


def send_digest(settings: Settings, digest: Digest, now: datetime) -> SendReport:
    """Queue the digest in the outbox for the e-mail channels and run one delivery pass."""
    channels = email_channels(settings.alerts, settings.routing)
    if not channels:
        raise DigestError("no enabled e-mail (mailto://) channel among alerts.yaml default_channels")
    mail = compose_digest_mail(digest, None, inline_images=False, archive_url=archive_url(settings, digest))
    with AlertDatabase(settings.database_url()) as database:
        queued = queue_digest(database, channels, mail, digest.day, now)
        channel_map = {channel.id: channel for channel in settings.alerts.channels}
        delivery = OutboxDelivery(database, channel_map, AppriseSender(), settings.alerts.delivery)
        report = delivery.deliver_pending(now)
    return SendReport(queued, report)


def run_digest(
    settings: Settings, day: date, now: datetime, *, pdf: bool = True, send: bool = False
) -> ArchivedFiles:
    """Build, render and archive the digest of ``day`` (and send it); raises DigestError,
    IndexerError or AlertsError."""
    digest = build_digest(settings, day, now)
    files = archive_digest(digest, digests_root(settings), render_pdf(digest) if pdf else None)
    if send:
        report = send_digest(settings, digest, now)
        logger.info("digest %s queued for %s; %s", day, report.queued, report.delivery)
    return files


def run_briefing(settings: Settings, month: str, now: datetime, *, pdf: bool = True) -> ArchivedFiles:
    inputs = gather_briefing_inputs(settings, month, now)
    store = open_store(settings, read_only=True)
    try:
        briefing = build_monthly_briefing(store, inputs)
    finally:
        store.close()
    rendered = render_briefing_pdf(briefing) if pdf else None
    return archive_briefing(briefing, digests_root(settings), rendered)


def _echo_files(files: ArchivedFiles) -> None:
    for path in (files.html, files.pdf, files.json):
        if path is not None:
            click.echo(str(path))


def _echo_send(report: SendReport) -> None:
    queued = ", ".join(report.queued) or "nothing new (already queued)"
    delivery = report.delivery
    click.echo(
        f"outbox: queued for {queued}; delivered {delivery.delivered}, "
        f"retrying {delivery.retrying}, failed {delivery.failed}",
        err=True,
    )


@click.command("digest")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Day (default: today).")
@click.option(
    "--send", is_flag=True, help="E-mail it through the alerts outbox (default and national channels)."
)
@click.option("--no-pdf", is_flag=True, help="Skip the PDF (HTML and JSON only).")
@click.pass_context
def digest_command(ctx: click.Context, day: datetime | None, send: bool, no_pdf: bool) -> None:
    """Build the 舆情日报 of a day and archive it (HTML, PDF, JSON) under <home>/digests."""
    settings = load_settings_or_exit(ctx.obj["config_dir"])
    now = datetime.now(settings.tz)
    target = day.date() if day is not None else now.date()
    if target > now.date():
        fail(f"--date {target} is in the future")
    try:
        digest = build_digest(settings, target, now)
        _echo_files(archive_digest(digest, digests_root(settings), None if no_pdf else render_pdf(digest)))
        if send:
            _echo_send(send_digest(settings, digest, now))
    except (DigestError, IndexerError, AlertsError) as exc:
        fail(str(exc))


@click.command("briefing")
@click.option("--month", required=True, help="Month as YYYY-MM.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF (HTML and JSON only).")
@click.pass_context
def briefing_command(ctx: click.Context, month: str, no_pdf: bool) -> None:
    """Build the monthly briefing pack for the regular press conference and archive it."""
    settings = load_settings_or_exit(ctx.obj["config_dir"])
    now = datetime.now(settings.tz)
    try:
        check_month(settings, month, now)
    except ValueError as exc:
        fail(str(exc))
    try:
        _echo_files(run_briefing(settings, month, now, pdf=not no_pdf))
    except (DigestError, IndexerError) as exc:
        fail(str(exc))


def register(group: click.Group) -> None:
    group.add_command(digest_command)
    group.add_command(briefing_command)
