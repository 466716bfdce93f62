"""The search page, its exports, and saved searches (监测方案)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from app.web.auth import CanSaveSearches, CanSearch, services_of
from app.web.errors import InvalidInput, NotFound
from app.web.export import document_row, exported_documents, to_csv, to_xlsx
from app.web.query_errors import query_problem
from app.web.roles import Permission
from app.web.saved_searches import SavedSearch
from app.web.search_form import FORM_KEYS, SearchForm
from app.web.search_view import day_trend, facet_views, pages
from app.web.templating import query_string, render
from indexer.document import SHANGHAI
from indexer.errors import QuerySyntaxError
from indexer.search_cache import Outcome
from indexer.store import SortOrder

router = APIRouter(include_in_schema=False)
NOTICES = {"saved": "方案已保存。", "deleted": "方案已删除。"}


def saved_links(saved: list[SavedSearch]) -> list[tuple[SavedSearch, str]]:
    return [(s, "/search" + query_string({"q": s.query, **s.params})) for s in saved]


def search_form(params: QueryParams) -> SearchForm:
    """The form; an empty query without an explicit sort lists the newest first."""
    form = SearchForm.from_params(params)
    if not form.q and not params.get("sort"):
        form = replace(form, sort=SortOrder.TIME)
    return form


# Search pages are CPU-bound under one GIL: a few at a time, the others queued in arrival order,
# instead of every request's thread contending for it (measured: higher throughput, lower p95).
_PAGE_SLOTS = threading.BoundedSemaphore(2)


@router.get("/search")
def search_page(request: Request, principal: CanSearch) -> HTMLResponse:
    with _PAGE_SLOTS:
        return _search_page(request, principal)


def server_timing(search_ms: float, outcome: Outcome) -> str:
    """The ``Server-Timing`` header: how long the search took and whether the cache answered it
    (browsers show it in their developer tools; the web benchmark counts cache hits with it)."""
    return f'search;dur={search_ms:.1f};desc="{outcome.value}"'


def _search_page(request: Request, principal: CanSearch) -> HTMLResponse:
    services = services_of(request)
    form = search_form(request.query_params)
    page_size = services.settings.general.search_page_size
    context: dict[str, Any] = {"form": form, "problem": None, "result": None, "saved": []}
    if principal.can(Permission.SAVED_SEARCHES):
        context["saved"] = saved_links(services.saved.list(principal.user.id))
    started = time.perf_counter()
    try:
        result, outcome = services.search.search(form.request(services.settings.tz, page_size))
    except QuerySyntaxError as exc:
        context["problem"] = query_problem(exc, form.q)
        return render(request, "search.html", context, 400)
    search_ms = (time.perf_counter() - started) * 1000
    context.update(
        result=result,
        facets=facet_views(form, result.facets, services.labels),
        trend=day_trend(result.facets),
        pages=pages(form, result.total, page_size),
        sort_links={s.value: "/search" + query_string(form.link_params(sort=s)) for s in SortOrder},
        export_query=query_string(form.link_params()),
        document_query=query_string({"q": form.q}),  # the same on every hit's link
    )
    response = render(request, "search.html", context)
    response.headers["Server-Timing"] = server_timing(search_ms, outcome)
    return response


def _export_rows(request: Request) -> list[list[str]]:
    services = services_of(request)
    form = search_form(request.query_params)
    search = form.request(services.settings.tz, 1, facets=False)
    documents = exported_documents(services.store, search, services.settings.web.export_max_rows)
    return [document_row(doc, services.labels, services.settings.tz) for doc in documents]


def _download(content: bytes, media_type: str, extension: str) -> Response:
    name = f"qingshan-search-{datetime.now(SHANGHAI).strftime('%Y%m%d-%H%M%S')}.{extension}"
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/search/export.csv")
def export_csv(request: Request, principal: CanSearch) -> Response:
    return _download(to_csv(_export_rows(request)), "text/csv; charset=utf-8", "csv")


@router.get("/search/export.xlsx")
def export_xlsx(request: Request, principal: CanSearch) -> Response:
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(to_xlsx(_export_rows(request)), media_type, "xlsx")


@router.get("/searches")
def searches_page(request: Request, principal: CanSearch, done: str = "") -> HTMLResponse:
    services = services_of(request)
    saved = services.saved.list(principal.user.id) if principal.can(Permission.SAVED_SEARCHES) else []
    plan_links = [(p, "/search" + query_string({"q": p.query})) for p in services.settings.plans.plans]
    context = {"saved_links": saved_links(saved), "plan_links": plan_links, "notice": NOTICES.get(done, "")}
    return render(request, "searches.html", context)


@router.post("/searches")
async def save_search(request: Request, principal: CanSaveSearches) -> Response:
    submitted = await request.form()
    pairs = [(k, v) for k, v in submitted.multi_items() if isinstance(v, str) and k in {"q", *FORM_KEYS}]
    form = SearchForm.from_params(QueryParams(pairs))
    name = submitted.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("请填写方案名称。")
    services = services_of(request)
    await run_in_threadpool(services.saved.save, principal.user.id, name, form.q, form.params())
    return RedirectResponse("/searches?done=saved", status_code=303)


@router.post("/searches/{search_id}/delete")
def delete_search(request: Request, principal: CanSaveSearches, search_id: int) -> Response:
    if not services_of(request).saved.delete(principal.user.id, search_id):
        raise NotFound("没有这个方案。")
    return RedirectResponse("/searches?done=deleted", status_code=303)
