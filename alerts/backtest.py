"""Back-testing: replay rules over indexed history and report what would have fired, at which level, when.

Documents published in [since, until) are read from the Store, grouped by ``event_id`` (as NLP assigned
them — with hindsight, so an event is whole from its first item) and replayed in publication order:
after each item the event is snapshotted as of that item's time and assessed with the same code as
live evaluation (:class:`alerts.assessment.Assessor`). Nothing is written and nothing is sent.
Update pacing (debounce, quiet hours, batching) is not simulated: it changes when people are told,
not whether or at which level an alert fires.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from alerts.assessment import Assessment, Assessor
from alerts.levels import Level
from alerts.sensitivity import SensitiveHits
from alerts.snapshot import SnapshotBuilder
from indexer.document import Document
from indexer.store import SearchFilters, SearchRequest, SortOrder, Store

logger = logging.getLogger(__name__)

_PAGE = 1000
_MAX_OFFSET = 100_000


@dataclass
class BacktestFiring:
    """An alert the rules would have opened."""

    event_id: str
    title: str
    fired_at: datetime
    level: Level
    rule_ids: tuple[str, ...]
    items_at_fire: int
    score: float
    scope: str
    office: str
    sensitive: tuple[str, ...]
    escalations: list[tuple[datetime, Level]] = field(default_factory=list)
    items_total: int = 0

    @property
    def final_level(self) -> Level:
        return self.escalations[-1][1] if self.escalations else self.level


@dataclass
class BacktestReport:
    since: datetime
    until: datetime
    rule_ids: tuple[str, ...]
    documents: int = 0
    events: int = 0
    firings: list[BacktestFiring] = field(default_factory=list)

    def count_by_level(self) -> dict[str, int]:
        counts = {level.name: 0 for level in Level}
        for firing in self.firings:
            counts[firing.final_level.name] += 1
        return counts

    def count_by_rule(self) -> dict[str, int]:
        counts = dict.fromkeys(self.rule_ids, 0)
        for firing in self.firings:
            for rule_id in firing.rule_ids:
                counts[rule_id] = counts.get(rule_id, 0) + 1
        return counts


class Backtester:
    """Replays history through a builder and an assessor (build them from the rules under test)."""

    def __init__(self, builder: SnapshotBuilder, assessor: Assessor) -> None:
        self.builder = builder
        self.assessor = assessor
        for rule in assessor.rules:
            rule.enable_cache()

    def run(self, store: Store, since: datetime, until: datetime) -> BacktestReport:
        report = BacktestReport(since, until, tuple(r.id for r in self.assessor.rules))
        events: dict[str, list[Document]] = defaultdict(list)
        for doc in documents_between(store, since, until):
            report.documents += 1
            if doc.event_id:
                events[doc.event_id].append(doc)
        report.events = len(events)
        for event_id in sorted(events, key=lambda e: min(d.published_at for d in events[e])):
            firing = self.replay_event(event_id, events[event_id])
            if firing is not None:
                report.firings.append(firing)
        return report

    def replay_event(self, event_id: str, documents: Sequence[Document]) -> BacktestFiring | None:
        """The event's alert as it would have unfolded, or None when no rule fires."""
        docs = sorted(documents, key=lambda d: (d.published_at, d.id))
        hits: dict[str, SensitiveHits] = {d.id: self.builder.scanner.scan(d) for d in docs}
        firing: BacktestFiring | None = None
        for end in _moments(docs):
            prefix = docs[:end]
            now = prefix[-1].published_at
            snapshot = self.builder.build(event_id, prefix, now, hits=hits)
            assessment = self.assessor.assess(snapshot, prefix)
            firing = _advance(firing, assessment, now)
        if firing is not None:
            firing.items_total = len(docs)
        return firing


def _advance(firing: BacktestFiring | None, assessment: Assessment, now: datetime) -> BacktestFiring | None:
    level = assessment.level
    if level is None:
        return firing
    if firing is None:
        snapshot = assessment.snapshot
        return BacktestFiring(
            event_id=snapshot.event_id,
            title=snapshot.title,
            fired_at=now,
            level=level,
            rule_ids=assessment.rule_ids,
            items_at_fire=snapshot.item_count,
            score=assessment.scored.score,
            scope=assessment.route.scope.value,
            office=assessment.route.office.name,
            sensitive=tuple(snapshot.sensitive),
        )
    if level.more_severe_than(firing.final_level):
        firing.escalations.append((now, level))
    return firing


def _moments(docs: Sequence[Document]) -> Iterator[int]:
    """Prefix lengths to evaluate: after each item, once per distinct publication time."""
    for index, doc in enumerate(docs):
        if index + 1 == len(docs) or docs[index + 1].published_at != doc.published_at:
            yield index + 1


def documents_between(store: Store, since: datetime, until: datetime) -> Iterator[Document]:
    """Documents published in [since, until), day by day, through the Store's search."""
    start = since
    while start < until:
        end = min(start + timedelta(days=1), until)
        yield from _window(store, start, end)
        start = end


def _window(store: Store, since: datetime, until: datetime) -> Iterator[Document]:
    offset = 0
    while offset <= _MAX_OFFSET:
        request = SearchRequest(
            filters=SearchFilters(since=since, until=until),
            sort=SortOrder.TIME,
            offset=offset,
            limit=_PAGE,
            highlight=False,
        )
        hits = store.search(request).hits
        yield from (hit.document for hit in hits)
        if len(hits) < _PAGE:
            return
        offset += _PAGE
    logger.warning(
        "more than %d documents on %s; the rest of that day is not replayed", _MAX_OFFSET, since.date()
    )
