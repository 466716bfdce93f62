"""Alerts awaiting response with their deadlines, and official responses, in the daily digest."""

from __future__ import annotations

import pytest

from alerts.digest import (
    AlertInput,
    AlertsInput,
    DeadlineInput,
    Digest,
    ResponseInput,
    build_daily_digest,
    render_html,
)
from alerts.digest.alert_entries import duration
from indexer.store import Store
from tests.digest.conftest import digest_inputs
from tests.digest.corpus import at, fish_event, smell_event


def alerts() -> AlertsInput:
    fish, smell = fish_event(), smell_event()
    major = AlertInput(
        alert_id="7",
        level="II",
        title="石家庄化工园区夜间异味",
        state="acknowledged",
        opened_at=at(10, 2, 0),
        office="石家庄市生态环境局",
        event_id="ev-smell",
        deadlines=(
            DeadlineInput("发布权威信息", at(10, 7, 0)),
            DeadlineInput("召开新闻发布会", at(11, 2, 0)),
        ),
        item_ids=tuple(d.id for d in smell),
    )
    minor = AlertInput(
        alert_id="3",
        level="IV",
        title="江宁河道死鱼",
        state="new",
        opened_at=at(9, 12, 0),
        event_id="ev-fish",
        deadlines=(
            DeadlineInput("作出回应", at(11, 12, 0)),
            DeadlineInput("核实情况", at(9, 13, 0), at(9, 12, 30)),
        ),
        item_ids=tuple(d.id for d in fish),
        items=len(fish),
    )
    responses = (
        ResponseInput("3", "江宁河道死鱼", fish[3].url, fish[3].published_at, fish[3].title, fish[3].id),
        ResponseInput("9", "某地噪声", "javascript:alert(1)", at(9, 20, 0), "噪声整治说明<b>"),
    )
    return AlertsInput(awaiting=(minor, major), responses=responses)


@pytest.fixture(scope="module")
def digest(store: Store) -> Digest:
    return build_daily_digest(store, digest_inputs(alerts=alerts()))


def test_awaiting_alerts_come_nearest_deadline_first_with_time_left_or_overdue(digest: Digest) -> None:
    major, minor = digest.alerts.awaiting
    assert (major.alert_id, minor.alert_id) == ("7", "3")
    assert major.level_label == "II 级（橙）"
    assert [(d.label, d.status, d.overdue) for d in major.deadlines] == [
        ("发布权威信息", "已超时 1 小时 5 分", True),
        ("召开新闻发布会", "剩余 17 小时 55 分", False),
    ]
    assert (
        major.statement.text
        == "II 级（橙）告警「石家庄化工园区夜间异味」，已研判，责任单位：石家庄市生态环境局；发布权威信息已超时。"
    )
    assert {c.doc_id for c in major.statement.citations} == {d.id for d in smell_event()}
    assert [d.status for d in minor.deadlines] == ["剩余 27 小时 55 分", "已于 6月9日 12:30 完成"]
    assert "事件共 5 条" in minor.statement.text


def test_overview_counts_awaiting_and_overdue_alerts_and_responses(digest: Digest) -> None:
    assert digest.overview[-1].text == "待回应告警 2 条，其中 1 条已超过回应时限；本期发布官方回应 2 条。"
    assert digest.overview[-1].citations


def test_responses_cite_the_indexed_item_or_the_recorded_link_when_safe(digest: Digest) -> None:
    indexed, unindexed = digest.alerts.responses
    assert indexed.statement.citations[0].doc_id == fish_event()[3].id
    assert indexed.statement.citations[0].source == "南京市生态环境局"
    assert unindexed.statement.citations[0].url == ""
    html = render_html(digest)
    assert "javascript:" not in html
    assert "噪声整治说明&lt;b&gt;" in html


def test_alert_rows_render_level_badges_deadlines_and_console_links(digest: Digest) -> None:
    html = render_html(digest)
    assert "background:#e67e22" in html  # 橙
    assert "已超时 1 小时 5 分" in html
    assert 'href="http://127.0.0.1:8080/alerts/7"' in html
    assert "告警模块未配置" not in html


def test_alerts_that_cannot_be_read_are_reported(store: Store) -> None:
    digest = build_daily_digest(
        store, digest_inputs(alerts=None, unavailable={"alerts": "no such table: alerts"})
    )
    assert digest.alerts.note == "告警数据无法读取（no such table: alerts）"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (59, "0 分钟"),
        (35 * 60, "35 分钟"),
        (-(5 * 3600 + 600), "5 小时 10 分"),
        (-(76 * 3600 + 60), "3 天 4 小时"),
    ],
)
def test_durations(seconds: float, text: str) -> None:
    assert duration(seconds) == text
