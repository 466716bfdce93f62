"""Alert rules and policy (``alerts.yaml``): what to watch, when to fire, how severe, who is told, by when.

Levels are named ``I`` (特别重大, 红) … ``IV`` (一般, 蓝); ``I`` is the most severe. The level of an
event is scored from four factors (negativity, spread, sensitivity, scope); the formula and every
number are documented in ``alerts/levels.py`` and configured under ``scoring``.
"""

from __future__ import annotations

import math
from datetime import time
from typing import Literal

from pydantic import Field, model_validator

from config.models.base import StrictModel

LevelName = Literal["I", "II", "III", "IV"]
LEVEL_NAMES: tuple[LevelName, ...] = ("I", "II", "III", "IV")
SentimentName = Literal["positive", "neutral", "negative"]
SourceTypeName = Literal["news", "social", "board", "official"]
_ID = r"^[a-z][a-z0-9_-]*$"


class SensitiveCategory(StrictModel):
    """A sensitive subject (deaths, drinking water, …): terms that reveal it and its weight in scoring."""

    id: str = Field(pattern=_ID)
    label: str = Field(min_length=1, description="Chinese label shown in alerts, e.g. 饮用水")
    weight: float = Field(ge=0.0, le=1.0)
    terms: list[str] = Field(min_length=1)
    # Phrases removed before matching, so that 无人员伤亡 does not count as a death.
    exclude: list[str] = []


class RuleFilters(StrictModel):
    """Structured filters on each item, combined (AND) with the rule's query; empty means any."""

    topics: list[str] = []
    regions: list[str] = Field(default=[], description="administrative code prefixes: 32, 3201, 320115")
    sentiments: list[SentimentName] = []
    source_types: list[SourceTypeName] = []

    @model_validator(mode="after")
    def _region_prefixes(self) -> RuleFilters:
        for code in self.regions:
            if not code.isdigit() or len(code) not in (2, 4, 6):
                raise ValueError(f"region filter {code!r} must be 2, 4 or 6 digits")
        return self


class FireThresholds(StrictModel):
    """When a matching event fires: every threshold given must hold (AND)."""

    min_matching_items: int = Field(default=1, ge=1, description="items matching the query and filters")
    min_items: int = Field(default=1, ge=1, description="items in the whole event")
    min_sources: int = Field(default=1, ge=1)
    min_velocity: float = Field(default=0.0, ge=0.0, description="items per hour in the velocity window")
    min_heat: float = Field(default=0.0, ge=0.0, le=100.0)
    min_negative_share: float = Field(default=0.0, ge=0.0, le=1.0)
    sensitive_any: list[str] = Field(default=[], description="at least one of these categories present")
    min_level: LevelName = Field(default="IV", description="fire only at this level or more severe")


class AlertRule(StrictModel):
    """One rule: a query in the query language that selects the items it watches, and when it fires."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    query: str = Field(min_length=1, max_length=2000)
    enabled: bool = True
    filters: RuleFilters = RuleFilters()
    fire: FireThresholds = FireThresholds()
    level_floor: LevelName | None = Field(default=None, description="at least this severe when it fires")
    level_cap: LevelName | None = Field(default=None, description="at most this severe")
    channels: list[str] = Field(default=[], description="extra channel ids notified for this rule")
    extra_offices: list[str] = Field(default=[], description="region codes of offices also notified")
    department: str | None = Field(default=None, description="overrides the topic's department")


class ScoringWeights(StrictModel):
    negativity: float = Field(default=0.30, ge=0.0, le=1.0)
    spread: float = Field(default=0.30, ge=0.0, le=1.0)
    sensitivity: float = Field(default=0.25, ge=0.0, le=1.0)
    scope: float = Field(default=0.15, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _sum_to_one(self) -> ScoringWeights:
        total = self.negativity + self.spread + self.sensitivity + self.scope
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"scoring weights must sum to 1, got {total:.3f}")
        return self


class SpreadScales(StrictModel):
    """The value at which each spread signal saturates (log scale)."""

    items: float = Field(default=200, gt=0)
    sources: float = Field(default=30, gt=0)
    velocity: float = Field(default=20, gt=0, description="items per hour")
    heat: float = Field(default=100, gt=0)


class ScopeFactors(StrictModel):
    county: float = Field(default=0.25, ge=0.0, le=1.0)
    city: float = Field(default=0.50, ge=0.0, le=1.0)
    province: float = Field(default=0.75, ge=0.0, le=1.0)
    multi_province: float = Field(default=1.0, ge=0.0, le=1.0)
    national: float = Field(default=1.0, ge=0.0, le=1.0)
    unlocated: float = Field(default=0.25, ge=0.0, le=1.0)


class LevelThresholds(StrictModel):
    """Minimum score (0–1) of each level; below ``III`` an event is level IV."""

    I: float = Field(default=0.80, gt=0.0, le=1.0)  # noqa: E741 - grades are named I–IV
    II: float = Field(default=0.65, gt=0.0, le=1.0)
    III: float = Field(default=0.50, gt=0.0, le=1.0)

    @model_validator(mode="after")
    def _descending(self) -> LevelThresholds:
        if not self.I > self.II > self.III:
            raise ValueError("level thresholds must descend: I > II > III")
        return self


class Scoring(StrictModel):
    weights: ScoringWeights = ScoringWeights()
    spread: SpreadScales = SpreadScales()
    scope: ScopeFactors = ScopeFactors()
    thresholds: LevelThresholds = LevelThresholds()
    velocity_window_hours: float = Field(default=3.0, gt=0.0, le=72.0)
    # Provinces an event must span to count as national rather than several provinces.
    national_min_provinces: int = Field(default=5, ge=2)
    # A region counts for scope and routing when at least this share of located items mention it.
    min_region_share: float = Field(default=0.2, ge=0.0, le=1.0)


class DeadlineSpec(StrictModel):
    """A response deadline counted from the time the alert reaches a level."""

    kind: str = Field(pattern=_ID)
    label: str = Field(min_length=1, description="Chinese, e.g. 发布权威信息")
    hours: float = Field(gt=0.0)
    # Explicit deadlines (a press conference) are met only when a response names them.
    explicit: bool = False


def _major_deadlines() -> list[DeadlineSpec]:
    return [
        DeadlineSpec(kind="authoritative_info", label="发布权威信息", hours=5),
        DeadlineSpec(kind="press_conference", label="召开新闻发布会", hours=24, explicit=True),
    ]


def _other_deadlines() -> list[DeadlineSpec]:
    return [DeadlineSpec(kind="response", label="作出回应", hours=48)]


class Deadlines(StrictModel):
    """State Council General Office (2016) defaults: I–II 5 h / 24 h, others 48 h."""

    I: list[DeadlineSpec] = Field(default_factory=_major_deadlines)  # noqa: E741 - grades I–IV
    II: list[DeadlineSpec] = Field(default_factory=_major_deadlines)
    III: list[DeadlineSpec] = Field(default_factory=_other_deadlines)
    IV: list[DeadlineSpec] = Field(default_factory=_other_deadlines)
    renotify_minutes: float = Field(default=60, gt=0)
    max_reminders: int = Field(default=6, ge=1)
    # Each overdue deadline also notifies the next office up (county → city → province → national).
    escalate_routing: bool = True

    def for_level(self, level: str) -> list[DeadlineSpec]:
        """The deadlines of level ``I`` … ``IV``."""
        specs: list[DeadlineSpec] = getattr(self, level)
        return specs


class QuietHours(StrictModel):
    """Local hours when notices of ordinary levels wait; levels in ``override_levels`` still go out."""

    enabled: bool = True
    start: time = time(22, 0)
    end: time = time(7, 0)
    override_levels: list[LevelName] = ["I", "II"]


def _min_intervals() -> dict[LevelName, float]:
    return {"I": 15, "II": 30, "III": 120, "IV": 360}


class UpdatePolicy(StrictModel):
    """How updates of an open alert are sent without spamming."""

    debounce_minutes: float = Field(default=10, ge=0, description="quiet time after the last new item")
    min_interval_minutes: dict[LevelName, float] = Field(default_factory=_min_intervals)
    batch_levels: list[LevelName] = Field(default=["IV"], description="levels sent as periodic batches")
    batch_interval_minutes: float = Field(default=60, gt=0)
    peak_factor: float = Field(default=1.5, gt=1.0, description="velocity × this over the last peak")
    min_peak_velocity: float = Field(default=2.0, ge=0.0, description="items/hour before a peak counts")
    quiet_hours: QuietHours = QuietHours()
    representative_items: int = Field(default=5, ge=1, le=20)


class Channel(StrictModel):
    """A notification destination: an apprise URL (mailto://, json://, dingtalk://, wecombot://,
    feishu://, lark://); use ``{"$env": "NAME"}`` for URLs with secrets."""

    id: str = Field(pattern=_ID)
    url: str | None = None
    min_level: LevelName = Field(default="IV", description="notified for this level or more severe")
    enabled: bool = True


class Delivery(StrictModel):
    """The outbox worker: retries with exponential backoff, and a lease against crashed workers."""

    max_attempts: int = Field(default=20, ge=1)
    backoff_initial_seconds: float = Field(default=30, gt=0)
    backoff_max_seconds: float = Field(default=3600, gt=0)
    lease_seconds: float = Field(default=300, gt=0, description="a claimed message is retried after this")
    batch_size: int = Field(default=50, ge=1, le=1000)
    poll_seconds: float = Field(default=5, gt=0)


class ResponseDetection(StrictModel):
    """An item from an official source joining an alerted event is offered as its response."""

    enabled: bool = True
    official_authors: list[str] = Field(default=[], description="authors counted as official too")


class AlertSettings(StrictModel):
    """``alerts.yaml``."""

    rules: list[AlertRule] = []
    sensitive_terms: list[SensitiveCategory] = []
    scoring: Scoring = Scoring()
    update_policy: UpdatePolicy = UpdatePolicy()
    deadlines: Deadlines = Deadlines()
    channels: list[Channel] = []
    default_channels: list[str] = Field(default=[], description="channel ids notified of every alert")
    delivery: Delivery = Delivery()
    response_detection: ResponseDetection = ResponseDetection()
    console_url: str | None = Field(default=None, description="web console base URL for links in messages")

    @model_validator(mode="after")
    def _references_exist(self) -> AlertSettings:
        _unique("rules", [r.id for r in self.rules])
        _unique("channels", [c.id for c in self.channels])
        _unique("sensitive_terms", [c.id for c in self.sensitive_terms])
        channels = {c.id for c in self.channels}
        categories = {c.id for c in self.sensitive_terms}
        for name in self.default_channels:
            _known("default_channels", name, channels)
        for rule in self.rules:
            for name in rule.channels:
                _known(f"rule {rule.id} channels", name, channels)
            for name in rule.fire.sensitive_any:
                _known(f"rule {rule.id} fire.sensitive_any", name, categories)
        return self


def _unique(what: str, ids: list[str]) -> None:
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{what}: duplicate id(s) {duplicates}")


def _known(where: str, name: str, known: set[str]) -> None:
    if name not in known:
        raise ValueError(f"{where}: unknown id {name!r}; expected one of {sorted(known)}")
