"""Administrators manage accounts and API tokens. An administrator cannot lock themselves out."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.web.auth import CanManageUsers, Principal, services_of
from app.web.errors import InvalidInput, NotFound
from app.web.roles import Role
from app.web.templating import render
from app.web.users import User

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
NOTICES = {
    "added": "用户已创建。",
    "role": "角色已修改。",
    "active": "账号状态已修改。",
    "password": "密码已重置，该用户需重新登录。",
    "revoked": "令牌已吊销。",
}


def users_page_response(
    request: Request, *, notice: str = "", error: str = "", new_token: str = "", status: int = 200
) -> HTMLResponse:
    services = services_of(request)
    context: dict[str, Any] = {
        "users": services.users.list(),
        "tokens": services.tokens.list(),
        "roles": list(Role),
        "notice": notice,
        "error": error,
        "new_token": new_token,
        "min_password": services.settings.web.password_min_length,
    }
    return render(request, "users.html", context, status)


@router.get("/users")
def users_page(request: Request, principal: CanManageUsers, done: str = "") -> HTMLResponse:
    return users_page_response(request, notice=NOTICES.get(done, ""))


def audit(principal: Principal, what: str) -> None:
    """Account changes go to the log with who made them."""
    logger.info("admin %s %s", principal.user.username, what)


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput("未知的角色。") from None


def _target(request: Request, user_id: int) -> User:
    user = services_of(request).users.get(user_id)
    if user is None:
        raise NotFound("没有这个用户。")
    return user


@router.post("/users")
def add_user(
    request: Request,
    principal: CanManageUsers,
    username: Annotated[str, Form(max_length=200)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        added = services_of(request).users.add(username, password, _role(role), display_name=display_name)
    except InvalidInput as exc:
        return users_page_response(request, error=exc.message, status=400)
    audit(principal, f"added {added.username} as {added.role.value}")
    return RedirectResponse("/users?done=added", status_code=303)


@router.post("/users/{user_id}/role")
def change_role(
    request: Request, principal: CanManageUsers, user_id: int, role: Annotated[str, Form(max_length=20)] = ""
) -> Response:
    target = _target(request, user_id)
    new_role = _role(role)
    if target.id == principal.user.id and new_role is not Role.ADMIN:
        raise InvalidInput("不能取消自己的管理员角色。")
    services_of(request).users.set_role(target.id, new_role)
    audit(principal, f"set the role of {target.username} to {new_role.value}")
    return RedirectResponse("/users?done=role", status_code=303)


@router.post("/users/{user_id}/active")
def change_active(
    request: Request, principal: CanManageUsers, user_id: int, active: Annotated[str, Form(max_length=5)] = ""
) -> Response:
    target = _target(request, user_id)
    if target.id == principal.user.id:
        raise InvalidInput("不能停用自己的账号。")
    services_of(request).users.set_active(target.id, active == "1")
    audit(principal, f"{'enabled' if active == '1' else 'disabled'} {target.username}")
    return RedirectResponse("/users?done=active", status_code=303)


@router.post("/users/{user_id}/password")
def reset_password(
    request: Request,
    principal: CanManageUsers,
    user_id: int,
    password: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    target = _target(request, user_id)
    try:
        services_of(request).users.set_password(target.id, password)
        audit(principal, f"reset the password of {target.username}")
    except InvalidInput as exc:
        return users_page_response(request, error=exc.message, status=400)
    return RedirectResponse("/users?done=password", status_code=303)


@router.post("/users/{user_id}/tokens")
def create_token(
    request: Request, principal: CanManageUsers, user_id: int, name: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    target = _target(request, user_id)
    try:
        token, raw = services_of(request).tokens.create(target.id, name)
        audit(principal, f"created API token #{token.id} for {target.username}")
    except InvalidInput as exc:
        return users_page_response(request, error=exc.message, status=400)
    return users_page_response(
        request, notice=f"已为 {target.username} 创建令牌，请立即复制保存：", new_token=raw
    )


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, principal: CanManageUsers, token_id: int) -> Response:
    if not services_of(request).tokens.revoke(token_id):
        raise NotFound("没有这个有效令牌。")
    audit(principal, f"revoked API token #{token_id}")
    return RedirectResponse("/users?done=revoked", status_code=303)
