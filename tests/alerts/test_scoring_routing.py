"""Levels, sensitive terms, scope and routing, notice pacing: the pure parts, on hand-made inputs."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from alerts.levels import Level, Scope, SeveritySignals, assess_level, clamp_level
from alerts.notice_policy import NoticePolicy
from alerts.routing import Router, main_areas
from alerts.sensitivity import SensitiveTermScanner
from alerts.snapshot import SnapshotBuilder
from config import load_settings
from config.models.alerts import QuietHours, Scoring, UpdatePolicy
from config.models.routing import RoutingSettings
from indexer.document import SHANGHAI, Sentiment
from tests.alerts.conftest import TEST_ROUTING
from tests.alerts.documents import T0, item

SETTINGS = load_settings(None)
SCORING = Scoring()


def signals(**overrides: object) -> SeveritySignals:
    values: dict[str, object] = {
        "negative_share": 0.75,
        "items": 8,
        "sources": 5,
        "velocity": 0.0,
        "heat": 0.0,
        "sensitivity_weight": 0.6,
        "scope": Scope.COUNTY,
    }
    values.update(overrides)
    return SeveritySignals(**values)  # type: ignore[arg-type]


def test_worked_example_of_the_docstring() -> None:
    drinking_water = assess_level(signals(), SCORING)
    assert drinking_water.score == pytest.approx(0.57, abs=0.005)
    assert drinking_water.level is Level.III
    children_too = assess_level(signals(sensitivity_weight=1.9), SCORING)
    assert children_too.score == pytest.approx(0.67, abs=0.005)
    assert children_too.level is Level.II


def test_scope_and_negativity_move_the_level() -> None:
    assert assess_level(signals(negative_share=0.0, sensitivity_weight=0.0), SCORING).level is Level.IV
    national = signals(negative_share=1.0, sensitivity_weight=1.0, scope=Scope.NATIONAL, items=200)
    assert assess_level(national, SCORING).level is Level.I


def test_rule_clamps() -> None:
    assert clamp_level(Level.IV, "III", None) is Level.III
    assert clamp_level(Level.I, None, "III") is Level.III
    assert clamp_level(Level.II, "III", "I") is Level.II
    assert Level.II.label_zh == "II级（橙色预警）"


def test_sensitive_terms_ignore_negated_phrases() -> None:
    scanner = SensitiveTermScanner(SETTINGS.alerts.sensitive_terms)
    calm = item(
        "calm", "化工厂起火", "火势已扑灭，未造成人员死亡，周边饮用水源未受影响。", minutes=0, source="news-a"
    )
    assert set(scanner.scan(calm)) == {"drinking_water"}
    grave = item("grave", "化工厂爆炸", "事故造成两人死亡，多名儿童中毒送医。", minutes=0, source="news-a")
    assert {"deaths", "children", "illness"} <= set(scanner.scan(grave))


def snapshot_of(regions: list[tuple[str, ...]]) -> object:
    builder = SnapshotBuilder(SensitiveTermScanner([]))
    docs = [
        item(f"r{i}", "标题", "正文", minutes=i, source=f"s{i}", regions=r) for i, r in enumerate(regions)
    ]
    return builder.build("evt", docs, T0)


@pytest.mark.parametrize(
    ("regions", "scope", "office"),
    [
        ([("320115",)], Scope.COUNTY, "南京市生态环境局宣传教育处"),  # no county office: its city's
        ([("320115",), ("320113",)], Scope.CITY, "南京市生态环境局宣传教育处"),
        ([("320115",), ("320205",)], Scope.PROVINCE, "江苏省生态环境厅宣传教育处"),  # Nanjing + Wuxi
        ([("320115",), ("340102",)], Scope.MULTI_PROVINCE, "生态环境部宣传教育司"),
        ([()], Scope.UNLOCATED, "生态环境部宣传教育司"),  # national policy
        ([("130102",)], Scope.COUNTY, "生态环境部宣传教育司"),  # nothing configured up the chain
    ],
)
def test_scope_and_office(regions: list[tuple[str, ...]], scope: Scope, office: str) -> None:
    router = Router(RoutingSettings.model_validate(TEST_ROUTING), SETTINGS.topics, SCORING)
    route = router.route(snapshot_of(regions))  # type: ignore[arg-type]
    assert (route.scope, route.office.name) == (scope, office)


def test_escalation_chain_goes_up_to_national() -> None:
    router = Router(RoutingSettings.model_validate(TEST_ROUTING), SETTINGS.topics, SCORING)
    route = router.route(snapshot_of([("320115",)]))  # type: ignore[arg-type]
    assert [o.name for o in route.offices_for(2)] == [
        "南京市生态环境局宣传教育处",
        "江苏省生态环境厅宣传教育处",
        "生态环境部宣传教育司",
    ]


def test_incidental_regions_do_not_widen_scope() -> None:
    counts = {"320115": 9, "110105": 1, "320100": 3}
    assert main_areas(counts, 10, 0.2) == ["320115"]  # Beijing mentioned once; 320100 is an ancestor


def test_quiet_hours_over_midnight() -> None:
    policy = NoticePolicy(UpdatePolicy(quiet_hours=QuietHours(start=time(22), end=time(7))), SHANGHAI)

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, 20, hour, minute, tzinfo=SHANGHAI)

    assert policy.in_quiet_hours(at(23)) and policy.in_quiet_hours(at(6, 59))
    assert not policy.in_quiet_hours(at(7)) and not policy.in_quiet_hours(at(21, 59))
    assert policy.may_send(Level.II, at(23)) and not policy.may_send(Level.III, at(23))
    assert policy.quiet_hours_end(at(23)) == datetime(2026, 11, 21, 7, tzinfo=SHANGHAI)


def test_snapshot_counts_and_velocity() -> None:
    builder = SnapshotBuilder(SensitiveTermScanner(SETTINGS.alerts.sensitive_terms))
    docs = [
        item(f"v{i}", "死鱼", "河里死鱼，担心饮用水", minutes=i * 20, source=f"s{i % 2}") for i in range(6)
    ]
    docs[0] = docs[0].model_copy(update={"sentiment": Sentiment.NEUTRAL})
    snap = builder.build("evt", docs, T0.replace(hour=10))
    assert snap.item_count == 6 and snap.sources == ("s0", "s1")
    assert snap.negative_share == pytest.approx(5 / 6, abs=1e-3)
    assert snap.velocity == pytest.approx(2.0)  # 6 items in the 3 h window
    assert snap.sensitive == {"drinking_water": ("饮用水",)}
    assert snap.representative[0].doc_id == docs[0].id  # the first report leads
