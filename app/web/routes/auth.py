"""Logging in and out. The login form has its own CSRF cookie; failures are throttled per name and address."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.web.auth import (
    LOGIN_CSRF_COOKIE,
    CanSearch,
    CanUseAccount,
    check_login_csrf,
    current_principal,
    login_csrf_pair,
    services_of,
)
from app.web.services import Services
from app.web.sessions import COOKIE_NAME
from app.web.templating import render

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """A local path to return to after login; anything else (other hosts, schemes) becomes /search."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return "/search"
    if any(ord(ch) < 0x20 for ch in target):
        return "/search"
    return target


def set_session_cookie(response: Response, services: Services, value: str) -> None:
    web = services.settings.web
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=int(web.session_hours * 3600),
        httponly=True,
        secure=web.secure_cookies,
        samesite=web.same_site,
        path="/",
    )


def login_page(request: Request, *, error: str = "", next_path: str = "", status: int = 200) -> HTMLResponse:
    token, cookie = login_csrf_pair(request)
    context = {"error": error, "next_path": safe_next(next_path), "login_token": token}
    response = render(request, "login.html", context, status)
    web = services_of(request).settings.web
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        cookie,
        max_age=3600,
        httponly=True,
        secure=web.secure_cookies,
        samesite="strict",
        path="/login",
    )
    return response


@router.get("/login")
async def login_form(request: Request, next: str = "") -> Response:
    if await current_principal(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return login_page(request, next_path=next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    login_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_login_csrf(request, login_token)
    services = services_of(request)
    address = request.client.host if request.client else "unknown"
    user_key, address_key = services.throttle.keys(username, address)
    services.throttle.check(user_key, address_key)
    user = services.users.authenticate(username, password) if username and password else None
    if user is None:
        services.throttle.failed(user_key, address_key)
        logger.warning("failed login for %r from %s", username[:64], address)
        return login_page(request, error="用户名或密码错误。", next_path=next, status=400)
    services.throttle.succeeded(user_key)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, services, services.sessions.create(user.id))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    logger.info("user %s logged in from %s", user.username, address)
    return response


@router.post("/logout")
def logout(request: Request, principal: CanUseAccount) -> Response:
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        services_of(request).sessions.delete(cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@router.get("/")
def home(principal: CanSearch) -> Response:
    return RedirectResponse("/search", status_code=303)
