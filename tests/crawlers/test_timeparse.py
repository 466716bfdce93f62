"""Weibo's created_at in every form, and the date texts of boards and pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawlers.timeparse import SHANGHAI, parse_datetime_text, parse_timestamp, parse_weibo_time

NOW = datetime(2026, 11, 20, 10, 30, 15, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刚刚", NOW),
        ("5分钟前", NOW - timedelta(minutes=5)),
        ("30秒前", NOW - timedelta(seconds=30)),
        ("2小时前", NOW - timedelta(hours=2)),
        ("今天 08:12", datetime(2026, 11, 20, 8, 12, tzinfo=SHANGHAI)),
        ("昨天 21:03", datetime(2026, 11, 19, 21, 3, tzinfo=SHANGHAI)),
        ("前天 07:00", datetime(2026, 11, 18, 7, 0, tzinfo=SHANGHAI)),
        ("11-03", datetime(2026, 11, 3, 0, 0, tzinfo=SHANGHAI)),
        ("11-03 09:41", datetime(2026, 11, 3, 9, 41, tzinfo=SHANGHAI)),
        ("2025-12-31", datetime(2025, 12, 31, tzinfo=SHANGHAI)),
        ("Thu Nov 19 09:30:00 +0800 2026", datetime(2026, 11, 19, 9, 30, tzinfo=SHANGHAI)),
    ],
)
def test_weibo_created_at_forms(text: str, expected: datetime) -> None:
    assert parse_weibo_time(text, NOW) == expected


def test_month_day_after_today_is_last_year() -> None:
    new_year = datetime(2027, 1, 2, 9, 0, tzinfo=SHANGHAI)
    assert parse_weibo_time("12-30", new_year) == datetime(2026, 12, 30, tzinfo=SHANGHAI)


def test_relative_forms_follow_the_given_clock_in_shanghai_time() -> None:
    utc_now = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)  # 01:00 on the 20th in Shanghai
    assert parse_weibo_time("昨天 23:00", utc_now) == datetime(2026, 11, 19, 23, 0, tzinfo=SHANGHAI)


def test_classic_form_keeps_its_offset() -> None:
    parsed = parse_weibo_time("Fri Nov 20 09:30:00 +0000 2026", NOW)
    assert parsed == datetime(2026, 11, 20, 17, 30, tzinfo=SHANGHAI)


@pytest.mark.parametrize("text", ["", "不久以前", "13-45", "2026-02-30"])
def test_unreadable_created_at_is_none(text: str) -> None:
    assert parse_weibo_time(text, NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 13:05:00", datetime(2026, 11, 20, 13, 5, tzinfo=SHANGHAI)),
        ("2026/11/20 13:05", datetime(2026, 11, 20, 13, 5, tzinfo=SHANGHAI)),
        ("2026年11月3日 08:12", datetime(2026, 11, 3, 8, 12, tzinfo=SHANGHAI)),
        ("2026-11-20T09:30:00+08:00", datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)),
        ("2026-11-20T01:30:00Z", datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)),
    ],
)
def test_date_texts(text: str, expected: datetime) -> None:
    assert parse_datetime_text(text) == expected


def test_timestamps_in_seconds_milliseconds_and_text() -> None:
    expected = datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)
    seconds = int(expected.timestamp())
    assert parse_timestamp(seconds) == expected
    assert parse_timestamp(str(seconds * 1000)) == expected
    assert parse_timestamp("2026-11-20 09:30") == expected
    assert parse_timestamp(None) is None
    assert parse_timestamp(True) is None
