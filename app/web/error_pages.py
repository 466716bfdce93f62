"""Errors become a Chinese page (or a JSON body under /api/), never a traceback.

Unexpected exceptions are logged with an incident id that the page shows, so an administrator can
find the traceback in the log.
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.web.errors import LoginThrottled, NotAuthenticated, WebError
from app.web.templating import render
from indexer.errors import IndexerError, QuerySyntaxError
from nlp.events import EventStoreError

logger = logging.getLogger(__name__)

HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("请求有误", "请求的参数不正确。"),
    404: ("未找到", "您要找的页面不存在。"),
    405: ("不支持的操作", "此页面不支持这种请求方式。"),
    413: ("内容过大", "提交的内容过大。"),
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, title: str, message: str) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if is_api(request):
        return JSONResponse(
            {"error": {"status": status, "title": title, "message": message}}, status, headers
        )
    response = render(request, "error.html", {"title": title, "message": message, "status": status}, status)
    if headers:
        response.headers.update(headers)
    return response


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    if isinstance(exc, NotAuthenticated) and not is_api(request):
        return login_redirect(request)
    response = error_response(request, exc.status, exc.title, exc.message)
    if isinstance(exc, LoginThrottled):
        response.headers["Retry-After"] = str(exc.retry_after_s)
    return response


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    title, message = HTTP_MESSAGES.get(exc.status_code, ("出错了", "请求未能完成。"))
    return error_response(request, exc.status_code, title, message)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, "请求有误", "请求的参数不正确，请检查后重试。")


async def on_query_error(request: Request, exc: Exception) -> Response:
    from app.web.query_errors import explain

    assert isinstance(exc, QuerySyntaxError)
    return error_response(
        request, 400, "检索式有误", f"第 {exc.position + 1} 个字符附近：{explain(exc.reason)}"
    )


async def on_backend_error(request: Request, exc: Exception) -> Response:
    logger.error("backend unavailable for %s: %s", request.url.path, exc)
    return error_response(request, 503, "服务暂不可用", "检索库或事件库暂时无法访问，请稍后再试。")


async def on_unexpected(request: Request, exc: Exception) -> Response:
    incident = secrets.token_hex(4)
    logger.error("unexpected error %s on %s %s", incident, request.method, request.url.path, exc_info=exc)
    message = f"页面出现了意外错误，请稍后再试。如问题持续，请将编号 {incident} 告知管理员。"
    return error_response(request, 500, "服务器内部错误", message)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(WebError, on_web_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(QuerySyntaxError, on_query_error)
    app.add_exception_handler(IndexerError, on_backend_error)
    app.add_exception_handler(EventStoreError, on_backend_error)
    # Unexpected exceptions: SecurityHeadersMiddleware calls on_unexpected.
