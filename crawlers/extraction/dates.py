"""Parse the date and time forms Chinese pages use, always returning aware Asia/Shanghai datetimes.

Supported: ``2026-11-20 09:30``, ``2026/11/20``, ``2026.11.20``, ``2026年11月20日 09:30``, ``09时30分``,
``下午3:30``, ISO 8601 with offsets (``2026-11-20T01:30:00Z``), RFC 2822, ``20261120``, Unix
timestamps, and, relative to a reference time, ``11月20日``, ``11-20 09:30``, ``今天 08:12``,
``昨天 21:03``, ``前天``, ``刚刚``, ``5分钟前``, ``3小时前``, ``2天前``. Naive values are Shanghai time.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN_YEAR = 1990
# A whole string this short may be a bare relative time (刚刚, 昨天, 5分钟前).
MAX_RELATIVE_CHARS = 12
# Labels that announce a publication time in page text.
DATE_LABEL = re.compile(
    r"(?:发布|发表|更新|出版|刊发|录入|上传)?(?:时间|日期)\s*[:：]|发表于|发布于|"
    r"published(?:\s*(?:on|at|time|date))?\s*[:：]?",
    re.IGNORECASE,
)

_CLOCK = (
    r"[T\s]*(?P<ampm>上午|下午|晚上|中午|凌晨|早上)?\s*(?P<hour>[01]?\d|2[0-3])\s*[:：时点]\s*"
    r"(?P<minute>[0-5]?\d)(?:\s*[:：]\s*(?P<second>[0-5]?\d)|\s*分(?:\s*(?P<second_cn>[0-5]?\d)\s*秒)?)?"
    r"(?:\.\d+)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[Uu][Tt][Cc]|GMT)?"
)
_TIME = f"(?:{_CLOCK})?"
_YMD_SEP = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*(?P<sep>[-/.])\s*(?P<month>[01]?\d)\s*(?P=sep)\s*(?P<day>[0-3]?\d)(?!\d)"
    + _TIME
)
_YMD_CN = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*[日号]?" + _TIME
)
_YMD_COMPACT = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)"
    r"(?:[T\s]?(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)(?P<second>[0-5]\d)?)?(?!\d)"
)
_MD_CN = re.compile(r"(?<![\d年])(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*[日号]" + _TIME)
_MD_DASH = re.compile(r"^(?P<month>[01]?\d)-(?P<day>[0-3]?\d)" + _TIME + r"$")
_RELATIVE_DAY = re.compile(r"(?P<word>今天|今日|昨天|昨日|前天)" + _TIME)
# In running text a bare 今天 is a word, not a timestamp: require a clock time after it.
_RELATIVE_DAY_TIMED = re.compile(r"(?P<word>今天|今日|昨天|昨日|前天)" + _CLOCK)
_AGO = re.compile(r"(?P<count>\d+)\s*(?P<unit>秒钟?|分钟|小时|个小时|天|周)前")
_JUST_NOW = re.compile(r"刚刚|刚才")
_TIMESTAMP = re.compile(r"^\d{10}(?:\d{3})?$")

_DAY_OFFSETS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_AGO_UNITS = {"秒": "seconds", "秒钟": "seconds", "分钟": "minutes", "小时": "hours", "个小时": "hours"}


def now_shanghai() -> datetime:
    return datetime.now(SHANGHAI)


def parse_datetime(text: str, reference: datetime | None = None) -> datetime | None:
    """Parse ``text`` that is one date or time (meta content, a ``<time>`` value, a dated line)."""
    cleaned = normalize(text)
    if not cleaned:
        return None
    reference = _reference(reference)
    for parse in (_parse_iso, _parse_rfc2822, _parse_timestamp):
        value = parse(cleaned)
        if value is not None and _plausible(value, reference):
            return value
    match = _MD_DASH.match(cleaned) or _YMD_COMPACT.fullmatch(cleaned)
    if match is not None:
        return _from_match(match, reference)
    found = search_datetime(cleaned, reference)
    if found is None and len(cleaned) <= MAX_RELATIVE_CHARS:
        found = _first_date(cleaned, reference, labelled=True)
    return found


def search_datetime(text: str, reference: datetime | None = None, *, partial: bool = True) -> datetime | None:
    """The first date found inside free text: after a label (发布时间：) first, then anywhere.

    Unlabelled, only full dates count, plus — when ``partial`` — dates without a year (11月20日) and
    relative days with a clock time (昨天 21:03); after a label every form counts.
    """
    cleaned = normalize(text)
    reference = _reference(reference)
    for label in DATE_LABEL.finditer(cleaned):
        value = _first_date(cleaned[label.end() : label.end() + 40], reference, labelled=True)
        if value is not None:
            return value
    return _first_date(cleaned, reference, labelled=False, partial=partial)


def normalize(text: str) -> str:
    """Full-width digits and colons to ASCII, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _first_date(text: str, reference: datetime, labelled: bool, partial: bool = True) -> datetime | None:
    """The first date in ``text``; bare relative forms (今天, 5分钟前) only count right after a label."""
    relative_day = _RELATIVE_DAY if labelled else _RELATIVE_DAY_TIMED
    patterns = (_YMD_SEP, _YMD_CN, _MD_CN, relative_day) if partial or labelled else (_YMD_SEP, _YMD_CN)
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = _from_match(match, reference)
            if value is not None:
                return value
    return _relative(text, reference) if labelled else None


def _from_match(match: re.Match[str], reference: datetime) -> datetime | None:
    groups = match.groupdict()
    try:
        if groups.get("word"):
            day = reference - timedelta(days=_DAY_OFFSETS[groups["word"]])
            year, month, day_of_month = day.year, day.month, day.day
        else:
            year = int(groups["year"]) if groups.get("year") else reference.year
            month, day_of_month = int(groups["month"]), int(groups["day"])
        value = datetime(year, month, day_of_month, *_clock(groups), tzinfo=SHANGHAI)
    except ValueError:
        return None
    value = _apply_zone(value, groups.get("tz"))
    if not groups.get("year") and not groups.get("word") and value > reference + timedelta(days=1):
        value = value.replace(year=value.year - 1)  # "11月20日" read in January means last year
    return value if _plausible(value, reference) else None


def _clock(groups: dict[str, str | None]) -> tuple[int, int, int]:
    if not groups.get("hour"):
        return 0, 0, 0
    hour = int(groups["hour"] or 0)
    if groups.get("ampm") in ("下午", "晚上") and hour < 12:
        hour += 12
    second = groups.get("second") or groups.get("second_cn") or 0
    return hour, int(groups["minute"] or 0), int(second)


def _apply_zone(value: datetime, zone: str | None) -> datetime:
    """``value`` was built as Shanghai wall time; re-read it in the zone the text gave, if any."""
    if not zone:
        return value
    naive = value.replace(tzinfo=None)
    if zone.upper() in ("Z", "UTC", "GMT"):
        return naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(SHANGHAI)
    offset = datetime.strptime(zone.replace(":", ""), "%z").tzinfo
    return naive.replace(tzinfo=offset).astimezone(SHANGHAI)


def _relative(text: str, reference: datetime) -> datetime | None:
    if _JUST_NOW.search(text):
        return reference
    match = _AGO.search(text)
    if match is None:
        return None
    count, unit = int(match["count"]), match["unit"]
    if unit == "天":
        return reference - timedelta(days=count)
    if unit == "周":
        return reference - timedelta(weeks=count)
    return reference - timedelta(**{_AGO_UNITS[unit]: count})


def _parse_iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text):
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        return None
    return _aware(value)


def _parse_rfc2822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError):
        return None


def _parse_timestamp(text: str) -> datetime | None:
    if not _TIMESTAMP.match(text):
        return None
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    return datetime.fromtimestamp(seconds, SHANGHAI)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def _plausible(value: datetime, reference: datetime) -> bool:
    return value.year >= MIN_YEAR and value <= reference + timedelta(days=2)


def _reference(reference: datetime | None) -> datetime:
    if reference is None:
        return now_shanghai()
    return _aware(reference)


_URL_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/_]?(?P<month>[01]\d)[-/_]?(?P<day>[0-3]\d)")


def date_from_url(url: str, reference: datetime | None = None) -> datetime | None:
    """The date a URL path carries: ``/2026/11/20/``, ``/2026-11/20/``, ``/20261120/``, ``t20261120_``..."""
    reference = _reference(reference)
    path = url.split("://", 1)[-1].partition("/")[2]
    for match in _URL_DATE.finditer(path):
        try:
            value = datetime(int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=SHANGHAI)
        except ValueError:
            continue
        if _plausible(value, reference):
            return value
    return None
