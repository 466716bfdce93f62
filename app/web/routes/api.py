"""The JSON API (/api/v1) for other systems: the same reads as the pages, with the same role checks.
Authenticate with ``Authorization: Bearer <token>`` (or a console session for GET requests)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.web.api_models import (
    DigestFileOut,
    DigestOut,
    EventOut,
    FacetCount,
    Hit,
    HotspotOut,
    Me,
    SearchResponse,
    SourceOut,
    UserOut,
)
from app.web.auth import (
    CanManageUsers,
    CanReadDigests,
    CanSearch,
    CanUseAccount,
    CanViewSources,
    services_of,
)
from app.web.digests import list_digests
from app.web.errors import ModuleUnavailable, NotFound
from app.web.event_view import PERIODS, event_view
from app.web.roles import ROLE_PERMISSIONS
from app.web.routes.events import period_end, region_code
from app.web.routes.search import search_form
from app.web.routes.sources import source_rows
from app.web.search_view import facet_label
from nlp.events import HeatIndex, HotspotRanker

router = APIRouter(prefix="/api/v1", tags=["api"])
MultiValue = Annotated[list[str], Query()]


@router.get("/me", response_model=Me, summary="当前用户")
def me(principal: CanUseAccount) -> Me:
    user = principal.user
    permissions = sorted(p.value for p in ROLE_PERMISSIONS[user.role])
    return Me(
        username=user.username,
        display_name=user.display_name,
        role=user.role.value,
        role_label=user.role.label_zh,
        permissions=permissions,
    )


@router.get("/search", response_model=SearchResponse, summary="检索（检索式 + 筛选 + 分面）")
def search(
    request: Request,
    principal: CanSearch,
    q: Annotated[str, Query(description="检索式，例如 (雾霾 | PM2.5) 北京 -演习")] = "",
    since: Annotated[str, Query(description="起始日期 YYYY-MM-DD")] = "",
    until: Annotated[str, Query(description="截止日期 YYYY-MM-DD（含当天）")] = "",
    source: MultiValue = [],  # noqa: B006 - FastAPI copies defaults
    type: MultiValue = [],  # noqa: B006
    sentiment: MultiValue = [],  # noqa: B006
    topic: MultiValue = [],  # noqa: B006
    region: MultiValue = [],  # noqa: B006
    sort: Annotated[str, Query(pattern="^(relevance|time)$")] = "relevance",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> SearchResponse:
    services = services_of(request)
    form = search_form(request.query_params)
    size = services.settings.general.search_page_size
    result, _ = services.search.search(form.request(services.settings.tz, size))
    return SearchResponse(
        total=result.total,
        page=form.page,
        page_size=size,
        hits=[
            Hit(document=h.document, score=h.score, title_html=h.title_html, snippet_html=h.snippet_html)
            for h in result.hits
        ],
        facets={
            name: [
                FacetCount(
                    value=v, label=facet_label(name, v, services.labels) if name != "day" else v, count=c
                )
                for v, c in counts
            ]
            for name, counts in result.facets.items()
        },
    )


@router.get("/documents/{doc_id}", summary="一篇文章（含分析结果）")
def document(request: Request, principal: CanSearch, doc_id: str) -> Any:
    found = services_of(request).store.get(doc_id[:64])
    if found is None:
        raise NotFound("没有这篇文章。")
    return JSONResponse(found.model_dump(mode="json"))


@router.get("/hotspots", response_model=list[HotspotOut], summary="热点事件（按热度排序）")
def hotspots(
    request: Request,
    principal: CanSearch,
    period: Annotated[str, Query(pattern="^(24h|3d|7d|30d)$")] = "7d",
    end: Annotated[str, Query(description="截止日期 YYYY-MM-DD（含当天），默认现在")] = "",
    region: str = "",
    topic: str = "",
) -> list[HotspotOut]:
    services = services_of(request)
    if services.events is None:
        raise ModuleUnavailable("事件库不可用。")
    stop = period_end(services, end)
    ranker = HotspotRanker(services.events, HeatIndex.from_settings(services.settings))
    spots = ranker.rank(
        stop - PERIODS[period][0],
        stop,
        limit=services.settings.web.hotspots_limit,
        region=region_code(region),
        topic=topic or None,
    )
    return [
        HotspotOut(
            event_id=s.event_id,
            title=s.title,
            heat=round(s.heat.heat, 2),
            items=s.stats.items,
            sources=s.stats.sources,
            engagement=s.stats.engagement,
            first_seen=s.stats.first_seen,
            last_seen=s.stats.last_seen,
            regions=s.regions,
            topics=s.topics,
        )
        for s in spots
    ]


@router.get("/events/{event_id}", response_model=EventOut, summary="一个事件")
def event(request: Request, principal: CanSearch, event_id: str) -> EventOut:
    services = services_of(request)
    if services.events is None:
        raise ModuleUnavailable("事件库不可用。")
    state = services.events.events_by_id([event_id[:40]]).get(event_id[:40])
    if state is None:
        raise NotFound("没有这个事件。")
    view = event_view(
        services.events,
        services.store,
        HeatIndex.from_settings(services.settings),
        state,
        datetime.now(UTC),
        services.settings.tz,
    )
    return EventOut(
        id=state.id,
        title=state.title,
        first_seen=state.first_seen,
        last_seen=state.last_seen,
        item_count=state.item_count,
        heat=round(view.heat.heat, 2),
        regions=state.regions,
        topics=state.topics,
        document_ids=[d.id for d in view.documents],
        official_ids=[d.id for d in view.official],
        repost_count=view.repost_count,
    )


@router.get("/digests", response_model=list[DigestOut], summary="简报存档（舆情日报、月度简报）")
def digests(request: Request, principal: CanReadDigests) -> list[DigestOut]:
    entries = list_digests(services_of(request).digests_dir)
    return [
        DigestOut(
            key=e.key,
            title=e.title,
            monthly=e.monthly,
            files=[
                DigestFileOut(
                    path=f.path, kind=f.kind, size=f.size, modified=f.modified, url=f"/digests/files/{f.path}"
                )
                for f in e.files
            ],
        )
        for e in entries
    ]


@router.get("/sources", response_model=list[SourceOut], summary="信息源采集状态")
def sources(request: Request, principal: CanViewSources) -> list[SourceOut]:
    return [
        SourceOut(
            id=r.id,
            name=r.name,
            kind=r.kind,
            enabled=r.enabled,
            status=r.health.status.value,
            status_label=r.status_label,
            status_reason=r.health.status_reason,
            last_run_at=r.health.last_run_at,
            last_success_at=r.health.last_success_at,
            last_new_item_at=r.health.last_new_item_at,
            consecutive_failures=r.health.consecutive_failures,
            new_items=r.health.new_items,
            next_due_at=r.health.next_due_at,
        )
        for r in source_rows(services_of(request))
    ]


@router.get("/users", response_model=list[UserOut], summary="用户列表（管理员）")
def users(request: Request, principal: CanManageUsers) -> list[UserOut]:
    return [
        UserOut(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role.value,
            active=u.active,
            created_at=u.created_at,
            last_login_at=u.last_login_at,
        )
        for u in services_of(request).users.list()
    ]


openapi_router = APIRouter(include_in_schema=False)


@openapi_router.get("/api/openapi.json")
def openapi(request: Request, principal: CanUseAccount) -> JSONResponse:
    return JSONResponse(request.app.openapi())
