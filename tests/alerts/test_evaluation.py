"""Rules → alerts on the fish-kill story: one alert per event, escalation, updates without spam,
batching of level IV, quiet hours, official responses detected; messages reach a real SMTP server."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from alerts import AlertState, Level
from indexer.document import SHANGHAI, Document
from tests.alerts.conftest import Workspace, WorkspaceFactory, alerts_config
from tests.alerts.documents import FISH_EVENT, HAZE_EVENT, T0, fish_kill_stages, haze_item, item
from tests.alerts.receivers import SmtpReceiver, WebhookReceiver


def arrive(ws: Workspace, stage: list[Document], delay: timedelta = timedelta(minutes=5)) -> datetime:
    ws.add(stage)
    return max(d.published_at for d in stage) + delay


def subjects(smtp: SmtpReceiver) -> list[str]:
    return [str(m["Subject"]) for m in smtp.messages]


def test_fish_kill_opens_one_alert_and_escalates_iv_iii_ii(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver, webhook: WebhookReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, webhook.url))
    stages = fish_kill_stages()
    ws.add([haze_item()])
    assert ws.evaluate(HAZE_EVENT, T0 + timedelta(minutes=20)) == "quiet"

    now = arrive(ws, stages[0])
    assert ws.evaluate(FISH_EVENT, now) == "opened"
    [alert] = ws.service.queries.list_alerts()
    assert (alert.level, alert.state, alert.item_count) == (Level.IV, AlertState.NEW, 3)
    assert alert.route.office.name == "南京市生态环境局宣传教育处"  # county 320115 falls back to its city
    assert alert.route.department is not None and alert.route.department.name == "水生态环境处"
    assert alert.pending_kinds == ("opened",)  # level IV waits for the batch
    assert ws.service.deliver_pending(now).attempted == 0

    now = arrive(ws, stages[1])
    outcome = ws.service.evaluate_event(FISH_EVENT, now)
    assert outcome.action == "updated" and "escalated" in outcome.changes
    assert ws.service.deliver_pending(now).delivered == 2  # mail + webhook, at once
    assert subjects(smtp)[-1].startswith("【黄色预警·III级】新发预警：")  # level IV was never sent

    now = arrive(ws, stages[2])
    ws.service.evaluate_event(FISH_EVENT, now)
    assert ws.service.deliver_pending(now).delivered == 2
    assert subjects(smtp)[-1].startswith("【橙色预警·II级】预警升级：")

    [alert] = ws.service.queries.list_alerts()
    assert alert.level is Level.II and alert.item_count == 5
    kinds = [u.kind for u in ws.service.queries.detail(alert.id).updates]
    assert kinds.count("escalated") == 2 and kinds[0] == "opened"
    deadlines = {d.kind: d.due_at for d in ws.service.queries.detail(alert.id).deadlines}
    assert set(deadlines) == {"response", "authoritative_info", "press_conference"}
    assert deadlines["authoritative_info"] == now + timedelta(hours=5)
    assert deadlines["press_conference"] == now + timedelta(hours=24)


def test_escalation_message_in_chinese_with_office_deadlines_and_links(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    stages = fish_kill_stages()
    for stage in stages[:3]:
        now = arrive(ws, stage)
        ws.service.evaluate_event(FISH_EVENT, now)
    ws.service.deliver_pending(now)
    [message] = [m for m in smtp.messages if str(m["Subject"]).startswith("【橙色预警·II级】")]
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    assert html is not None and text is not None
    body = html.get_content()
    for expected in (
        "II级（橙色预警）",
        "江苏省南京市江宁区",
        "南京市生态环境局宣传教育处",
        "王敏",
        "水生态环境处",
        "发布权威信息",
        "召开新闻发布会",
        "饮用水安全",
        "涉及儿童",
    ):
        assert expected in body, expected
    assert 'href="https://weibo.example.cn/items/post-3.html"' in body
    assert "负面占比 100%" in text.get_content()


def test_new_items_are_debounced_and_rate_limited(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    stages = fish_kill_stages()
    for stage in stages[:3]:
        now = arrive(ws, stage)
        ws.service.evaluate_event(FISH_EVENT, now)
    ws.service.deliver_pending(now)
    sent = len(smtp.messages)
    # two more reposts right after the II notice (11:05): recorded, not sent one by one
    for minute in (186, 188):
        extra = item(
            f"repost-{minute}",
            "转发：江宁死鱼事件",
            "死鱼事件持续发酵，孩子们都不敢喝自来水。",
            minutes=minute,
            source="weibo",
            author=f"网友{minute}",
        )
        now = arrive(ws, [extra], timedelta(minutes=2))
        assert "items" in ws.service.evaluate_event(FISH_EVENT, now).changes
    assert now == T0 + timedelta(hours=3, minutes=10)
    assert ws.service.flush_updates(now) == 0  # debounce: items still arriving
    assert (
        ws.service.flush_updates(now + timedelta(minutes=11)) == 0
    )  # level II: 30 min since the 11:05 notice
    later = now + timedelta(minutes=26)
    assert ws.service.flush_updates(later) == 1
    ws.service.deliver_pending(later)
    assert len(smtp.messages) == sent + 1
    assert subjects(smtp)[-1].startswith("【橙色预警·II级】事件进展：")
    assert "新增报道" in smtp.messages[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert ws.service.flush_updates(later + timedelta(hours=1)) == 0  # nothing new: nothing sent


def test_level_iv_alerts_go_out_in_one_batch(make_workspace: WorkspaceFactory, smtp: SmtpReceiver) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    now = arrive(ws, fish_kill_stages()[0])
    ws.service.evaluate_event(FISH_EVENT, now)
    other = [
        item(
            f"odour-{i}",
            "石化园区周边异味扰民",
            f"居民反映园区周边夜间异味明显，第{i}次投诉，怀疑偷排。",
            minutes=i * 10,
            source=f"board-{i}",
            event_id="evt-odour",
            regions=("320115",),
        )
        for i in range(3)
    ]
    ws.add(other)
    ws.service.evaluate_event("evt-odour", now)
    assert len(ws.service.queries.list_alerts(levels=[Level.IV])) == 2
    assert ws.service.flush_updates(now) == 1  # the first batch: one message for the one channel
    ws.service.deliver_pending(now)
    assert len(smtp.messages) == 1
    assert subjects(smtp)[0].startswith("【低级别预警汇总】2 条预警")
    assert ws.service.flush_updates(now + timedelta(minutes=5)) == 0


def test_quiet_hours_hold_level_iii_but_not_level_ii(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    night = datetime(2026, 11, 20, 23, 30, tzinfo=SHANGHAI)
    shift = night - T0
    stages = [
        [d.model_copy(update={"published_at": d.published_at + shift}) for d in s] for s in fish_kill_stages()
    ]
    for stage in stages[:2]:
        ws.add(stage)
    ws.service.evaluate_event(FISH_EVENT, night + timedelta(hours=2, minutes=5))  # opens directly at III
    [alert] = ws.service.queries.list_alerts()
    assert alert.level is Level.III and alert.pending_kinds == ("opened",)
    assert ws.service.flush_updates(datetime(2026, 11, 21, 6, 59, tzinfo=SHANGHAI)) == 0
    ws.add(stages[2])  # children ill at 02:30: level II overrides quiet hours
    ws.service.evaluate_event(FISH_EVENT, night + timedelta(hours=3, minutes=5))
    ws.service.deliver_pending(night + timedelta(hours=3, minutes=5))
    assert subjects(smtp) and subjects(smtp)[0].startswith("【橙色预警·II级】新发预警：")


def test_official_item_is_offered_as_the_response(
    make_workspace: WorkspaceFactory, smtp: SmtpReceiver
) -> None:
    ws = make_workspace(alerts_config(smtp.url, None))
    for stage in fish_kill_stages():
        now = arrive(ws, stage)
        outcome = ws.service.evaluate_event(FISH_EVENT, now)
    assert "response_candidate" in outcome.changes
    [alert] = ws.service.queries.list_alerts()
    assert alert.candidate_url == "https://jiangning-gov.example.cn/items/official-1.html"
    assert alert.state is AlertState.NEW  # offered, not assumed
    ws.service.deliver_pending(now)
    [notice] = [m for m in smtp.messages if "发现官方回应（待确认）" in str(m["Subject"])]
    assert str(notice["Subject"]).startswith("【橙色预警·II级】")
    assert alert.candidate_url in notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_closed_alert_is_not_reopened(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    stages = fish_kill_stages()
    now = arrive(ws, stages[0])
    ws.service.evaluate_event(FISH_EVENT, now)
    [alert] = ws.service.queries.list_alerts()
    ws.service.lifecycle.close(alert.id, actor="分析员", now=now, note="误报：养殖塘换水")
    now = arrive(ws, stages[1])
    assert ws.evaluate(FISH_EVENT, now) == "closed"
    assert ws.evaluate(FISH_EVENT, now) == "closed"
    assert len(ws.service.queries.list_alerts(states=list(AlertState))) == 1


def test_a_burst_of_coverage_is_recorded_as_a_peak(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    for stage in fish_kill_stages()[:3]:
        now = arrive(ws, stage)
        ws.service.evaluate_event(FISH_EVENT, now)
    burst = [
        item(
            f"burst-{i}",
            "江宁死鱼事件持续发酵",
            "网友热议死鱼事件，担心饮用水安全。",
            minutes=190 + 5 * i,
            source="weibo",
            author=f"网友{i}",
        )
        for i in range(6)
    ]
    now = arrive(ws, burst)
    outcome = ws.service.evaluate_event(FISH_EVENT, now)
    assert "peak" in outcome.changes
    [alert] = ws.service.queries.list_alerts()
    assert alert.peak_velocity == pytest.approx(3.0)  # 9 items in the 3 h window
    assert "peak" in alert.pending_kinds
    assert ws.service.evaluate_event(FISH_EVENT, now).action == "unchanged"  # nothing new, no new peak
