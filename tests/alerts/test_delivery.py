"""Notifications that are never lost and never doubled where the channel allows: a real SMTP server,
a real webhook that goes down and comes back, and a worker process killed between send and mark."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alerts.channels import channel_kind, validate_channel_url
from alerts.outbox import DELIVERED, FAILED, PENDING
from tests.alerts.conftest import Workspace, WorkspaceFactory, alerts_config
from tests.alerts.documents import FISH_EVENT, fish_kill_stages, item
from tests.alerts.receivers import SmtpReceiver, WebhookReceiver

REPO = Path(__file__).resolve().parents[2]


def level_iii_alert(ws: Workspace) -> datetime:
    """Open the fish-kill alert at level III (sent at once): one message per configured channel."""
    for stage in fish_kill_stages()[:2]:
        ws.add(stage)
        now = max(d.published_at for d in stage) + timedelta(minutes=5)
        ws.service.evaluate_event(FISH_EVENT, now)
    return now


def statuses(ws: Workspace) -> list[tuple[str, int]]:
    return [(o.status, o.attempts) for o in reversed(ws.service.queries.outbox())]


def test_mail_has_our_message_id_and_escapes_untrusted_text(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    hostile = item(
        "xss",
        "<script>alert('死鱼')</script>江宁死鱼",
        "死鱼 偷排 <img src=x onerror=alert(1)>",
        minutes=1,
        source="forum",
    )
    ws.add([hostile])
    now = level_iii_alert(ws)
    assert ws.service.deliver_pending(now).delivered == 1
    [message] = smtp.messages
    [row] = ws.service.queries.outbox()
    assert message.get_all("Message-ID") == [f"<{row.idempotency_key}@qingshan>"]
    assert message["X-Qingshan-Idempotency-Key"] == row.idempotency_key
    assert message["References"] == "<alert-1@qingshan>"
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert statuses(ws) == [(DELIVERED, 1)]


def test_webhook_down_then_back_delivers_once_after_it_returns(
    make_workspace: WorkspaceFactory, webhook: WebhookReceiver
) -> None:
    ws = make_workspace(alerts_config(None, webhook.url))
    webhook.stop()
    t0 = level_iii_alert(ws)
    assert ws.service.deliver_pending(t0).retrying == 1
    [row] = ws.service.queries.outbox()
    assert row.status == PENDING and row.attempts == 1 and row.last_error
    assert row.next_attempt_at == t0 + timedelta(seconds=30)  # backoff 30 s, then 60 s, 120 s …
    assert ws.service.deliver_pending(t0 + timedelta(seconds=10)).attempted == 0  # not due yet
    assert ws.service.deliver_pending(t0 + timedelta(seconds=31)).retrying == 1
    assert ws.service.queries.outbox()[0].next_attempt_at == t0 + timedelta(seconds=91)
    webhook.start()  # back on the same port
    webhook.fail_with = 503  # up but unhealthy: still a failure
    assert ws.service.deliver_pending(t0 + timedelta(seconds=92)).retrying == 1
    webhook.fail_with = None
    assert ws.service.deliver_pending(t0 + timedelta(seconds=200)).attempted == 0
    assert ws.service.deliver_pending(t0 + timedelta(seconds=213)).delivered == 1
    assert ws.service.deliver_pending(t0 + timedelta(hours=1)).attempted == 0
    assert [r["key"] for r in webhook.requests] == [row.idempotency_key] * 2  # the 503 and the success
    assert len(webhook.applied) == 1
    body = webhook.applied[row.idempotency_key]
    assert body["idempotency_key"] == row.idempotency_key
    assert body["alert"]["level"] == "III" and body["alert"]["office"] == "南京市生态环境局宣传教育处"
    assert body["title"].startswith("【黄色预警·III级】新发预警")


def test_mail_server_down_then_back_delivers_once(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    smtp.stop()
    t0 = level_iii_alert(ws)
    assert ws.service.deliver_pending(t0).retrying == 1
    assert ws.service.deliver_pending(t0 + timedelta(seconds=31)).retrying == 1
    smtp.start()
    assert ws.service.deliver_pending(t0 + timedelta(seconds=92)).delivered == 1
    assert ws.service.deliver_pending(t0 + timedelta(hours=2)).attempted == 0
    assert len(smtp.messages) == 1
    assert statuses(ws) == [(DELIVERED, 3)]


def test_delivery_loop_runs_until_stopped(make_workspace: WorkspaceFactory, webhook: WebhookReceiver) -> None:
    ws = make_workspace(alerts_config(None, webhook.url, delivery={"poll_seconds": 0.05}))
    t0 = level_iii_alert(ws)
    stop = threading.Event()
    worker = threading.Thread(target=ws.service.run_delivery, args=(stop,), kwargs={"clock": lambda: t0})
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while not webhook.applied and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    assert len(webhook.applied) == 1 and statuses(ws) == [(DELIVERED, 1)]


def test_every_configured_channel_kind_is_an_apprise_url() -> None:
    urls = {
        "mailto://user:secret@smtp.example.org?to=press@example.org": "email",
        "json://hooks.example.org/alerts": "webhook",
        "dingtalk://0123456789abcdef0123456789abcdef/": "dingtalk",
        "wecombot://0123456789abcdef0123456789abcdef": "wecombot",
        "feishu://0123456789abcdef0123456789abcdef": "feishu",
        "lark://0123456789abcdef0123456789abcdef": "lark",
    }
    for url, kind in urls.items():
        assert validate_channel_url(url) is None, url
        assert channel_kind(url) == kind
    assert validate_channel_url("nonsense://x") is not None


def test_attempts_run_out_and_a_failed_message_can_be_requeued(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, "json://127.0.0.1:9/unreachable", delivery={"max_attempts": 2}))
    t0 = level_iii_alert(ws)
    ws.service.deliver_pending(t0)
    report = ws.service.deliver_pending(t0 + timedelta(minutes=5))
    assert report.failed == 1
    [row] = ws.service.queries.outbox()
    assert row.status == FAILED and row.attempts == 2
    with ws.database.begin() as conn:
        assert ws.service.delivery.ledger.requeue(conn, row.id, t0 + timedelta(minutes=6))
    assert ws.service.queries.outbox()[0].status == PENDING


CRASHING_WORKER = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime
    from alerts import AlertDatabase, AppriseSender
    from alerts.delivery import OutboxDelivery
    from config import load_settings

    class SendThenDie(AppriseSender):
        def send(self, url, message):
            outcome = super().send(url, message)
            assert outcome.ok, outcome.error
            os._exit(9)  # killed after the channel accepted, before the outbox is marked

    settings = load_settings(sys.argv[1])
    database = AlertDatabase(settings.database_url())
    database.open()
    channels = {c.id: c for c in settings.alerts.channels}
    OutboxDelivery(database, channels, SendThenDie(), settings.alerts.delivery).deliver_pending(
        datetime.fromisoformat(sys.argv[2])
    )
    """
)


def run_crashing_worker(ws: Workspace, now: datetime) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    config_dir = ws.settings.config_dir
    assert config_dir is not None
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_WORKER, str(config_dir), now.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode


@pytest.mark.parametrize("channel", ["mail", "webhook"])
def test_worker_killed_between_send_and_mark(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver, webhook: WebhookReceiver, channel: str
) -> None:
    urls = (smtp.url, None) if channel == "mail" else (None, webhook.url)
    ws = make_workspace(alerts_config(*urls))
    now = level_iii_alert(ws)
    assert run_crashing_worker(ws, now) == 9
    [row] = ws.service.queries.outbox()
    assert (row.status, row.attempts) == (PENDING, 1)  # sent, not marked: not lost
    assert ws.service.deliver_pending(now + timedelta(minutes=1)).attempted == 0  # leased to the dead worker
    assert ws.service.deliver_pending(now + timedelta(seconds=301)).delivered == 1
    if channel == "mail":
        ids = [m["Message-ID"] for m in smtp.messages]
        assert ids == [f"<{row.idempotency_key}@qingshan>"] * 2  # a resent copy, same Message-ID
    else:
        assert [r["key"] for r in webhook.requests] == [row.idempotency_key] * 2
        assert len(webhook.applied) == 1  # the receiver applied it once
    assert statuses(ws) == [(DELIVERED, 2)]
