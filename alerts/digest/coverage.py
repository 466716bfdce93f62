"""The coverage line that opens every digest: which sources were degraded or silent, since when.

"14 个信源中 2 个自 09:10 起无更新（信源甲、信源乙）" — so nobody mistakes a silent source for a calm day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from alerts.digest.evidence import local_time
from alerts.digest.inputs import Period, SourceCoverage
from alerts.digest.model import Coverage, Statement

CAVEAT = "这些信源的沉寂不代表舆情平稳。"
_BLOCK_REASONS = {"login_wall": "遇登录墙", "captcha": "遇验证码", "robots": "被 robots.txt 禁止"}
_FAILED_RUNS = re.compile(r"^(\d+) failed runs")


def reason_label(reason: str) -> str:
    """A crawler status reason (``login_wall``, ``3 failed runs: timeout``) in Chinese."""
    if reason in _BLOCK_REASONS:
        return _BLOCK_REASONS[reason]
    if reason.startswith("http_"):
        return f"被拒绝访问（HTTP {reason.removeprefix('http_')}）"
    if match := _FAILED_RUNS.match(reason):
        return f"连续 {match.group(1)} 次采集失败"
    return reason


def _phrase(source: SourceCoverage, period: Period, now: datetime) -> str:
    """What is wrong with one source, with the time it began."""
    since = f"自 {local_time(source.since, period, reference=now)} 起" if source.since else ""
    if source.status == "silent":
        return f"{since}无更新"
    if source.status == "degraded":
        return f"{since}采集受阻"
    return "尚未采集"


def _group(problems: Sequence[SourceCoverage], period: Period, now: datetime) -> list[str]:
    """Sources with the same problem since the same time, as one phrase each."""
    groups: dict[str, list[str]] = {}
    for source in sorted(problems, key=lambda s: (s.since or now, s.source)):
        label = source.name
        if source.status == "degraded" and source.reason:
            label = f"{source.name}：{reason_label(source.reason)}"
        groups.setdefault(_phrase(source, period, now), []).append(label)
    return [f"{len(names)} 个{phrase}（{'、'.join(names)}）" for phrase, names in groups.items()]


def coverage_section(
    sources: Sequence[SourceCoverage] | None, period: Period, now: datetime, unavailable: str = ""
) -> Coverage:
    """The coverage statement for the sources' status as of ``now``."""
    if sources is None:
        text = f"信源采集状态无法读取（{unavailable or '原因未知'}），无法判断哪些信源停更；本报告中没有的内容不代表没有舆情。"
        return Coverage(Statement(text), None)
    if not sources:
        return Coverage(Statement("未配置任何信源，本报告没有监测数据。"), 0)
    problems = tuple(source for source in sources if source.is_problem)
    if not problems:
        text = f"{len(sources)} 个信源均在正常更新（截至 {local_time(now, period, reference=now)}）。"
        return Coverage(Statement(text), len(sources))
    text = f"{len(sources)} 个信源中 {'；'.join(_group(problems, period, now))}。{CAVEAT}"
    return Coverage(Statement(text), len(sources), problems)
