"""The mail server and the webhook receiver are down while a real `qingshan run` raises alerts: the
deliveries fail and are retried, the service goes on, and once both come back (on the same ports) every
notification arrives exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from app.sampleweb.testing import running_sample_web
from tests.alerts.receivers import SmtpReceiver, WebhookReceiver
from tests.faults.support import fault_config, job_runs, outbox_rows, query, scalar
from tests.service.support import pick_sources, running_service, service_log, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults_receivers")]

LATE = datetime.fromisoformat("2026-11-24T12:00:00+08:00")
FTS5 = "storage:\n  engine: fts5\n"  # crawls side by side: a quicker run


@dataclass
class Outage:
    during: list[tuple[str, str, int, str | None]]  # key, status, attempts, last error
    outbox_runs_during: int
    alive_during: bool
    final: dict[str, tuple[int, str, str]]
    mails: list[str]
    hook_requests: list[str]
    hook_applied: set[str]
    exit_status: int
    log: str


def attempts(config: Path) -> list[tuple[str, str, int, str | None]]:
    return [
        (row[0], row[1], int(row[2]), row[3])
        for row in query(config, "SELECT idempotency_key, status, attempts, last_error FROM alert_outbox")
    ]


def retried_while_down(config: Path) -> bool:
    rows = attempts(config)
    return bool(rows) and max(a for _, _, a, _ in rows) >= 3


def all_delivered(config: Path) -> bool:
    outbox = outbox_rows(config)
    idle = scalar(config, "SELECT count(*) FROM postprocess_queue") == 0
    crawled = all(job_runs(config, f"crawl:{source}") >= 1 for source in ("newsa", "bureau"))
    return idle and crawled and bool(outbox) and all(s == "delivered" for _, _, s in outbox.values())


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outage]:
    smtp, hook = SmtpReceiver(), WebhookReceiver()  # not started: both down
    try:
        with running_sample_web(start=LATE) as web:
            sources = pick_sources(web.base_url, "newsa", "bureau")
            directory = tmp_path_factory.mktemp("outage")
            config = fault_config(directory, sources, mail_url=smtp.url, hook_url=hook.url, settings=FTS5)
            with running_service(config) as service:
                wait_for(
                    lambda: retried_while_down(config), "deliveries retried while the receivers are down"
                )
                during = attempts(config)
                outbox_runs_during = job_runs(config, "outbox")
                alive_during = service.poll() is None
                smtp.start()
                hook.start()
                wait_for(lambda: all_delivered(config), "every notification delivered")
                delivered_at = job_runs(config, "outbox")
                wait_for(lambda: job_runs(config, "outbox") >= delivered_at + 3, "more delivery passes")
                exit_status = stop(service)
            yield Outage(
                during,
                outbox_runs_during,
                alive_during,
                outbox_rows(config),
                [str(m["Message-ID"]) for m in smtp.messages],
                [r["key"] for r in hook.requests],
                set(hook.applied),
                exit_status,
                service_log(config),
            )
    finally:
        smtp.stop()
        hook.stop()


def test_deliveries_fail_and_are_retried_while_the_receivers_are_down(outage: Outage) -> None:
    assert outage.alive_during
    assert outage.outbox_runs_during >= 3  # the delivery job itself does not fail
    assert {status for _, status, _, _ in outage.during} == {"pending"}
    retried = [(a, error) for _, _, a, error in outage.during if a >= 2]
    assert retried and all(error for _, error in retried)
    channels = {key.rsplit(".", 1)[-1] for key, _, a, _ in outage.during if a >= 2}
    assert channels == {"ops-mail", "ops-webhook"}


def test_every_notification_arrives_once_after_the_receivers_return(outage: Outage) -> None:
    assert {status for _, _, status in outage.final.values()} == {"delivered"}
    mail_keys = {key for key, (_, channel, _) in outage.final.items() if channel == "ops-mail"}
    hook_keys = {key for key, (_, channel, _) in outage.final.items() if channel == "ops-webhook"}
    assert Counter(outage.mails) == Counter({f"<{key}@qingshan>": 1 for key in mail_keys})
    assert Counter(outage.hook_requests) == Counter(dict.fromkeys(hook_keys, 1))
    assert outage.hook_applied == hook_keys


def test_the_service_went_on_and_stops_cleanly(outage: Outage) -> None:
    assert outage.exit_status == 0, outage.log[-3000:]
    assert "Traceback" not in outage.log, outage.log[-5000:]
