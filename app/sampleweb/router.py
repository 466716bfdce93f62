"""Dispatch: path prefix → route, then the source's fault mode; unknown paths are 404s."""

from __future__ import annotations

from collections.abc import Callable

from app.sampleweb.control import control_route
from app.sampleweb.faults import apply_mode, fault_route
from app.sampleweb.response import Response, html_response, not_found
from app.sampleweb.routes_board import board_route
from app.sampleweb.routes_sites import bureau_route, feeds_route, newsa_route, newsb_route, robots
from app.sampleweb.routes_weibo import LOGIN_PATH, weibo_route
from app.sampleweb.state import Request, ServerState

Route = Callable[[Request, ServerState], Response | None]
# prefix → (source whose mode applies, or None, route)
ROUTES: tuple[tuple[str, str | None, Route], ...] = (
    ("/_control/", None, control_route),
    ("/faults/", None, fault_route),
    ("/newsa/", "newsa", newsa_route),
    ("/newsb/", "newsb", newsb_route),
    ("/bureau/", "bureau", bureau_route),
    ("/feeds/", "feeds", feeds_route),
    ("/weibo/", "weibo", weibo_route),
    ("/board/", "board", board_route),
)


def _method_not_allowed() -> Response:
    page = html_response("<html><body><h1>405 Method Not Allowed</h1></body></html>", status=405)
    page.headers["Allow"] = "GET, HEAD"
    return page


def dispatch(req: Request, state: ServerState) -> Response:
    """The answer to ``req``: content, a fault, a control answer or a 404."""
    if req.path == "/robots.txt":
        return robots(req, state)
    for prefix, source, route in ROUTES:
        if not req.path.startswith(prefix):
            continue
        if req.method == "POST" and prefix != "/_control/":
            return _method_not_allowed()
        answer = route(req, state) or not_found()
        if source is None or req.path == LOGIN_PATH:
            return answer
        return apply_mode(state.modes.get(source), answer, source)
    return not_found()
