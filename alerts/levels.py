"""Severity levels I–IV (红/橙/黄/蓝) and how an event's level is scored.

The score (0–1) is a weighted sum of four factors, each in [0, 1] (weights in ``scoring.weights``,
0.30 / 0.30 / 0.25 / 0.15 by default, summing to 1)::

    negativity   negative items / items with a sentiment (0 when none is rated)
    spread       the strongest of four log-scaled signals, each saturating at its scale:
                 ln(1+items)/ln(1+200), ln(1+sources)/ln(1+30),
                 ln(1+velocity)/ln(1+20) (items per hour over the velocity window), heat/100
    sensitivity  the sum of the weights of the sensitive categories found (deaths 1.0, children 0.7,
                 drinking water 0.6, cover-ups 0.6, illness 0.5, data fraud 0.5, misconduct 0.4),
                 capped at 1
    scope        county 0.25, city 0.5, province 0.75, several provinces 1, national 1
                 (unlocated 0.25: no region is known)

Levels: I when score ≥ 0.80, II ≥ 0.65, III ≥ 0.50, otherwise IV (``scoring.thresholds``). A rule may
clamp the level (``level_floor``, ``level_cap``). Logarithms because attention is heavy-tailed; a
weighted sum rather than a product so that one missing factor (no sensitive term) lowers the level
instead of erasing it.

Worked example (defaults): a county fish kill, 8 items from 5 sources, 6 of 8 negative, drinking
water mentioned: 0.30×0.75 + 0.30×0.52 + 0.25×0.6 + 0.15×0.25 = 0.57 → level III (黄色). Children
falling ill as well lifts sensitivity to 1: 0.67 → level II (橙色).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from config.models.alerts import LevelName, Scoring


class Level(IntEnum):
    """I is the most severe; a smaller value is more severe."""

    I = 1  # noqa: E741 - the national grade names are I–IV
    II = 2
    III = 3
    IV = 4

    @classmethod
    def from_name(cls, name: LevelName | str) -> Level:
        return cls[name]

    @property
    def colour_zh(self) -> str:
        return {1: "红色", 2: "橙色", 3: "黄色", 4: "蓝色"}[self.value]

    @property
    def grade_zh(self) -> str:
        return {1: "特别重大", 2: "重大", 3: "较大", 4: "一般"}[self.value]

    @property
    def label_zh(self) -> str:
        """``II级（橙色预警）``"""
        return f"{self.name}级（{self.colour_zh}预警）"

    def more_severe_than(self, other: Level) -> bool:
        return self.value < other.value

    @staticmethod
    def most_severe(levels: Iterable[Level]) -> Level:
        return min(levels)


class Scope(StrEnum):
    """How far an event reaches, from its located regions."""

    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    MULTI_PROVINCE = "multi_province"
    NATIONAL = "national"
    UNLOCATED = "unlocated"

    @property
    def label_zh(self) -> str:
        return {
            "county": "县级",
            "city": "市级",
            "province": "省级",
            "multi_province": "跨省",
            "national": "全国",
            "unlocated": "未定位",
        }[self.value]


@dataclass(frozen=True)
class LevelAssessment:
    """The scored level of an event and the factors it rests on."""

    level: Level
    score: float
    negativity: float
    spread: float
    sensitivity: float
    scope: float


@dataclass(frozen=True)
class SeveritySignals:
    """What the score is computed from (taken from an EventSnapshot and its scope)."""

    negative_share: float
    items: int
    sources: int
    velocity: float
    heat: float
    sensitivity_weight: float
    scope: Scope


def log_scale(value: float, reference: float) -> float:
    """ln(1+value)/ln(1+reference), within [0, 1]."""
    return min(1.0, math.log1p(max(value, 0.0)) / math.log1p(reference))


def assess_level(signals: SeveritySignals, scoring: Scoring) -> LevelAssessment:
    """Score an event and map the score to a level (see the module docstring)."""
    scales = scoring.spread
    spread = max(
        log_scale(signals.items, scales.items),
        log_scale(signals.sources, scales.sources),
        log_scale(signals.velocity, scales.velocity),
        min(1.0, max(signals.heat, 0.0) / scales.heat),
    )
    factors = {
        "negativity": min(1.0, max(signals.negative_share, 0.0)),
        "spread": spread,
        "sensitivity": min(1.0, signals.sensitivity_weight),
        "scope": float(getattr(scoring.scope, signals.scope.value)),
    }
    weights = scoring.weights
    score = sum(getattr(weights, name) * value for name, value in factors.items())
    return LevelAssessment(level=level_for_score(score, scoring), score=round(score, 4), **factors)


def level_for_score(score: float, scoring: Scoring) -> Level:
    thresholds = scoring.thresholds
    if score >= thresholds.I:
        return Level.I
    if score >= thresholds.II:
        return Level.II
    if score >= thresholds.III:
        return Level.III
    return Level.IV


def clamp_level(level: Level, floor: LevelName | None, cap: LevelName | None) -> Level:
    """At least as severe as ``floor``, at most as severe as ``cap``."""
    if floor is not None and Level.from_name(floor).more_severe_than(level):
        level = Level.from_name(floor)
    if cap is not None and level.more_severe_than(Level.from_name(cap)):
        level = Level.from_name(cap)
    return level
