"""Weibo text details: post markup → the HTML the mobile API returns, created_at in all its forms, bids."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape
from urllib.parse import quote

LONG_TEXT_LIMIT = 140
EMOTICONS = {
    "怒": "d_nu",
    "泪": "d_lei",
    "吃惊": "d_chijing",
    "费解": "d_feijie",
    "赞": "o_zan",
    "心": "l_xin",
    "哈哈": "d_haha",
    "doge": "d_doge",
    "加油": "o_jiayou",
    "馋嘴": "d_chanzui",
}
_TOKEN = re.compile(r"#[^#\n]+#|@[\w\u4e00-\u9fff-]+|\[[^\[\]\n]{1,6}\]|\n")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
TIME_STYLES = ("mixed", "relative", "classic")


def _topic_html(topic: str) -> str:
    cid = quote(f"231522type=1&t=10&q={topic}", safe="")
    return f'<a  href="https://m.weibo.cn/search?containerid={cid}&isnewpage=1" data-hide=""><span class="surl-text">{escape(topic)}</span></a>'


def _emoticon_html(name: str) -> str | None:
    icon = EMOTICONS.get(name)
    if icon is None:
        return None
    return (
        f'<span class="url-icon"><img alt="[{escape(name)}]" src="https://h5.sinaimg.cn/m/emoticon/icon/default/{icon}.png"'
        ' style="width:1em; height:1em;" /></span>'
    )


def _token_html(token: str) -> str:
    if token == "\n":
        return "<br />"
    if token.startswith("#"):
        return _topic_html(token)
    if token.startswith("@"):
        name = token[1:]
        return f"<a href='/n/{escape(name)}'>@{escape(name)}</a>"
    return _emoticon_html(token[1:-1]) or escape(token)


def markup_to_html(text: str) -> str:
    """#话题#, @用户, [表情] and newlines become the mobile API's HTML; everything else is escaped."""
    out, pos = [], 0
    for match in _TOKEN.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(_token_html(match.group()))
        pos = match.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def truncated_markup(text: str) -> str:
    """The first ~140 characters, never cutting a #topic# or an [emoticon] in half."""
    cut = text[:LONG_TEXT_LIMIT]
    if cut.count("#") % 2:
        cut = cut[: cut.rfind("#")]
    if cut.rfind("[") > cut.rfind("]"):
        cut = cut[: cut.rfind("[")]
    return cut


def is_long_text(text: str) -> bool:
    return len(text) > LONG_TEXT_LIMIT


def classic_time(when: datetime) -> str:
    """``Fri Nov 20 09:30:00 +0800 2026`` (locale-independent)."""
    return f"{_WEEKDAYS[when.weekday()]} {_MONTHS[when.month - 1]} {when:%d %H:%M:%S} +0800 {when:%Y}"


def relative_time(when: datetime, now: datetime, mid: int) -> str:
    """刚刚 / N分钟前 / N小时前 or 今天 HH:MM / 昨天 HH:MM / MM-DD / YYYY-MM-DD, as the mobile site shows them."""
    age = now - when
    if age < timedelta(minutes=1):
        return "刚刚"
    if age < timedelta(hours=1):
        return f"{int(age.total_seconds() // 60)}分钟前"
    if when.date() == now.date():
        return f"{int(age.total_seconds() // 3600)}小时前" if mid % 2 == 0 else f"今天 {when:%H:%M}"
    if when.date() == now.date() - timedelta(days=1):
        return f"昨天 {when:%H:%M}"
    if when.year == now.year:
        return f"{when:%m-%d}"
    return f"{when:%Y-%m-%d}"


def created_at(when: datetime, now: datetime, mid: int, style: str) -> str:
    """The created_at form for ``style``: classic, relative, or mixed (mid % 3 == 0 → classic)."""
    if style == "classic" or (style == "mixed" and mid % 3 == 0):
        return classic_time(when)
    return relative_time(when, now, mid)


def mid_to_bid(mid: int) -> str:
    """Weibo's base62 short id: 7-digit groups from the right, each as base62 (4 chars, padded)."""
    digits = str(mid)
    groups = []
    while digits:
        digits, group = digits[:-7], digits[-7:]
        value, encoded = int(group), ""
        while value:
            value, rest = divmod(value, 62)
            encoded = _BASE62[rest] + encoded
        groups.append(encoded.rjust(4, "0") if digits else encoded or "0")
    return "".join(reversed(groups))


def follower_text(count: int) -> str | int:
    """Big counts come back as text (``38.1万``), small ones as numbers — as the real API does."""
    return f"{count / 10000:.1f}万" if count >= 10000 else count
