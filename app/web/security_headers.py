"""Response headers every page gets: a strict Content-Security-Policy (only the app's own scripts,
styles and images), no framing, no MIME sniffing, no referrer to crawled sites, no caching of pages.

The same middleware turns an unexpected exception into the Chinese error page (``on_unexpected``),
so the server never sees it (uvicorn would drop the connection after a response was sent).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(headers: MutableHeaders, path: str) -> None:
    """Set each header unless the route set its own (digest files have a stricter CSP)."""
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
    if "cache-control" not in headers:
        headers["cache-control"] = "public, max-age=3600" if path.startswith("/static/") else "no-store"


class SecurityHeadersMiddleware:
    """Pure ASGI middleware (no body buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                add_security_headers(MutableHeaders(scope=message), path)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:  # too late for a page: the client sees a cut-off response
                raise
            from app.web.error_pages import on_unexpected

            response = await on_unexpected(Request(scope, receive), exc)
            await response(scope, receive, send_with_headers)
