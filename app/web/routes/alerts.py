"""The alert queue and one alert, with the lifecycle actions (研判 → 转办 → 回应 → 整改跟踪 → 办结)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from alerts import AlertNotFoundError, AlertRecord, AlertsError, AlertService, AlertState, Level
from app.web.alerts_view import (
    ACTION_LABELS,
    DEADLINE_FILTERS,
    AlertFilter,
    QueueRow,
    queue,
    refusal_message,
    state_label,
)
from app.web.auth import CanActOnAlerts, CanViewAlerts, Principal, services_of
from app.web.errors import InvalidInput, NotFound
from app.web.services import Services
from app.web.templating import render

router = APIRouter(include_in_schema=False)
LIFECYCLE_ACTIONS = ("ack", "assign", "respond", "follow-up", "close")
NOTE = Annotated[str, Form(max_length=2000)]


def unavailable(request: Request, services: Services) -> HTMLResponse:
    reason = services.problems.get("alerts", "")
    message = "预警模块未能启动，暂时无法查看和处置预警。" + (f"（{reason}）" if reason else "")
    return render(request, "unavailable.html", {"title": "预警处置", "message": message})


@router.get("/alerts")
def alerts_page(request: Request, principal: CanViewAlerts) -> HTMLResponse:
    services = services_of(request)
    if services.alerts is None or services.alert_database is None:
        return unavailable(request, services)
    wanted = AlertFilter.from_params(request.query_params)
    rows = queue(services.alerts, services.alert_database, wanted, datetime.now(UTC))
    context = {
        "rows": rows,
        "wanted": wanted,
        "levels": list(Level),
        "states": list(AlertState),
        "deadline_filters": DEADLINE_FILTERS,
        "overdue": sum(r.overdue for r in rows),
    }
    return render(request, "alerts.html", context)


def load(services: Services, alert_id: int) -> AlertRecord:
    if services.alerts is None:
        raise NotFound("预警模块未启用。")
    try:
        return services.alerts.queries.get(alert_id)
    except AlertNotFoundError:
        raise NotFound("没有这条预警。") from None


def detail_context(services: Services, alert_id: int, now: datetime) -> dict[str, Any]:
    assert services.alerts is not None
    detail = services.alerts.queries.detail(alert_id)
    alert = detail.alert
    coverage = (
        services.alerts.queries.coverage_since(alert_id, alert.responded_at) if alert.responded_at else None
    )
    return {
        "detail": detail,
        "alert": alert,
        "row": QueueRow(alert, detail.deadlines, now),
        "coverage": coverage,
        "action_labels": ACTION_LABELS,
        "state_label": state_label,
    }


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, principal: CanViewAlerts, alert_id: int, done: str = "") -> HTMLResponse:
    services = services_of(request)
    load(services, alert_id)
    context = detail_context(services, alert_id, datetime.now(UTC))
    context.update(notice=f"已{ACTION_LABELS[done]}。" if done in LIFECYCLE_ACTIONS else "", error="")
    return render(request, "alert.html", context)


@dataclass(frozen=True)
class ActionInput:
    """What a lifecycle action was given (a form or an API body); which fields matter depends on it."""

    note: str = ""
    assignee: str = ""
    url: str = ""
    use_candidate: bool = False
    deadlines: tuple[str, ...] | None = None  # None: every deadline that is not explicit


def perform(
    request: Request, principal: Principal, alert_id: int, action: str, given: ActionInput
) -> Response:
    """Run one lifecycle action as the user; a refusal re-renders the alert with the reason."""
    services = services_of(request)
    load(services, alert_id)
    assert services.alerts is not None
    now = datetime.now(UTC)
    try:
        run_action(services.alerts, alert_id, action, actor=principal.user.username, now=now, given=given)
    except (AlertsError, InvalidInput) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else refusal_message(exc)
        context = {**detail_context(services, alert_id, now), "notice": "", "error": message}
        return render(request, "alert.html", context, 409 if isinstance(exc, AlertsError) else 400)
    return RedirectResponse(f"/alerts/{alert_id}?done={action}", status_code=303)


def run_action(
    service: AlertService, alert_id: int, action: str, *, actor: str, now: datetime, given: ActionInput
) -> AlertRecord:
    """Check the input (Chinese messages) and call the lifecycle."""
    life = service.lifecycle
    note = given.note.strip()
    if action == "ack":
        return life.acknowledge(alert_id, actor=actor, now=now, note=note)
    if action == "assign":
        if not given.assignee.strip():
            raise InvalidInput("请填写转办对象（单位或责任人）。")
        return life.assign(alert_id, given.assignee.strip(), actor=actor, now=now, note=note)
    if action == "respond":
        if not given.use_candidate and not given.url.strip().lower().startswith(("http://", "https://")):
            raise InvalidInput("请填写官方回应的 http(s) 链接，或确认系统发现的回应。")
        kinds = list(given.deadlines) if given.deadlines is not None else None
        url = given.url.strip() or None
        return life.respond(
            alert_id,
            url,
            actor=actor,
            now=now,
            note=note,
            use_candidate=given.use_candidate,
            deadline_kinds=kinds,
        )
    if action == "follow-up":
        return life.follow_up(alert_id, actor=actor, now=now, note=note)
    current = service.queries.get(alert_id)
    if current.state in (AlertState.NEW, AlertState.ACKNOWLEDGED, AlertState.ASSIGNED) and not note:
        raise InvalidInput("尚未记录回应就办结时，请在备注中说明原因。")
    return life.close(alert_id, actor=actor, now=now, note=note)


@router.post("/alerts/{alert_id}/ack")
def acknowledge(request: Request, principal: CanActOnAlerts, alert_id: int, note: NOTE = "") -> Response:
    return perform(request, principal, alert_id, "ack", ActionInput(note=note))


@router.post("/alerts/{alert_id}/assign")
def assign(
    request: Request,
    principal: CanActOnAlerts,
    alert_id: int,
    assignee: Annotated[str, Form(max_length=200)] = "",
    note: NOTE = "",
) -> Response:
    return perform(request, principal, alert_id, "assign", ActionInput(note=note, assignee=assignee))


@router.post("/alerts/{alert_id}/respond")
def record_response(
    request: Request,
    principal: CanActOnAlerts,
    alert_id: int,
    url: Annotated[str, Form(max_length=4096)] = "",
    use_candidate: Annotated[str, Form(max_length=5)] = "",
    deadline: Annotated[list[str] | None, Form()] = None,
    note: NOTE = "",
) -> Response:
    given = ActionInput(
        note=note, url=url, use_candidate=use_candidate == "1", deadlines=tuple(deadline or ())
    )
    return perform(request, principal, alert_id, "respond", given)


@router.post("/alerts/{alert_id}/follow-up")
def follow_up(request: Request, principal: CanActOnAlerts, alert_id: int, note: NOTE = "") -> Response:
    return perform(request, principal, alert_id, "follow-up", ActionInput(note=note))


@router.post("/alerts/{alert_id}/close")
def close(request: Request, principal: CanActOnAlerts, alert_id: int, note: NOTE = "") -> Response:
    return perform(request, principal, alert_id, "close", ActionInput(note=note))
