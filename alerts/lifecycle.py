"""The alert lifecycle: new → acknowledged (研判) → assigned (转办) → responded (回应) → follow_up
(整改跟踪) → closed. Every transition records who, when and a note.

=========  ==========================================  ============================================
action     allowed from                                to
=========  ==========================================  ============================================
ack        new                                         acknowledged
assign     acknowledged, assigned (re-assign)          assigned (the assignee is notified)
respond    acknowledged, assigned, responded,          responded (follow_up stays follow_up); needs
           follow_up                                   an http(s) link or the detected candidate;
                                                       meets the open deadlines
follow_up  responded                                   follow_up (coverage keeps being tracked)
close      any open state                              closed; a note is required unless responded
=========  ==========================================  ============================================

A transition is an ``UPDATE … WHERE state = <expected>``: two people acting at once cannot both win.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, update

from alerts.database import AlertDatabase
from alerts.deadlines import DeadlinePlanner
from alerts.errors import AlertsError, InvalidTransitionError
from alerts.notifier import Notifier
from alerts.records import OPEN_STATES, AlertRecord, AlertState
from alerts.rows import load_alert, record_transition
from alerts.tables import alerts

logger = logging.getLogger(__name__)

S = AlertState


@dataclass(frozen=True)
class Action:
    name: str
    allowed_from: tuple[AlertState, ...]
    to: AlertState
    hint: str = ""


ACK = Action("ack", (S.NEW,), S.ACKNOWLEDGED)
ASSIGN = Action("assign", (S.ACKNOWLEDGED, S.ASSIGNED), S.ASSIGNED, "acknowledge it first (alerts ack)")
RESPOND = Action(
    "respond",
    (S.ACKNOWLEDGED, S.ASSIGNED, S.RESPONDED, S.FOLLOW_UP),
    S.RESPONDED,
    "acknowledge it first (alerts ack)",
)
FOLLOW_UP = Action("follow-up", (S.RESPONDED,), S.FOLLOW_UP, "record the response first (alerts respond)")
CLOSE = Action("close", OPEN_STATES, S.CLOSED)


class AlertLifecycle:
    """Performs lifecycle actions (see the module docstring); each returns the updated alert."""

    def __init__(self, database: AlertDatabase, planner: DeadlinePlanner, notifier: Notifier) -> None:
        self.database = database
        self.planner = planner
        self.notifier = notifier

    def acknowledge(self, alert_id: int, *, actor: str, now: datetime, note: str = "") -> AlertRecord:
        return self._perform(alert_id, ACK, actor=actor, now=now, note=note)

    def assign(
        self, alert_id: int, assignee: str, *, actor: str, now: datetime, note: str = ""
    ) -> AlertRecord:
        if not assignee.strip():
            raise AlertsError("assign needs an assignee (an office or a person)")
        with self.database.begin() as conn:
            alert = self._transition(
                conn, alert_id, ASSIGN, actor, now, note, {"assignee": assignee}, assignee=assignee
            )
            self.notifier.notify(conn, alert, "assigned", now, note=note)
            return alert

    def respond(
        self,
        alert_id: int,
        url: str | None,
        *,
        actor: str,
        now: datetime,
        note: str = "",
        use_candidate: bool = False,
        deadline_kinds: Sequence[str] | None = None,
    ) -> AlertRecord:
        """Record the official response (its link, or the detected candidate) and meet deadlines."""
        with self.database.begin() as conn:
            current = load_alert(conn, alert_id)
            link = _response_link(current, url, use_candidate)
            met = self.planner.meet(conn, alert_id, deadline_kinds, now)  # rolled back if not allowed
            data = {"url": link, "deadlines_met": met}
            values: dict[str, Any] = {"response_url": link, "candidate_doc_id": None, "candidate_url": None}
            if current.responded_at is None:
                values["responded_at"] = now
            to = S.FOLLOW_UP if current.state is S.FOLLOW_UP else S.RESPONDED
            return self._transition(conn, alert_id, RESPOND, actor, now, note, data, target=to, **values)

    def follow_up(self, alert_id: int, *, actor: str, now: datetime, note: str = "") -> AlertRecord:
        return self._perform(alert_id, FOLLOW_UP, actor=actor, now=now, note=note)

    def close(self, alert_id: int, *, actor: str, now: datetime, note: str = "") -> AlertRecord:
        with self.database.begin() as conn:
            current = load_alert(conn, alert_id)
            if current.state in (S.NEW, S.ACKNOWLEDGED, S.ASSIGNED) and not note.strip():
                raise AlertsError(
                    f"closing alert #{alert_id} without a recorded response needs a note saying why (--note)"
                )
            return self._transition(conn, alert_id, CLOSE, actor, now, note, {}, closed_at=now)

    def _perform(self, alert_id: int, action: Action, *, actor: str, now: datetime, note: str) -> AlertRecord:
        with self.database.begin() as conn:
            return self._transition(conn, alert_id, action, actor, now, note, {})

    def _transition(
        self,
        conn: Connection,
        alert_id: int,
        action: Action,
        actor: str,
        now: datetime,
        note: str,
        data: dict[str, Any],
        *,
        target: AlertState | None = None,
        **values: Any,
    ) -> AlertRecord:
        current = load_alert(conn, alert_id)
        allowed = tuple(s.value for s in action.allowed_from)
        if current.state not in action.allowed_from:
            raise InvalidTransitionError(alert_id, action.name, current.state.value, allowed, action.hint)
        to = target or action.to
        result = conn.execute(
            update(alerts)
            .where(alerts.c.id == alert_id, alerts.c.state == current.state.value)
            .values(state=to.value, updated_at=now, **values)
        )
        if result.rowcount != 1:  # changed by someone else since it was read
            raise InvalidTransitionError(
                alert_id, action.name, load_alert(conn, alert_id).state.value, allowed
            )
        record_transition(
            conn,
            alert_id,
            action.name,
            current.state.value,
            to.value,
            actor=actor,
            at=now,
            note=note,
            data=data,
        )
        logger.info(
            "alert %d: %s by %s (%s → %s)", alert_id, action.name, actor, current.state.value, to.value
        )
        return load_alert(conn, alert_id)


def _response_link(alert: AlertRecord, url: str | None, use_candidate: bool) -> str:
    if use_candidate:
        if not alert.candidate_url:
            raise AlertsError(
                f"alert #{alert.id} has no detected response to confirm; give the response's link"
            )
        return alert.candidate_url
    if not url:
        raise AlertsError(
            "respond needs the official response's link (or --candidate to confirm the detected one)"
        )
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise AlertsError(f"the response link must be an http(s) URL, got {url!r}")
    return url
