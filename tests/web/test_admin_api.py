"""Administrators manage users and tokens; other systems use the JSON API with those tokens."""

from __future__ import annotations

import re

import httpx
import pytest

from app.web.roles import Role
from app.web.services import Services
from tests.web.support import LiveServer, Site, csrf, form_token


def user_id(admin: httpx.Client, username: str) -> int:
    html = admin.get("/users").text
    row = html[html.index(f'data-username="{username}"') :]
    match = re.search(r'action="/users/(\d+)/role"', row)
    assert match is not None
    return int(match.group(1))


def test_admin_creates_a_user_who_can_log_in(admin: httpx.Client, server: LiveServer) -> None:
    data = {
        "username": "Zhang.Wei",
        "display_name": "张伟",
        "role": "press",
        "password": "zhangwei-pass-1",
        "csrf_token": csrf(admin),
    }
    assert admin.post("/users", data=data).headers["location"] == "/users?done=added"
    assert "zhang.wei" in admin.get("/users").text
    with server.client() as client:
        token = form_token(client.get("/login").text)
        response = client.post(
            "/login", data={"username": "ZHANG.WEI", "password": "zhangwei-pass-1", "login_token": token}
        )
        assert response.status_code == 303
        assert "张伟（新闻宣传人员）" in client.get("/search").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "a b", "role": "press", "password": "long-enough-1"}, "用户名须为"),
        ({"username": "shorty", "role": "press", "password": "short"}, "密码至少需要 10 个字符"),
        ({"username": "admin", "role": "press", "password": "long-enough-1"}, "已存在"),
        ({"username": "newbie", "role": "root", "password": "long-enough-1"}, "未知的角色"),
    ],
)
def test_bad_new_users_are_explained(admin: httpx.Client, data: dict[str, str], message: str) -> None:
    response = admin.post("/users", data={**data, "csrf_token": csrf(admin)})
    assert response.status_code in (400, 409)
    assert message in response.text


def test_roles_change_and_take_effect_at_once(
    admin: httpx.Client, services: Services, server: LiveServer
) -> None:
    services.users.add("promoted", "promoted-pass-1", Role.SPOKESPERSON)
    with server.client() as client:
        token = form_token(client.get("/login").text)
        client.post(
            "/login", data={"username": "promoted", "password": "promoted-pass-1", "login_token": token}
        )
        assert client.get("/sources").status_code == 403
        uid = user_id(admin, "promoted")
        assert (
            admin.post(f"/users/{uid}/role", data={"role": "analyst", "csrf_token": csrf(admin)}).status_code
            == 303
        )
        assert client.get("/search").status_code == 303  # sessions end when the role changes
    user = services.users.by_username("promoted")
    assert user is not None and user.role is Role.ANALYST


def test_an_admin_cannot_lock_themselves_out(admin: httpx.Client) -> None:
    me = user_id(admin, "admin")
    demote = admin.post(f"/users/{me}/role", data={"role": "press", "csrf_token": csrf(admin)})
    assert demote.status_code == 400 and "不能取消自己的管理员角色" in demote.text
    disable = admin.post(f"/users/{me}/active", data={"active": "0", "csrf_token": csrf(admin)})
    assert disable.status_code == 400
    assert admin.get("/users").status_code == 200


def test_admin_resets_a_password(admin: httpx.Client, services: Services) -> None:
    services.users.add("forgetful", "forgetful-pass-1", Role.PRESS)
    uid = user_id(admin, "forgetful")
    response = admin.post(
        f"/users/{uid}/password", data={"password": "brand-new-pass-2", "csrf_token": csrf(admin)}
    )
    assert response.headers["location"] == "/users?done=password"
    assert services.users.authenticate("forgetful", "brand-new-pass-2") is not None
    assert services.users.authenticate("forgetful", "forgetful-pass-1") is None


def create_token(admin: httpx.Client, username: str, name: str) -> str:
    page = admin.post(
        f"/users/{user_id(admin, username)}/tokens", data={"name": name, "csrf_token": csrf(admin)}
    )
    match = re.search(r'<code id="new-token">(qs_[\w-]+)</code>', page.text)
    assert match is not None
    return match.group(1)


def test_api_tokens_act_with_their_users_role(admin: httpx.Client, server: LiveServer, site: Site) -> None:
    raw = create_token(admin, "spokesperson", "OA 系统")
    with server.client() as system:
        system.headers["Authorization"] = f"Bearer {raw}"
        me = system.get("/api/v1/me").json()
        assert me["username"] == "spokesperson" and me["role"] == "spokesperson"
        found = system.get("/api/v1/search", params={"q": "死鱼", "type": "official"}).json()
        assert found["total"] == 1
        assert found["hits"][0]["document"]["source_type"] == "official"
        assert {"sentiment", "topic", "province", "source", "day"} <= set(found["facets"])
        assert system.get("/api/v1/sources").status_code == 403  # spokesperson: no crawl health
        assert (
            system.get(f"/api/v1/documents/{site.documents[0].id}").json()["title"] == site.documents[0].title
        )
        event = system.get(f"/api/v1/events/{site.event_id}").json()
        assert event["document_ids"] == [d.id for d in site.documents[:3]]
        assert event["official_ids"] == [site.documents[2].id]
        spots = system.get("/api/v1/hotspots", params={"end": "2026-11-21"}).json()
        assert spots[0]["event_id"] == site.event_id
        digests = {d["key"]: d for d in system.get("/api/v1/digests").json()}
        assert {f["kind"] for f in digests["2026/2026-11-20"]["files"]} == {"PDF", "网页", "JSON"}
        assert digests["monthly/2026-10"]["monthly"] is True
    html = admin.get("/users").text
    token_id = re.search(
        r'action="/tokens/(\d+)/revoke" class="inline" data-confirm="吊销令牌“OA 系统”', html
    )
    assert token_id is not None
    assert (
        admin.post(f"/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf(admin)}).status_code == 303
    )
    with server.client() as system:
        refused = system.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        assert refused.status_code == 401
        assert refused.json()["error"]["message"] == "API 令牌无效或已被吊销。"


@pytest.mark.parametrize("header", ["Bearer qs_not-a-token", "Bearer", "Basic YWRtaW46YWRtaW4=", "qs_x"])
def test_bad_authorization_headers_are_refused(server: LiveServer, header: str) -> None:
    with server.client() as client:
        response = client.get("/api/v1/search", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_token_requests_need_no_csrf_but_sessions_do(admin: httpx.Client, server: LiveServer) -> None:
    raw = create_token(admin, "press", "脚本")
    with server.client() as script:
        script.headers["Authorization"] = f"Bearer {raw}"
        saved = script.post("/searches", data={"name": "脚本方案", "q": "噪声"})
        assert saved.status_code == 303  # a bearer token is not an ambient credential
    assert admin.post("/searches", data={"name": "无令牌", "q": "噪声"}).status_code == 403
    assert (
        admin.post("/searches", data={"name": "错令牌", "q": "噪声", "csrf_token": "x" * 43}).status_code
        == 403
    )
    ok = admin.post(
        "/searches", data={"name": "头部令牌", "q": "噪声"}, headers={"X-CSRF-Token": csrf(admin)}
    )
    assert ok.status_code == 303


def test_openapi_schema_describes_the_api(spokesperson: httpx.Client, anonymous: httpx.Client) -> None:
    schema = spokesperson.get("/api/openapi.json").json()
    assert {
        "/api/v1/search",
        "/api/v1/documents/{doc_id}",
        "/api/v1/hotspots",
        "/api/v1/events/{event_id}",
        "/api/v1/digests",
        "/api/v1/sources",
        "/api/v1/me",
    } <= set(schema["paths"])
    assert not [p for p in schema["paths"] if not p.startswith("/api/")]  # pages stay out of the schema
    assert anonymous.get("/api/openapi.json").status_code == 401
    assert anonymous.get("/docs").status_code == 404  # no Swagger UI: it would load a CDN
