"""Rules → alerts: one alert per event, opened when a rule fires, escalated when the level rises,
updated (new items, peaks, official responses, a change of office) as coverage continues.

Everything an evaluation changes — the alert row, its items, history, deadlines and the outbox
messages announcing it — is written in one transaction. Levels never fall automatically: an
event that cools down keeps the level it reached (analysts close alerts).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from alerts.assessment import Assessment, Assessor
from alerts.database import AlertDatabase
from alerts.deadlines import DeadlinePlanner
from alerts.levels import Level
from alerts.notice_policy import NoticePolicy
from alerts.notifier import Notifier, pending_notice_kind
from alerts.records import AWAITING_RESPONSE, AlertRecord, AlertState
from alerts.rows import (
    SYSTEM_ACTOR,
    add_items,
    insert_alert,
    item_ids,
    load_alert,
    load_alert_by_event,
    record_transition,
    record_update,
    update_alert,
)
from alerts.snapshot import EventSnapshot, SnapshotBuilder, fetch_event_documents
from config.models.alerts import UpdatePolicy
from indexer.document import Document
from indexer.store import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvaluationOutcome:
    """What evaluating one event did: ``action`` is one of ``opened``, ``updated``, ``unchanged``,
    ``quiet`` (no rule fires, no alert), ``closed`` (the alert is closed) or ``no_documents``."""

    event_id: str
    action: str
    alert_id: int | None = None
    changes: tuple[str, ...] = ()
    assessment: Assessment | None = field(default=None, repr=False)


class AlertEvaluator:
    """Evaluates events into alerts (see the module docstring)."""

    def __init__(
        self,
        database: AlertDatabase,
        store: Store,
        builder: SnapshotBuilder,
        assessor: Assessor,
        planner: DeadlinePlanner,
        policy: NoticePolicy,
        notifier: Notifier,
        update_policy: UpdatePolicy,
        *,
        detect_responses: bool = True,
    ) -> None:
        self.database = database
        self.store = store
        self.builder = builder
        self.assessor = assessor
        self.planner = planner
        self.policy = policy
        self.notifier = notifier
        self.update_policy = update_policy
        self.detect_responses = detect_responses

    def evaluate_event(self, event_id: str, now: datetime, *, title: str | None = None) -> EvaluationOutcome:
        """Evaluate one event as of ``now`` (``title``: the event's title if NLP has one)."""
        documents = list(fetch_event_documents(self.store, event_id))
        if not documents:
            return EvaluationOutcome(event_id, "no_documents")
        snapshot = self.builder.build(event_id, documents, now, title=title)
        assessment = self.assessor.assess(snapshot, documents)
        try:
            return self._apply(assessment, documents, now)
        except IntegrityError:  # another worker opened this event's alert at the same moment
            logger.info("event %s: alert opened concurrently; applying as an update", event_id)
            return self._apply(assessment, documents, now)

    def _apply(
        self, assessment: Assessment, documents: Sequence[Document], now: datetime
    ) -> EvaluationOutcome:
        """Open, update or leave the event's alert, in one transaction."""
        event_id = assessment.snapshot.event_id
        with self.database.begin() as conn:
            alert = load_alert_by_event(conn, event_id)
            if alert is None:
                if assessment.level is None:
                    return EvaluationOutcome(event_id, "quiet", assessment=assessment)
                alert_id = self._open(conn, assessment, documents, now)
                return EvaluationOutcome(event_id, "opened", alert_id, ("opened",), assessment)
            if not alert.is_open:
                return EvaluationOutcome(event_id, "closed", alert.id, assessment=assessment)
            changes = self._update(conn, alert, assessment, documents, now)
        action = "updated" if changes else "unchanged"
        return EvaluationOutcome(event_id, action, alert.id, tuple(changes), assessment)

    def evaluate_events(self, event_ids: Sequence[str], now: datetime) -> list[EvaluationOutcome]:
        return [self.evaluate_event(event_id, now) for event_id in dict.fromkeys(event_ids)]

    # opening --------------------------------------------------------------------------------
    def _open(
        self, conn: Connection, assessment: Assessment, documents: Sequence[Document], now: datetime
    ) -> int:
        level = assessment.level
        assert level is not None
        snapshot = assessment.snapshot
        alert_id = insert_alert(conn, self._new_alert_values(assessment, level, now))
        add_items(conn, alert_id, documents, {i.doc_id for i in snapshot.official_items}, now)
        note = "规则触发：" + "、".join(assessment.rule_ids)
        record_transition(conn, alert_id, "open", None, "new", actor=SYSTEM_ACTOR, at=now, note=note)
        _history(conn, alert_id, "opened", level, snapshot, now, note, _assessment_data(assessment))
        self.planner.add_for_level(conn, alert_id, level, now)
        alert = load_alert(conn, alert_id)
        if self.policy.send_at_once(level, now):
            self.notifier.notify(conn, alert, "opened", now)
        else:
            update_alert(conn, alert_id, pending_since=now, pending_kinds=["opened"])
        logger.info("alert %d opened for event %s at level %s", alert_id, snapshot.event_id, level.name)
        return alert_id

    def _new_alert_values(self, assessment: Assessment, level: Level, now: datetime) -> dict[str, Any]:
        snapshot = assessment.snapshot
        candidate = snapshot.official_items[-1] if snapshot.official_items and self.detect_responses else None
        return {
            **self._assessed_values(assessment, now),
            "event_id": snapshot.event_id,
            "state": AlertState.NEW.value,
            "level": int(level),
            "peak_velocity": snapshot.velocity,
            "opened_at": now,
            "last_item_at": now,
            "pending_kinds": [],
            "escalation_step": 0,
            "candidate_doc_id": candidate.doc_id if candidate else None,
            "candidate_url": candidate.url if candidate else None,
        }

    def _assessed_values(self, assessment: Assessment, now: datetime) -> dict[str, Any]:
        snapshot = assessment.snapshot
        return {
            "title": snapshot.title,
            "score": assessment.scored.score,
            "scope": assessment.route.scope.value,
            "rule_ids": list(assessment.rule_ids),
            "route": assessment.route.to_json(),
            "rule_channels": list(assessment.rule_channels),
            "snapshot": snapshot.to_json(),
            "item_count": snapshot.item_count,
            "updated_at": now,
        }

    # updating -------------------------------------------------------------------------------
    def _update(
        self,
        conn: Connection,
        alert: AlertRecord,
        assessment: Assessment,
        documents: Sequence[Document],
        now: datetime,
    ) -> list[str]:
        known = item_ids(conn, alert.id)
        new_docs = [d for d in documents if d.id not in known]
        changes = self._record_new_items(conn, alert, assessment, new_docs, now)
        changes += self._record_peak(conn, alert, assessment, now)
        changes += self._record_reroute(conn, alert, assessment, now)
        escalated = assessment.level is not None and assessment.level.more_severe_than(alert.level)
        values = self._refreshed_values(alert, assessment, now)
        if escalated:
            changes.append("escalated")
        elif not new_docs and not changes:
            return []
        update_alert(conn, alert.id, **values)
        if escalated:
            self._escalate(conn, alert, assessment, now)
        self._note_pending(conn, alert.id, changes, now)
        return changes

    def _refreshed_values(self, alert: AlertRecord, assessment: Assessment, now: datetime) -> dict[str, Any]:
        values = self._assessed_values(assessment, now)
        values["rule_ids"] = list(dict.fromkeys([*alert.rule_ids, *assessment.rule_ids]))
        values["rule_channels"] = list(dict.fromkeys([*alert.rule_channels, *assessment.rule_channels]))
        values["peak_velocity"] = max(alert.peak_velocity, assessment.snapshot.velocity)
        if assessment.level is None or not assessment.level.more_severe_than(alert.level):
            values["score"] = max(alert.score, assessment.scored.score)
            if assessment.route.office.region == alert.route.office.region:
                values["route"] = alert.route.to_json()  # keep the office (and escalation chain) as is
        else:
            values["level"] = int(assessment.level)
        return values

    def _record_new_items(
        self,
        conn: Connection,
        alert: AlertRecord,
        assessment: Assessment,
        new_docs: Sequence[Document],
        now: datetime,
    ) -> list[str]:
        if not new_docs:
            return []
        snapshot = assessment.snapshot
        official = {i.doc_id for i in snapshot.official_items}
        add_items(conn, alert.id, new_docs, official, now)
        data = {"doc_ids": [d.id for d in new_docs]}
        _history(conn, alert.id, "items", alert.level, snapshot, now, f"{len(new_docs)} new item(s)", data)
        update_alert(conn, alert.id, last_item_at=now)
        new_official = [d for d in new_docs if d.id in official]
        if new_official and self.detect_responses and alert.state in AWAITING_RESPONSE:
            self._offer_response(conn, alert, assessment, new_official, now)
            return ["items", "response_candidate"]
        return ["items"]

    def _offer_response(
        self,
        conn: Connection,
        alert: AlertRecord,
        assessment: Assessment,
        official: Sequence[Document],
        now: datetime,
    ) -> None:
        """An official item joined the event: offer it as the response, for a person to confirm."""
        latest = max(official, key=lambda d: d.published_at)
        update_alert(conn, alert.id, candidate_doc_id=latest.id, candidate_url=latest.url)
        data = {"doc_id": latest.id, "url": latest.url}
        _history(
            conn, alert.id, "response_candidate", alert.level, assessment.snapshot, now, latest.title, data
        )

    def _record_peak(
        self, conn: Connection, alert: AlertRecord, assessment: Assessment, now: datetime
    ) -> list[str]:
        velocity = assessment.snapshot.velocity
        threshold = max(
            self.update_policy.min_peak_velocity, alert.peak_velocity * self.update_policy.peak_factor
        )
        if velocity < threshold or velocity <= 0:
            return []
        summary = f"{velocity:.1f} items/hour"
        _history(
            conn, alert.id, "peak", alert.level, assessment.snapshot, now, summary, {"velocity": velocity}
        )
        return ["peak"]

    def _record_reroute(
        self, conn: Connection, alert: AlertRecord, assessment: Assessment, now: datetime
    ) -> list[str]:
        old, new = alert.route.office, assessment.route.office
        if old.region == new.region:
            return []
        data = {"from": old.region, "to": new.region}
        _history(
            conn,
            alert.id,
            "rerouted",
            alert.level,
            assessment.snapshot,
            now,
            f"{old.name} → {new.name}",
            data,
        )
        return ["rerouted"]

    def _escalate(self, conn: Connection, alert: AlertRecord, assessment: Assessment, now: datetime) -> None:
        level = assessment.level
        assert level is not None
        summary = f"{alert.level.name} → {level.name}"
        _history(
            conn,
            alert.id,
            "escalated",
            level,
            assessment.snapshot,
            now,
            summary,
            _assessment_data(assessment),
        )
        self.planner.add_for_level(conn, alert.id, level, now)
        logger.info("alert %d escalated %s → %s", alert.id, alert.level.name, level.name)

    def _note_pending(self, conn: Connection, alert_id: int, changes: list[str], now: datetime) -> None:
        alert = load_alert(conn, alert_id)
        kinds = list(dict.fromkeys([*alert.pending_kinds, *changes]))
        update_alert(conn, alert_id, pending_since=alert.pending_since or now, pending_kinds=kinds)
        alert = load_alert(conn, alert_id)
        if (
            "escalated" in changes and self.policy.send_at_once(alert.level, now)
        ) or self.policy.update_ready(alert, now):
            self.notifier.notify(conn, alert, pending_notice_kind(alert), now)


def _history(
    conn: Connection,
    alert_id: int,
    kind: str,
    level: Level,
    snapshot: EventSnapshot,
    now: datetime,
    summary: str,
    data: dict[str, Any] | None = None,
) -> None:
    """Append to the alert's history (alert_updates)."""
    record_update(
        conn, alert_id, kind, level=level, item_count=snapshot.item_count, at=now, summary=summary, data=data
    )


def _assessment_data(assessment: Assessment) -> dict[str, Any]:
    scored = assessment.scored
    return {
        "rules": list(assessment.rule_ids),
        "score": scored.score,
        "factors": {
            "negativity": round(scored.negativity, 4),
            "spread": round(scored.spread, 4),
            "sensitivity": round(scored.sensitivity, 4),
            "scope": round(scored.scope, 4),
        },
        "scope": assessment.route.scope.value,
        "office": assessment.route.office.name,
    }
