"""The coverage line: silent and blocked sources with their times, never mistaken for a calm day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.digest import Period, SourceCoverage
from alerts.digest.coverage import coverage_section, reason_label
from tests.digest.corpus import PERIOD_END, PERIOD_START, TZ, at

PERIOD = Period(PERIOD_START, PERIOD_END, TZ)
NOW = PERIOD_END + timedelta(minutes=1)


def ok(key: str) -> SourceCoverage:
    return SourceCoverage(key, f"信源{key}", "ok")


def test_all_sources_fresh() -> None:
    coverage = coverage_section([ok("a"), ok("b")], PERIOD, NOW)
    assert coverage.statement.text == "2 个信源均在正常更新（截至 08:01）。"
    assert coverage.problems == ()


def test_sources_silent_since_the_same_time_are_grouped_with_the_clock_time_of_today() -> None:
    silent = [SourceCoverage(k, f"信源{k}", "silent", at(10, 5, 30)) for k in ("x", "y")]
    sources = [*(ok(str(i)) for i in range(12)), *silent]
    text = coverage_section(sources, PERIOD, NOW).statement.text
    assert text.startswith("14 个信源中 2 个自 05:30 起无更新（信源x、信源y）。")


def test_problems_on_other_days_carry_the_date_and_blocked_reasons_are_in_chinese() -> None:
    sources = [
        ok("a"),
        SourceCoverage("w", "微博", "degraded", at(8, 23, 15), "http_418"),
        SourceCoverage("b", "留言板", "degraded", at(9, 1, 0), "3 failed runs: timeout"),
        SourceCoverage("n", "新信源", "new"),
    ]
    coverage = coverage_section(sources, PERIOD, NOW)
    assert coverage.statement.text == (
        "4 个信源中 1 个自 6月8日 23:15 起采集受阻（微博：被拒绝访问（HTTP 418））；"
        "1 个自 6月9日 01:00 起采集受阻（留言板：连续 3 次采集失败）；1 个尚未采集（新信源）。"
        "这些信源的沉寂不代表舆情平稳。"
    )
    assert [s.source for s in coverage.problems] == ["w", "b", "n"]


def test_unreadable_crawl_state_is_said_plainly() -> None:
    coverage = coverage_section(None, PERIOD, NOW, "database is locked")
    assert coverage.total is None
    assert "信源采集状态无法读取（database is locked）" in coverage.statement.text


def test_no_sources_configured() -> None:
    assert coverage_section([], PERIOD, NOW).statement.text == "未配置任何信源，本报告没有监测数据。"


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("login_wall", "遇登录墙"),
        ("captcha", "遇验证码"),
        ("http_432", "被拒绝访问（HTTP 432）"),
        ("odd", "odd"),
    ],
)
def test_reason_labels(reason: str, label: str) -> None:
    assert reason_label(reason) == label
