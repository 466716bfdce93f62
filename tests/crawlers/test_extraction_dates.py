"""Chinese date and time forms, always aware in Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crawlers.extraction import SHANGHAI, date_from_url, parse_datetime, search_datetime

REF = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 09:30", sh(2026, 11, 20, 9, 30)),
        ("2026-11-20 09:30:15", sh(2026, 11, 20, 9, 30, 15)),
        ("2026年11月20日 09:30", sh(2026, 11, 20, 9, 30)),
        ("2026年11月20日09时30分", sh(2026, 11, 20, 9, 30)),
        ("2026年11月20日 下午3:30", sh(2026, 11, 20, 15, 30)),
        ("２０２６年１１月２０日　０９：３０", sh(2026, 11, 20, 9, 30)),
        ("2026/11/20", sh(2026, 11, 20)),
        ("2026.11.20", sh(2026, 11, 20)),
        ("2005-8-12 16:12:21", sh(2005, 8, 12, 16, 12, 21)),
        ("20261120", sh(2026, 11, 20)),
        ("发布时间：2026-11-19 08:00:05 来源：中国环境报", sh(2026, 11, 19, 8, 0, 5)),
        ("11月20日", sh(2026, 11, 20)),
        ("11月19日 21:03", sh(2026, 11, 19, 21, 3)),
        ("12月25日", sh(2025, 12, 25)),  # read in November 2026: last December
        ("11-03 08:15", sh(2026, 11, 3, 8, 15)),
        ("今天 08:12", sh(2026, 11, 20, 8, 12)),
        ("昨天 21:03", sh(2026, 11, 19, 21, 3)),
        ("前天", sh(2026, 11, 18)),
        ("刚刚", REF),
        ("5分钟前", REF - timedelta(minutes=5)),
        ("3小时前", REF - timedelta(hours=3)),
        ("2天前", REF - timedelta(days=2)),
    ],
)
def test_chinese_forms(text: str, expected: datetime) -> None:
    assert parse_datetime(text, REF) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T01:30:00Z", sh(2026, 11, 20, 9, 30)),
        ("2026-11-20T09:30:00+08:00", sh(2026, 11, 20, 9, 30)),
        ("2026-11-19T20:30:00-05:00", sh(2026, 11, 20, 9, 30)),
        ("2026-11-20T09:30:00", sh(2026, 11, 20, 9, 30)),
        ("Fri, 20 Nov 2026 09:30:00 +0800", sh(2026, 11, 20, 9, 30)),
        ("1763602200", sh(2025, 11, 20, 9, 30)),
    ],
)
def test_machine_forms_are_converted_to_shanghai(text: str, expected: datetime) -> None:
    value = parse_datetime(text, REF)
    assert value == expected
    assert value is not None
    assert value.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    "text", ["", "没有日期", "2026-13-40", "© 2026 版权所有", "2030-01-01", "1900-01-01"]
)
def test_no_date(text: str) -> None:
    assert parse_datetime(text, REF) is None


def test_every_result_is_aware_in_shanghai() -> None:
    for text in ("2026-11-20", "今天 08:12", "2026-11-20T01:30:00Z", "5分钟前"):
        value = parse_datetime(text, REF)
        assert value is not None
        assert value.tzinfo is not None
        assert value.utcoffset() == timedelta(hours=8)


def test_search_prefers_a_labelled_date() -> None:
    line = "相关：2026-10-01 国庆 | 发布时间：2026-11-18 16:05 | 来源：市生态环境局"
    assert search_datetime(line, REF) == sh(2026, 11, 18, 16, 5)


def test_search_ignores_words_that_only_look_relative() -> None:
    assert search_datetime("今日关注", REF) is None
    assert search_datetime("今天，记者来到河边", REF) is None
    assert search_datetime("刚刚结束的会议", REF) is None
    assert search_datetime("发布时间：昨天 10:00", REF) == sh(2026, 11, 19, 10, 0)


def test_search_without_partial_forms_needs_a_year() -> None:
    assert search_datetime("6月4日，记者获悉", REF, partial=False) is None
    assert search_datetime("2026年6月4日，记者获悉", REF, partial=False) == sh(2026, 6, 4)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.mee.gov.cn/ywdt/xwfb/202611/t20261120_1234567.shtml", sh(2026, 11, 20)),
        ("http://www.xinhuanet.com/local/2026-11/20/c_1125597921.htm", sh(2026, 11, 20)),
        ("http://env.people.com.cn/n1/2026/1120/c1010-40000000.html", sh(2026, 11, 20)),
        ("https://example.com/2026/11/20/fish-kill.html", sh(2026, 11, 20)),
        ("https://example.com/news/12345.html", None),
        ("https://20261120.example.com/a", None),
    ],
)
def test_dates_in_urls(url: str, expected: datetime | None) -> None:
    assert date_from_url(url, REF) == expected
