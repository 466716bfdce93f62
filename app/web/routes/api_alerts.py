"""The alert queue in the JSON API: list, one alert, and lifecycle actions for other systems."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from alerts import AlertRecord, AlertsError, TransitionRecord
from app.web.alerts_view import AlertFilter, QueueRow, queue, refusal_message
from app.web.api_models import AlertActionIn, AlertDetailOut, AlertOut, DeadlineOut, TransitionOut
from app.web.auth import CanActOnAlerts, CanViewAlerts, services_of
from app.web.errors import Conflict, ModuleUnavailable
from app.web.routes.alerts import ActionInput, load, run_action
from app.web.services import Services

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"])
Action = Literal["ack", "assign", "respond", "follow-up", "close"]


def alert_out(row: QueueRow) -> AlertOut:
    a = row.alert
    return AlertOut(
        id=a.id,
        event_id=a.event_id,
        title=a.title,
        level=a.level.name,
        level_label=a.level.label_zh,
        state=a.state.value,
        state_label=a.state.label_zh,
        scope=a.scope.value,
        area_code=a.route.area_code,
        office=a.route.office.name,
        department=a.route.department.name if a.route.department else None,
        item_count=a.item_count,
        opened_at=a.opened_at,
        last_item_at=a.last_item_at,
        assignee=a.assignee,
        response_url=a.response_url,
        responded_at=a.responded_at,
        overdue=row.overdue,
        deadlines=[
            DeadlineOut(
                kind=d.kind, label=d.label, due_at=d.due_at, met_at=d.met_at, overdue=d.is_overdue(row.now)
            )
            for d in row.deadlines
        ],
    )


def ready(services: Services) -> None:
    if services.alerts is None or services.alert_database is None:
        raise ModuleUnavailable("预警模块未能启动。")


@router.get("", response_model=list[AlertOut], summary="预警队列（级别、状态、地区、期限筛选）")
def list_alerts(
    request: Request,
    principal: CanViewAlerts,
    level: Annotated[list[str], Query(description="I、II、III、IV，可多选")] = [],  # noqa: B006
    state: Annotated[
        list[str], Query(description="new、acknowledged、assigned、responded、follow_up、closed")
    ] = [],  # noqa: B006
    region: Annotated[str, Query(description="2/4/6 位地区代码前缀")] = "",
    deadline: Annotated[str, Query(description="overdue、24h 或 met")] = "",
) -> list[AlertOut]:
    services = services_of(request)
    ready(services)
    assert services.alerts is not None and services.alert_database is not None
    rows = queue(
        services.alerts,
        services.alert_database,
        AlertFilter.from_params(request.query_params),
        datetime.now(UTC),
    )
    return [alert_out(row) for row in rows]


def detail_out(services: Services, alert_id: int) -> AlertDetailOut:
    assert services.alerts is not None
    detail = services.alerts.queries.detail(alert_id)
    base = alert_out(QueueRow(detail.alert, detail.deadlines, datetime.now(UTC)))
    return AlertDetailOut(
        **base.model_dump(),
        transitions=[transition_out(t) for t in detail.transitions],
        representative_doc_ids=list(detail.alert.snapshot.representative_doc_ids),
    )


def transition_out(t: TransitionRecord) -> TransitionOut:
    return TransitionOut(
        action=t.action, from_state=t.from_state, to_state=t.to_state, actor=t.actor, at=t.at, note=t.note
    )


@router.get("/{alert_id}", response_model=AlertDetailOut, summary="一条预警（含期限和处置记录）")
def get_alert(request: Request, principal: CanViewAlerts, alert_id: int) -> AlertDetailOut:
    services = services_of(request)
    ready(services)
    load(services, alert_id)
    return detail_out(services, alert_id)


@router.post(
    "/{alert_id}/{action}",
    response_model=AlertDetailOut,
    summary="处置预警：ack、assign、respond、follow-up、close",
)
def act(
    request: Request, principal: CanActOnAlerts, alert_id: int, action: Action, body: AlertActionIn
) -> AlertDetailOut:
    services = services_of(request)
    ready(services)
    load(services, alert_id)
    assert services.alerts is not None
    given = ActionInput(
        note=body.note,
        assignee=body.assignee,
        url=body.url,
        use_candidate=body.use_candidate,
        deadlines=tuple(body.deadlines) if body.deadlines is not None else None,
    )
    record: AlertRecord
    try:
        actor = principal.user.username
        record = run_action(
            services.alerts, alert_id, action, actor=actor, now=datetime.now(UTC), given=given
        )
    except AlertsError as exc:
        raise Conflict(refusal_message(exc)) from exc
    return detail_out(services, record.id)
