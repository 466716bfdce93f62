"""Every route × every role: each role can do exactly what it should, and every route checks a role.

The expected roles are written out here by hand (not derived from app.web.roles), so a change to the
policy must change this table too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from app.web.auth import RequirePermission
from app.web.roles import Role
from tests.web.support import DAILY_PDF, Site, csrf

ALL = frozenset(Role)
A, N, P, S = Role.ADMIN, Role.ANALYST, Role.PRESS, Role.SPOKESPERSON


@dataclass(frozen=True)
class Case:
    method: str
    route: str  # the route's path template, as FastAPI knows it
    url: str  # a concrete URL ({doc}, {event} and {digest} are filled from the site)
    allowed: frozenset[Role]
    data: dict[str, str] = field(default_factory=dict)
    json: bool = False  # send the data as a JSON body (the API), with the CSRF token in a header


CASES: tuple[Case, ...] = (
    Case("GET", "/", "/", ALL),
    Case("GET", "/search", "/search?q=死鱼&type=news", ALL),
    Case("GET", "/search/export.csv", "/search/export.csv?q=死鱼", ALL),
    Case("GET", "/search/export.xlsx", "/search/export.xlsx?q=死鱼", ALL),
    Case("GET", "/searches", "/searches", ALL),
    Case("POST", "/searches", "/searches", frozenset({A, N, P}), {"q": "死鱼"}),  # no name: 400 when allowed
    Case("POST", "/searches/{search_id}/delete", "/searches/999999/delete", frozenset({A, N, P})),
    Case("GET", "/documents/{doc_id}", "/documents/{doc}", ALL),
    Case("GET", "/hotspots", "/hotspots?end=2026-11-21", ALL),
    Case("GET", "/events/{event_id}", "/events/{event}", ALL),
    Case("GET", "/alerts", "/alerts?level=III&level=IV&deadline=overdue", ALL),
    Case("GET", "/alerts/{alert_id}", "/alerts/1", ALL),
    Case("POST", "/alerts/{alert_id}/ack", "/alerts/999999/ack", frozenset({A, P}), {"note": "x"}),
    Case("POST", "/alerts/{alert_id}/assign", "/alerts/999999/assign", frozenset({A, P}), {"assignee": "x"}),
    Case(
        "POST",
        "/alerts/{alert_id}/respond",
        "/alerts/999999/respond",
        frozenset({A, P}),
        {"url": "https://x.cn/"},
    ),
    Case("POST", "/alerts/{alert_id}/follow-up", "/alerts/999999/follow-up", frozenset({A, P})),
    Case("POST", "/alerts/{alert_id}/close", "/alerts/999999/close", frozenset({A, P}), {"note": "x"}),
    Case("GET", "/digests", "/digests", ALL),
    Case("GET", "/digests/files/{path:path}", "/digests/files/{digest}", ALL),
    Case("GET", "/sources", "/sources", frozenset({A, N, P})),
    Case("GET", "/models", "/models", frozenset({A, N})),
    Case("POST", "/models/{task}/{version}/promote", "/models/sentiment/v999/promote", frozenset({A, N})),
    Case(
        "GET",
        "/models/{task}/{version}/plots/{name}",
        "/models/sentiment/default/plots/x.png",
        frozenset({A, N}),
    ),
    Case("GET", "/users", "/users", frozenset({A})),
    Case("POST", "/users", "/users", frozenset({A}), {"username": "x", "role": "press", "password": "short"}),
    Case("POST", "/users/{user_id}/role", "/users/999999/role", frozenset({A}), {"role": "press"}),
    Case("POST", "/users/{user_id}/active", "/users/999999/active", frozenset({A}), {"active": "0"}),
    Case(
        "POST", "/users/{user_id}/password", "/users/999999/password", frozenset({A}), {"password": "x" * 12}
    ),
    Case("POST", "/users/{user_id}/tokens", "/users/999999/tokens", frozenset({A}), {"name": "x"}),
    Case("POST", "/tokens/{token_id}/revoke", "/tokens/999999/revoke", frozenset({A})),
    Case("GET", "/account", "/account", ALL),
    Case(
        "POST",
        "/account/password",
        "/account/password",
        ALL,
        {"current": "wrong", "new": "x", "confirm": "x"},
    ),
    Case("GET", "/api/v1/me", "/api/v1/me", ALL),
    Case("GET", "/api/v1/search", "/api/v1/search?q=死鱼", ALL),
    Case("GET", "/api/v1/documents/{doc_id}", "/api/v1/documents/{doc}", ALL),
    Case("GET", "/api/v1/hotspots", "/api/v1/hotspots?end=2026-11-21", ALL),
    Case("GET", "/api/v1/events/{event_id}", "/api/v1/events/{event}", ALL),
    Case("GET", "/api/v1/digests", "/api/v1/digests", ALL),
    Case("GET", "/api/v1/sources", "/api/v1/sources", frozenset({A, N, P})),
    Case("GET", "/api/v1/users", "/api/v1/users", frozenset({A})),
    Case("GET", "/api/v1/alerts", "/api/v1/alerts?state=new", ALL),
    Case("GET", "/api/v1/alerts/{alert_id}", "/api/v1/alerts/1", ALL),
    Case(
        "POST",
        "/api/v1/alerts/{alert_id}/{action}",
        "/api/v1/alerts/999999/ack",
        frozenset({A, P}),
        {"note": "x"},
        json=True,
    ),
    Case("GET", "/api/v1/models", "/api/v1/models", frozenset({A, N})),
    Case(
        "POST",
        "/api/v1/models/{task}/{version}/promote",
        "/api/v1/models/sentiment/v999/promote",
        frozenset({A, N}),
        json=True,
    ),
    Case("GET", "/api/openapi.json", "/api/openapi.json", ALL),
)
# Reachable without logging in: the login form itself. /logout is tested on its own (it ends the session).
PUBLIC = {("GET", "/login"), ("POST", "/login")}
SEPARATE = {("POST", "/logout")}


def concrete(case: Case, site: Site) -> str:
    digest = DAILY_PDF
    return case.url.format(doc=site.documents[3].id, event=site.event_id, digest=digest)


def api_routes(app: FastAPI) -> list[tuple[set[str], str, APIRoute]]:
    """(methods, full path, route) of every endpoint, through included routers."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            found.append((set(context.methods or ()), str(context.path), route))
    return found


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    return {(method, path) for methods, path, _ in api_routes(app) for method in methods}


def permissions_of(dependant: Dependant) -> list[RequirePermission]:
    found = [d.call for d in dependant.dependencies if isinstance(d.call, RequirePermission)]
    for sub in dependant.dependencies:
        found.extend(permissions_of(sub))
    return found


def test_the_table_covers_every_route(app: FastAPI) -> None:
    listed = {(c.method, c.route) for c in CASES} | PUBLIC | SEPARATE
    assert app_routes(app) == listed


def test_every_route_but_login_checks_a_permission(app: FastAPI) -> None:
    for methods, path, route in api_routes(app):
        checks = permissions_of(route.dependant)
        if {(m, path) for m in methods} <= PUBLIC:
            assert not checks
        else:
            assert len(checks) == 1, f"{methods} {path} must declare exactly one permission"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_can_do_exactly_what_it_should(
    role: Role, client_for: Callable[[Role], httpx.Client], site: Site
) -> None:
    client = client_for(role)
    token = csrf(client)
    wrong: list[str] = []
    for case in CASES:
        url = concrete(case, site)
        if case.method == "GET":
            response = client.get(url)
        elif case.json:
            response = client.post(url, json=case.data, headers={"X-CSRF-Token": token})
        else:
            response = client.post(url, data={**case.data, "csrf_token": token})
        refused = response.status_code == 403
        if refused == (role in case.allowed) or response.status_code in (401, 500):
            wrong.append(f"{case.method} {url} → {response.status_code}")
        if refused:
            assert "无权" in response.text
    assert not wrong, f"{role.value}: {wrong}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
def test_anonymous_is_sent_to_login_or_refused(case: Case, anonymous: httpx.Client, site: Site) -> None:
    url = concrete(case, site)
    body = {"json": case.data} if case.json else {"data": case.data or None}
    response = anonymous.request(case.method, url, **body)  # type: ignore[arg-type]
    if case.url.startswith("/api/"):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["message"]
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
