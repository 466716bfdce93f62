"""One event judged against every rule: its scored level, the rules it fires and its route.

The same code serves live evaluation and back-testing, so a replay reports what production would do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alerts.levels import Level, LevelAssessment, SeveritySignals, assess_level
from alerts.routing import Route, Router
from alerts.rules import CompiledRule, RuleVerdict
from alerts.sensitivity import SensitiveTermScanner
from alerts.snapshot import EventSnapshot
from config.models.alerts import Scoring
from indexer.document import Document


@dataclass(frozen=True)
class Assessment:
    """The verdicts of all rules on an event; ``level`` is None when no rule fires."""

    snapshot: EventSnapshot
    scored: LevelAssessment
    verdicts: tuple[RuleVerdict, ...]
    route: Route
    rule_channels: tuple[str, ...]

    @property
    def fired(self) -> tuple[RuleVerdict, ...]:
        return tuple(v for v in self.verdicts if v.fired)

    @property
    def level(self) -> Level | None:
        fired = self.fired
        return Level.most_severe(v.level for v in fired) if fired else None

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(v.rule_id for v in self.fired)


class Assessor:
    """Scores events, applies the rules and routes the ones that fire."""

    def __init__(
        self, rules: Sequence[CompiledRule], router: Router, scanner: SensitiveTermScanner, scoring: Scoring
    ) -> None:
        self.rules = list(rules)
        self.router = router
        self.scanner = scanner
        self.scoring = scoring

    def assess(self, snapshot: EventSnapshot, documents: Sequence[Document]) -> Assessment:
        scope, _ = self.router.scope(snapshot)
        signals = SeveritySignals(
            negative_share=snapshot.negative_share,
            items=snapshot.item_count,
            sources=len(snapshot.sources),
            velocity=snapshot.velocity,
            heat=snapshot.heat,
            sensitivity_weight=self.scanner.weight(snapshot.sensitive),
            scope=scope,
        )
        scored = assess_level(signals, self.scoring)
        verdicts = tuple(rule.judge(snapshot, documents, scored.level) for rule in self.rules)
        fired = {v.rule_id for v in verdicts if v.fired}
        fired_rules = [r.rule for r in self.rules if r.id in fired]
        department = next((r.department for r in fired_rules if r.department), None)
        extra_regions = list(dict.fromkeys(code for r in fired_rules for code in r.extra_offices))
        route = self.router.route(snapshot, department=department, extra_regions=extra_regions)
        channels = tuple(dict.fromkeys(c for r in fired_rules for c in r.channels))
        return Assessment(snapshot, scored, verdicts, route, channels)
