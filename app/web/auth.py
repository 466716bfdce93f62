"""Who is asking and whether they may: sessions (cookie) or API tokens (``Authorization: Bearer``),
the role check every route declares with :func:`require`, and CSRF on unsafe requests.

CSRF: a request authenticated by the session cookie with an unsafe method must carry the session's
token, as the form field ``csrf_token`` or the header ``X-CSRF-Token`` (session-bound tokens, compared in
constant time). Bearer-token requests carry no ambient credentials and need none. The login form, which
has no session yet, uses a signed double-submit cookie (:func:`login_csrf_pair`).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from app.web.errors import CsrfError, NotAuthenticated, PermissionDenied
from app.web.roles import Permission, allows
from app.web.services import Services
from app.web.sessions import COOKIE_NAME
from app.web.users import User

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOGIN_CSRF_COOKIE = "qs_login"
_LOGIN_SALT = "qingshan.web.login-csrf"
_LOGIN_MAX_AGE_S = 3600
_UNSET = object()


@dataclass(frozen=True)
class Principal:
    """The authenticated user of a request and how they were authenticated."""

    user: User
    via: Literal["session", "token"]
    csrf_token: str = ""

    def can(self, permission: Permission) -> bool:
        return self.user.active and allows(self.user.role, permission)


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def current_principal(request: Request) -> Principal | None:
    """The request's principal (looked up once per request), None when anonymous."""
    cached = getattr(request.state, "principal", _UNSET)
    if cached is not _UNSET:
        return cast(Principal | None, cached)
    principal = await run_in_threadpool(_authenticate, request)
    request.state.principal = principal
    return principal


def _authenticate(request: Request) -> Principal | None:
    services = services_of(request)
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        user_id = services.tokens.user_id_for(value.strip()) if scheme.lower() == "bearer" else None
        user = services.users.get(user_id) if user_id is not None else None
        if user is None or not user.active:
            raise NotAuthenticated("API 令牌无效或已被吊销。")
        return Principal(user, "token")
    cookie = request.cookies.get(COOKIE_NAME)
    if not cookie:
        return None
    info = services.sessions.lookup(cookie)
    if info is None or not info.user.active:
        return None
    return Principal(info.user, "session", info.csrf_token)


class RequirePermission:
    """A dependency: the principal, if their role has ``permission`` (and CSRF holds for forms)."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        principal = await current_principal(request)
        if principal is None:
            raise NotAuthenticated()
        if not principal.can(self.permission):
            raise PermissionDenied()
        if request.method in UNSAFE_METHODS and principal.via == "session":
            await check_csrf(request, principal.csrf_token)
        return principal


def require(permission: Permission) -> Any:
    """``Depends`` on :class:`RequirePermission`; every route but login and static files uses one."""
    return Depends(RequirePermission(permission))


async def submitted_csrf_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def check_csrf(request: Request, expected: str) -> None:
    submitted = await submitted_csrf_token(request)
    if not expected or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise CsrfError()


def _login_signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(services_of(request).sessions.secret_key, salt=_LOGIN_SALT)


def login_csrf_pair(request: Request) -> tuple[str, str]:
    """A fresh (form token, signed cookie value) for the login form."""
    token = secrets.token_urlsafe(24)
    return token, _login_signer(request).dumps(token)


def check_login_csrf(request: Request, submitted: str) -> None:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    try:
        expected = _login_signer(request).loads(cookie, max_age=_LOGIN_MAX_AGE_S)
    except BadSignature as exc:
        raise CsrfError("登录页面已过期，请刷新后重新登录。") from exc
    if not isinstance(expected, str) or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise CsrfError("登录页面已过期，请刷新后重新登录。")


# One alias per permission: ``def page(request: Request, principal: CanSearch) -> ...``.
CanSearch = Annotated[Principal, require(Permission.SEARCH)]
CanSaveSearches = Annotated[Principal, require(Permission.SAVED_SEARCHES)]
CanViewAlerts = Annotated[Principal, require(Permission.ALERTS_VIEW)]
CanActOnAlerts = Annotated[Principal, require(Permission.ALERTS_ACT)]
CanReadDigests = Annotated[Principal, require(Permission.DIGESTS)]
CanViewSources = Annotated[Principal, require(Permission.SOURCES)]
CanViewModels = Annotated[Principal, require(Permission.MODELS_VIEW)]
CanPromoteModels = Annotated[Principal, require(Permission.MODELS_PROMOTE)]
CanManageUsers = Annotated[Principal, require(Permission.USERS)]
CanUseAccount = Annotated[Principal, require(Permission.ACCOUNT)]
