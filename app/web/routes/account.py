"""One's own account: who am I, change my password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.web.auth import CanUseAccount, services_of
from app.web.errors import InvalidInput
from app.web.routes.auth import set_session_cookie
from app.web.templating import render

router = APIRouter(include_in_schema=False)

NOTICES = {"password": "密码已修改。"}


@router.get("/account")
def account_page(request: Request, principal: CanUseAccount, done: str = "") -> HTMLResponse:
    return render(request, "account.html", {"notice": NOTICES.get(done, ""), "error": ""})


@router.post("/account/password")
def change_password(
    request: Request,
    principal: CanUseAccount,
    current: Annotated[str, Form(max_length=2000)] = "",
    new: Annotated[str, Form(max_length=2000)] = "",
    confirm: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    services = services_of(request)
    try:
        if not services.users.verify_password(principal.user.id, current):
            raise InvalidInput("当前密码不正确。")
        if new != confirm:
            raise InvalidInput("两次输入的新密码不一致。")
        services.users.set_password(principal.user.id, new)  # ends every session of the user
    except InvalidInput as exc:
        return render(request, "account.html", {"notice": "", "error": exc.message}, 400)
    response = RedirectResponse("/account?done=password", status_code=303)
    set_session_cookie(response, services, services.sessions.create(principal.user.id))
    return response
