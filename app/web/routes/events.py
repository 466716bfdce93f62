"""Hotspots (events ranked by heat in a period, with trends) and the event page."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.auth import CanSearch, services_of
from app.web.errors import InvalidInput, NotFound
from app.web.event_view import PERIODS, event_view, hotspots_view
from app.web.routes.documents import related_alerts
from app.web.services import Services
from app.web.templating import render
from indexer.fields import normalize_region_prefix
from nlp.events import EventStore, HeatIndex

router = APIRouter(include_in_schema=False)


def event_store(services: Services) -> EventStore | None:
    return services.events


def period_end(services: Services, end: str) -> datetime:
    """The end of the chosen day (exclusive), or now."""
    if not end:
        return datetime.now(UTC)
    try:
        day = date.fromisoformat(end)
    except ValueError:
        raise InvalidInput("截止日期格式应为 YYYY-MM-DD。") from None
    return datetime.combine(day + timedelta(days=1), time.min, services.settings.tz)


def region_code(region: str) -> str | None:
    if not region:
        return None
    try:
        return normalize_region_prefix(region).ljust(6, "0")
    except ValueError:
        raise InvalidInput("地区代码应为 2、4 或 6 位数字。") from None


@router.get("/hotspots")
def hotspots_page(
    request: Request,
    principal: CanSearch,
    period: str = "7d",
    end: str = "",
    region: str = "",
    topic: str = "",
) -> HTMLResponse:
    services = services_of(request)
    if period not in PERIODS:
        raise InvalidInput("时间范围无效。")
    context = {
        "period": period,
        "periods": PERIODS,
        "end": end,
        "region": region,
        "topic": topic[:64],
        "view": None,
    }
    if services.events is None:
        return render(
            request, "hotspots.html", {**context, "unavailable": services.problems.get("events", "")}
        )
    view = hotspots_view(
        services.events,
        HeatIndex.from_settings(services.settings),
        period,
        period_end(services, end),
        limit=services.settings.web.hotspots_limit,
        region=region_code(region),
        topic=topic or None,
        tz=services.settings.tz,
    )
    return render(request, "hotspots.html", {**context, "view": view, "unavailable": ""})


@router.get("/events/{event_id}")
def event_page(request: Request, principal: CanSearch, event_id: str) -> HTMLResponse:
    services = services_of(request)
    if services.events is None:
        raise NotFound("事件库不可用。")
    state = services.events.events_by_id([event_id[:40]]).get(event_id[:40])
    if state is None:
        raise NotFound("没有这个事件。")
    heat = HeatIndex.from_settings(services.settings)
    view = event_view(services.events, services.store, heat, state, datetime.now(UTC), services.settings.tz)
    return render(request, "event.html", {"view": view, "alerts": related_alerts(services, state.id)})
