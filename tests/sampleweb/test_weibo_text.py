"""Weibo text details: created_at forms, markup → HTML, long-text truncation, mid → bid."""

from __future__ import annotations

from datetime import timedelta

from app.sampleweb import SCENARIO_START
from app.sampleweb.render.weibo_text import (
    classic_time,
    created_at,
    markup_to_html,
    mid_to_bid,
    relative_time,
    truncated_markup,
)

NOW = SCENARIO_START.replace(hour=15, minute=0)  # Fri 2026-11-20 15:00
EVEN, ODD = 10, 11


def test_relative_forms() -> None:
    assert relative_time(NOW - timedelta(seconds=20), NOW, EVEN) == "刚刚"
    assert relative_time(NOW - timedelta(minutes=5), NOW, EVEN) == "5分钟前"
    assert relative_time(NOW - timedelta(hours=2, minutes=10), NOW, EVEN) == "2小时前"
    assert relative_time(NOW - timedelta(hours=2, minutes=10), NOW, ODD) == "今天 12:50"
    assert relative_time(NOW - timedelta(hours=17, minutes=57), NOW, EVEN) == "昨天 21:03"
    assert relative_time(NOW - timedelta(days=17), NOW, EVEN) == "11-03"
    assert relative_time(NOW - timedelta(days=383), NOW, EVEN) == "2025-11-02"


def test_classic_form_and_style_choice() -> None:
    assert classic_time(SCENARIO_START.replace(hour=9, minute=30)) == "Fri Nov 20 09:30:00 +0800 2026"
    when = NOW - timedelta(minutes=5)
    assert created_at(when, NOW, 9, "mixed") == classic_time(when)  # 9 % 3 == 0
    assert created_at(when, NOW, 10, "mixed") == "5分钟前"
    assert created_at(when, NOW, 10, "classic") == classic_time(when)
    assert created_at(when, NOW, 9, "relative") == "5分钟前"


def test_markup_becomes_weibo_html() -> None:
    html = markup_to_html("河里好多死鱼[怒]\n#泾县死鱼# @泾县生态环境 <b>")
    assert '<span class="url-icon"><img alt="[怒]"' in html
    assert "<br />" in html
    assert '<span class="surl-text">#泾县死鱼#</span></a>' in html
    assert "<a href='/n/泾县生态环境'>@泾县生态环境</a>" in html
    assert "&lt;b&gt;" in html
    assert markup_to_html("[不存在的表情]") == "[不存在的表情]"


def test_truncation_never_splits_a_topic_or_emoticon() -> None:
    text = "字" * 130 + "#一个非常非常长的话题名字#" + "尾" * 20
    assert truncated_markup(text) == "字" * 130
    text = "字" * 138 + "[怒]" + "尾" * 20
    assert truncated_markup(text) == "字" * 138


def _bid_to_mid(bid: str) -> int:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while bid:
        bid, group = bid[:-4], bid[-4:]
        value = 0
        for ch in group:
            value = value * 62 + alphabet.index(ch)
        digits = (str(value).rjust(7, "0") if bid else str(value)) + digits
    return int(digits)


def test_bid_is_base62_of_seven_digit_groups() -> None:
    for mid in (5261000000000000, 5261000332612994, 4484147303368273):
        bid = mid_to_bid(mid)
        assert len(bid) == 9
        assert _bid_to_mid(bid) == mid
