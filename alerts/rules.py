"""Alert rules compiled for evaluation: which items a rule matches, and whether an event fires it.

An item matches a rule when the rule's query (the query language, evaluated in memory with
``indexer.query.matches``) and all its filters (topics, region prefixes, sentiments, source types)
hold. An event fires the rule when at least ``fire.min_matching_items`` of its items match and every
event threshold holds (items, sources, velocity, heat, negative share, sensitive categories, level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alerts.errors import AlertConfigError
from alerts.levels import Level, clamp_level
from alerts.snapshot import EventSnapshot
from config.models.alerts import AlertRule
from indexer.document import Document
from indexer.errors import QuerySyntaxError
from indexer.query import Analyzer, Node, matches, parse


@dataclass(frozen=True)
class RuleVerdict:
    """The outcome of one rule on one event; ``reasons`` say which thresholds failed."""

    rule_id: str
    fired: bool
    level: Level
    matching_doc_ids: tuple[str, ...]
    reasons: tuple[str, ...] = ()


class CompiledRule:
    """A parsed rule, ready to match documents and judge events."""

    def __init__(self, rule: AlertRule, analyzer: Analyzer) -> None:
        self.rule = rule
        self.analyzer = analyzer
        try:
            self.node: Node = parse(rule.query)
        except QuerySyntaxError as exc:
            raise AlertConfigError(
                f"alerts.yaml (rules → query): alert rule {rule.id!r}: invalid query: {exc}"
            ) from exc
        self._cache: dict[str, bool] | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    def enable_cache(self) -> None:
        """Remember each document's answer by id (for replays, where documents do not change)."""
        self._cache = {}

    def matches(self, doc: Document) -> bool:
        if self._cache is not None and doc.id in self._cache:
            return self._cache[doc.id]
        answer = self._filters_hold(doc) and matches(self.node, doc, self.analyzer)
        if self._cache is not None:
            self._cache[doc.id] = answer
        return answer

    def _filters_hold(self, doc: Document) -> bool:
        f = self.rule.filters
        return (
            (not f.topics or bool(set(f.topics) & set(doc.topics)))
            and (not f.regions or any(code.startswith(p) for code in doc.regions for p in f.regions))
            and (not f.sentiments or (doc.sentiment is not None and doc.sentiment.value in f.sentiments))
            and (not f.source_types or doc.source_type.value in f.source_types)
        )

    def judge(self, snapshot: EventSnapshot, documents: Sequence[Document], base_level: Level) -> RuleVerdict:
        """Whether the event fires this rule, and at which level (the scored level, clamped)."""
        matching = tuple(d.id for d in documents if self.matches(d))
        level = clamp_level(base_level, self.rule.level_floor, self.rule.level_cap)
        reasons = self._failed_thresholds(snapshot, len(matching), level)
        return RuleVerdict(self.id, not reasons, level, matching, tuple(reasons))

    def _failed_thresholds(self, snapshot: EventSnapshot, matching: int, level: Level) -> list[str]:
        fire = self.rule.fire
        checks = [
            (matching >= fire.min_matching_items, f"matching items {matching} < {fire.min_matching_items}"),
            (snapshot.item_count >= fire.min_items, f"items {snapshot.item_count} < {fire.min_items}"),
            (
                len(snapshot.sources) >= fire.min_sources,
                f"sources {len(snapshot.sources)} < {fire.min_sources}",
            ),
            (
                snapshot.velocity >= fire.min_velocity,
                f"velocity {snapshot.velocity:.2f}/h < {fire.min_velocity}",
            ),
            (snapshot.heat >= fire.min_heat, f"heat {snapshot.heat:.1f} < {fire.min_heat}"),
            (
                snapshot.negative_share >= fire.min_negative_share,
                f"negative share {snapshot.negative_share:.2f} < {fire.min_negative_share}",
            ),
            (
                not fire.sensitive_any or bool(set(fire.sensitive_any) & set(snapshot.sensitive)),
                f"none of the sensitive categories {fire.sensitive_any}",
            ),
            (
                not Level.from_name(fire.min_level).more_severe_than(level),
                f"level {level.name} below {fire.min_level}",
            ),
        ]
        return [reason for ok, reason in checks if not ok]


def compile_rules(rules: Sequence[AlertRule], analyzer: Analyzer) -> list[CompiledRule]:
    """The enabled rules, parsed (raises AlertConfigError naming the rule whose query is invalid)."""
    return [CompiledRule(rule, analyzer) for rule in rules if rule.enabled]
