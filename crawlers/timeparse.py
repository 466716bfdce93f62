"""Dates as Chinese sites and Weibo write them, made timezone-aware (Asia/Shanghai unless stated).

Weibo's ``created_at`` comes as 刚刚, 5分钟前, 2小时前, 今天 08:12, 昨天 21:03, 前天 10:00, 11-03,
11-03 08:12, 2023-11-03, or ``Thu Nov 20 09:30:00 +0800 2026``; message boards use epoch seconds or
milliseconds, or ``2023-11-03 08:12[:05]``, ``2023/11/03``, ``2023年11月3日 08:12``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

_RELATIVE = re.compile(r"^(\d+)\s*(秒|分钟|小时|天)前$")
_DAY_WORD = re.compile(r"^(今天|昨天|前天)\s*(\d{1,2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$")
_FULL = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?)?秒?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_TWITTER_STYLE = "%a %b %d %H:%M:%S %z %Y"
_UNITS = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}
_DAY_OFFSETS = {"今天": 0, "昨天": 1, "前天": 2}


def parse_weibo_time(text: str, now: datetime) -> datetime | None:
    """Weibo's ``created_at`` in any of its forms; ``now`` (aware) anchors relative forms."""
    value = text.strip()
    local_now = now.astimezone(SHANGHAI)
    parsers: tuple[Callable[[str, datetime], datetime | None], ...] = (
        _just_now,
        _relative,
        _day_word,
        _month_day,
        _twitter_style,
    )
    for parser in parsers:
        result = parser(value, local_now)
        if result is not None:
            return result
    return parse_datetime_text(value)


def parse_datetime_text(text: str) -> datetime | None:
    """A full date (and time) in the common Chinese forms, or None."""
    match = _FULL.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        naive = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone is None:
        return naive.replace(tzinfo=SHANGHAI)
    offset = datetime.strptime(zone.replace(":", "").replace("Z", "+0000"), "%z").tzinfo
    return naive.replace(tzinfo=offset)


def parse_timestamp(value: object) -> datetime | None:
    """Epoch seconds or milliseconds (number or digit string), or a date text; None if neither."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000
        return datetime.fromtimestamp(number, tz=SHANGHAI) if number > 0 else None
    if isinstance(value, str):
        return parse_datetime_text(value)
    return None


def _just_now(value: str, now: datetime) -> datetime | None:
    return now if value in {"刚刚", "刚才"} else None


def _relative(value: str, now: datetime) -> datetime | None:
    match = _RELATIVE.match(value)
    if match is None:
        return None
    amount, unit = int(match.group(1)), _UNITS[match.group(2)]
    return now - timedelta(**{unit: amount})


def _day_word(value: str, now: datetime) -> datetime | None:
    match = _DAY_WORD.match(value)
    if match is None:
        return None
    day = now - timedelta(days=_DAY_OFFSETS[match.group(1)])
    return day.replace(hour=int(match.group(2)), minute=int(match.group(3)), second=0, microsecond=0)


def _month_day(value: str, now: datetime) -> datetime | None:
    match = _MONTH_DAY.match(value)
    if match is None:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    hour, minute = int(match.group(3) or 0), int(match.group(4) or 0)
    try:
        result = now.replace(month=month, day=day, hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        return None
    if result > now + timedelta(days=1):  # "12-31" read on 1 January is last year
        result = result.replace(year=now.year - 1)
    return result


def _twitter_style(value: str, _now: datetime) -> datetime | None:
    try:
        return datetime.strptime(value, _TWITTER_STYLE)
    except ValueError:
        return None
