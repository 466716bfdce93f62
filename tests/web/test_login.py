"""Logging in and out over real HTTP: cookie flags, CSRF, throttling, redirects, session revocation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import delete

from app.web.app import create_app
from app.web.roles import Role
from app.web.services import Services
from app.web.tables import login_failures
from tests.web.support import PASSWORDS, USERNAMES, LiveServer, Site, csrf, form_token, login


def test_login_sets_a_hardened_session_cookie(anonymous: httpx.Client) -> None:
    response = login(anonymous, Role.PRESS)
    assert response.status_code == 303
    assert response.headers["location"] == "/search"
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("qs_session=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "samesite", "path", "max-age"} <= attributes
    assert "samesite=lax" in cookie.lower()
    assert anonymous.get("/search").status_code == 200


def test_wrong_password_is_refused_in_chinese(anonymous: httpx.Client) -> None:
    response = login(anonymous, Role.ANALYST, password="not-the-password")
    assert response.status_code == 400
    assert "用户名或密码错误" in response.text
    assert "qs_session" not in anonymous.cookies
    unknown = anonymous.post(
        "/login",
        data={
            "username": "nobody",
            "password": "x" * 12,
            "login_token": form_token(anonymous.get("/login").text),
        },
    )
    assert unknown.status_code == 400
    assert "用户名或密码错误" in unknown.text  # the same answer: names cannot be probed


def test_login_without_its_csrf_cookie_is_refused(anonymous: httpx.Client) -> None:
    token = form_token(anonymous.get("/login").text)
    anonymous.cookies.clear()
    data = {"username": USERNAMES[Role.ADMIN], "password": PASSWORDS[Role.ADMIN], "login_token": token}
    response = anonymous.post("/login", data=data)
    assert response.status_code == 403
    assert "登录页面已过期" in response.text


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_login_never_redirects_off_site(anonymous: httpx.Client, target: str) -> None:
    token = form_token(anonymous.get("/login", params={"next": target}).text)
    data = {
        "username": USERNAMES[Role.ADMIN],
        "password": PASSWORDS[Role.ADMIN],
        "login_token": token,
        "next": target,
    }
    response = anonymous.post("/login", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == "/search"


def test_login_returns_to_the_page_asked_for(anonymous: httpx.Client) -> None:
    first = anonymous.get("/hotspots", params={"period": "3d"})
    assert first.status_code == 303
    login_url = first.headers["location"]
    token = form_token(anonymous.get(login_url).text)
    data = {
        "username": USERNAMES[Role.PRESS],
        "password": PASSWORDS[Role.PRESS],
        "login_token": token,
        "next": "/hotspots?period=3d",
    }
    assert anonymous.post("/login", data=data).headers["location"] == "/hotspots?period=3d"


def test_logout_ends_the_session_on_the_server(
    client_for: Callable[[Role], httpx.Client], server: LiveServer
) -> None:
    client = client_for(Role.SPOKESPERSON)
    stolen = client.cookies["qs_session"]
    response = client.post("/logout", data={"csrf_token": csrf(client)})
    assert response.status_code == 303
    with server.client() as replay:
        replay.cookies.set("qs_session", stolen)
        assert replay.get("/search").status_code == 303  # back to the login page


def test_logout_needs_the_csrf_token(client_for: Callable[[Role], httpx.Client]) -> None:
    client = client_for(Role.ANALYST)
    assert client.post("/logout").status_code == 403
    assert client.get("/search").status_code == 200


def test_a_tampered_cookie_is_anonymous(server: LiveServer) -> None:
    with server.client() as client:
        client.cookies.set("qs_session", "forged.value.here")
        assert client.get("/search").status_code == 303


def test_changing_the_password_ends_other_sessions(services: Services, server: LiveServer) -> None:
    services.users.add("changer", "first-password-1", Role.PRESS)
    with server.client() as laptop, server.client() as phone:
        for client in (laptop, phone):
            token = form_token(client.get("/login").text)
            client.post(
                "/login", data={"username": "changer", "password": "first-password-1", "login_token": token}
            )
        data = {
            "current": "first-password-1",
            "new": "second-password-2",
            "confirm": "second-password-2",
            "csrf_token": csrf(laptop),
        }
        response = laptop.post("/account/password", data=data)
        assert response.headers["location"] == "/account?done=password"
        assert "密码已修改" in laptop.get("/account?done=password").text  # this browser got a new session
        assert phone.get("/search").status_code == 303  # the other one is logged out
    assert services.users.authenticate("changer", "second-password-2") is not None


def test_a_deactivated_user_is_logged_out_and_cannot_log_in(
    services: Services, server: LiveServer, admin: httpx.Client
) -> None:
    user = services.users.add("leaver", "leaver-password-1", Role.ANALYST)
    with server.client() as client:
        token = form_token(client.get("/login").text)
        client.post(
            "/login", data={"username": "leaver", "password": "leaver-password-1", "login_token": token}
        )
        assert client.get("/search").status_code == 200
        admin.post(f"/users/{user.id}/active", data={"active": "0", "csrf_token": csrf(admin)})
        assert client.get("/search").status_code == 303
        token = form_token(client.get("/login").text)
        refused = client.post(
            "/login", data={"username": "leaver", "password": "leaver-password-1", "login_token": token}
        )
        assert refused.status_code == 400


@pytest.fixture
def throttled_server(site: Site) -> Iterator[LiveServer]:
    """A server whose failure counts start empty and are cleared after (they live in the site's database,
    shared with the other tests' servers)."""
    own = Services.open(site.settings)
    clear_login_failures(own)
    live = LiveServer(create_app(site.settings, services=own)).start()
    yield live
    live.stop()
    clear_login_failures(own)
    own.close()


def clear_login_failures(services: Services) -> None:
    with services.database.connect(write=True) as conn:
        conn.execute(delete(login_failures))


def test_repeated_failures_are_throttled(throttled_server: LiveServer) -> None:
    with throttled_server.client() as client:
        for _ in range(3):  # web.yaml of the test site: max_failures 3
            assert login(client, Role.PRESS, password="guess-guess-guess").status_code == 400
        blocked = login(client, Role.PRESS)  # even the right password waits now
        assert blocked.status_code == 429
        assert "登录失败次数过多" in blocked.text
        assert int(blocked.headers["retry-after"]) > 0
        # other names from the same address still work until the address's own limit (5) is used up
        assert login(client, Role.ANALYST, password="guess-guess-guess").status_code == 400
        assert login(client, Role.ADMIN, password="guess-guess-guess").status_code == 400
        assert login(client, Role.SPOKESPERSON).status_code == 429
