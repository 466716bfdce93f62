"""Routes of the message board: the JSON list and thread APIs and the thread pages."""

from __future__ import annotations

from app.sampleweb.render import board
from app.sampleweb.response import Response, html_response
from app.sampleweb.routes_weibo import json_response
from app.sampleweb.state import Request, ServerState


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def board_route(req: Request, state: ServerState) -> Response | None:
    now = state.now()
    if req.path == "/board/api/threads/list":
        threads = state.catalog.visible_threads(now)
        fid = req.query.get("fid")
        if fid:
            threads = [t for t in threads if str(t.fid) == fid]
        rows = min(max(_int(req.query.get("rows"), 10), 1), board.MAX_ROWS)
        return json_response(board.list_json(threads, _int(req.query.get("page"), 1), rows, now))
    if req.path == "/board/api/threads/content":
        thread = state.catalog.thread(_int(req.query.get("tid"), -1), now)
        return json_response(board.content_json(thread, now))
    if req.path == "/board/threads/content":
        thread = state.catalog.thread(_int(req.query.get("tid"), -1), now)
        return html_response(board.render_thread_page(thread, now)) if thread else None
    return None
