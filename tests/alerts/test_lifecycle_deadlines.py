"""Lifecycle transitions with who/when/note, clear errors for invalid ones, deadlines met by responses,
overdue deadlines re-notified and escalated up the offices."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from alerts import AlertRecord, AlertsError, AlertState, InvalidTransitionError
from alerts.errors import AlertNotFoundError
from tests.alerts.conftest import Workspace, WorkspaceFactory, alerts_config
from tests.alerts.documents import FISH_EVENT, fish_kill_stages
from tests.alerts.receivers import SmtpReceiver, WebhookReceiver


def level_ii_alert(ws: Workspace, stages: int = 3) -> tuple[AlertRecord, datetime]:
    for stage in fish_kill_stages()[:stages]:
        ws.add(stage)
        now = max(d.published_at for d in stage) + timedelta(minutes=5)
        ws.service.evaluate_event(FISH_EVENT, now)
    [alert] = ws.service.queries.list_alerts()
    return alert, now


def test_full_lifecycle_records_who_when_and_notes(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    alert, now = level_ii_alert(ws)
    life = ws.service.lifecycle
    life.acknowledge(alert.id, actor="李研判", now=now + timedelta(minutes=10), note="属实，涉及饮用水")
    life.assign(alert.id, "江宁区生态环境局", actor="李研判", now=now + timedelta(minutes=20))
    responded = life.respond(
        alert.id, "https://jiangning-gov.example.cn/notice.html", actor="张发言", now=now + timedelta(hours=3)
    )
    assert responded.state is AlertState.RESPONDED and responded.assignee == "江宁区生态环境局"
    life.follow_up(alert.id, actor="李研判", now=now + timedelta(hours=4), note="跟踪企业整改")
    life.close(alert.id, actor="李研判", now=now + timedelta(days=3))
    detail = ws.service.queries.detail(alert.id)
    steps = [(t.action, t.from_state, t.to_state, t.actor) for t in detail.transitions]
    assert steps == [
        ("open", None, "new", "system"),
        ("ack", "new", "acknowledged", "李研判"),
        ("assign", "acknowledged", "assigned", "李研判"),
        ("respond", "assigned", "responded", "张发言"),
        ("follow-up", "responded", "follow_up", "李研判"),
        ("close", "follow_up", "closed", "李研判"),
    ]
    assert detail.transitions[1].note == "属实，涉及饮用水"
    assert detail.transitions[3].data["url"] == "https://jiangning-gov.example.cn/notice.html"
    met = {d.kind: d.met_at for d in detail.deadlines}
    assert met["authoritative_info"] == now + timedelta(hours=3)  # within 5 h
    assert met["press_conference"] is None  # explicit: a response must name it
    assert detail.alert.closed_at == now + timedelta(days=3)


def test_invalid_transitions_are_clear_errors(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    alert, now = level_ii_alert(ws)
    life = ws.service.lifecycle
    with pytest.raises(
        InvalidTransitionError, match=r"cannot respond alert #1: it is new.*acknowledge it first"
    ):
        life.respond(alert.id, "https://example.cn/r.html", actor="x", now=now)
    with pytest.raises(InvalidTransitionError, match="follow-up is allowed from responded"):
        life.follow_up(alert.id, actor="x", now=now)
    with pytest.raises(AlertsError, match="needs a note"):
        life.close(alert.id, actor="x", now=now)
    life.acknowledge(alert.id, actor="x", now=now)
    with pytest.raises(InvalidTransitionError, match="it is acknowledged"):
        life.acknowledge(alert.id, actor="x", now=now)
    with pytest.raises(AlertsError, match="http"):
        life.respond(alert.id, "javascript:alert(1)", actor="x", now=now)
    with pytest.raises(AlertNotFoundError):
        life.acknowledge(999, actor="x", now=now)
    assert ws.service.queries.get(alert.id).state is AlertState.ACKNOWLEDGED  # failures changed nothing


def test_confirming_the_detected_response_and_a_press_conference(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    alert, now = level_ii_alert(ws, stages=4)
    life = ws.service.lifecycle
    life.acknowledge(alert.id, actor="x", now=now)
    responded = life.respond(alert.id, None, actor="x", now=now, use_candidate=True)
    assert responded.response_url == "https://jiangning-gov.example.cn/items/official-1.html"
    assert responded.candidate_url is None
    life.respond(
        alert.id,
        "https://jiangning-gov.example.cn/press.html",
        actor="x",
        now=now + timedelta(hours=20),
        deadline_kinds=["press_conference"],
    )
    deadlines = {d.kind: d.met_at for d in ws.service.queries.detail(alert.id).deadlines}
    assert all(deadlines.values())
    responses = ws.service.queries.responses(now - timedelta(hours=1), now + timedelta(days=1))
    assert [r.url for r in responses] == [
        "https://jiangning-gov.example.cn/items/official-1.html",
        "https://jiangning-gov.example.cn/press.html",
    ]


def test_overdue_deadlines_renotify_and_escalate_to_the_province(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver, webhook: WebhookReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, webhook.url))
    alert, now = level_ii_alert(ws)
    ws.service.deliver_pending(now)
    before_mail, before_hook = len(smtp.messages), len(webhook.requests)
    assert ws.service.sweep_deadlines(now + timedelta(hours=4)) == 0  # nothing due yet
    overdue_at = now + timedelta(hours=5, minutes=1)
    assert ws.service.sweep_deadlines(overdue_at) == 1
    assert ws.service.sweep_deadlines(overdue_at + timedelta(minutes=30)) == 0  # renotify every 60 min
    ws.service.deliver_pending(overdue_at)
    reminder = smtp.messages[before_mail]
    assert str(reminder["Subject"]).startswith("【橙色预警·II级】处置超时提醒")
    assert "发布权威信息" in reminder.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    hooks = webhook.requests[before_hook:]
    assert len(hooks) == 2  # the press webhook and, escalated, the province's (min level II)
    assert ws.service.queries.get(alert.id).escalation_step == 1
    assert ws.service.sweep_deadlines(overdue_at + timedelta(minutes=61)) == 1
    ws.service.lifecycle.acknowledge(alert.id, actor="x", now=overdue_at)
    ws.service.lifecycle.respond(alert.id, "https://example.cn/info.html", actor="x", now=overdue_at)
    assert ws.service.sweep_deadlines(overdue_at + timedelta(hours=3)) == 0  # met: no more reminders


def test_reminders_stop_after_the_maximum(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None, deadlines={"max_reminders": 2, "renotify_minutes": 10}))
    alert, now = level_ii_alert(ws)
    sent = [ws.service.sweep_deadlines(now + timedelta(hours=30, minutes=15 * i)) for i in range(4)]
    assert sent == [2, 2, 0, 0]  # authoritative info and press conference, twice each
    assert ws.service.queries.get(alert.id).escalation_step == 2  # one office up per overdue deadline
