"""The control API (``/_control/…``): the clock, the ground truth, per-source modes and the request log."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from app.sampleweb.errors import UnknownModeError
from app.sampleweb.groundtruth import ground_truth
from app.sampleweb.response import Response
from app.sampleweb.routes_weibo import json_response
from app.sampleweb.state import Request, ServerState


def _clock_json(state: ServerState) -> dict[str, Any]:
    return {
        "now": state.now().isoformat(),
        "speed": state.clock.speed,
        "start": state.clock.start.isoformat(),
    }


def _body(req: Request) -> dict[str, Any]:
    try:
        data = json.loads(req.body or b"{}")
    except ValueError as exc:
        raise UnknownModeError(f"request body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise UnknownModeError("request body must be a JSON object")
    return data


def _change_clock(data: dict[str, Any], state: ServerState) -> None:
    try:
        if "now" in data:
            state.clock.set(datetime.fromisoformat(str(data["now"])))
        if "advance_minutes" in data:
            state.clock.advance(timedelta(minutes=float(data["advance_minutes"])))
        if "speed" in data:
            state.clock.set_speed(float(data["speed"]))
    except (TypeError, ValueError) as exc:
        raise UnknownModeError(f"bad clock change {data!r}: {exc}") from exc


def _post(req: Request, state: ServerState) -> dict[str, Any] | None:
    if req.path == "/_control/clock":
        _change_clock(_body(req), state)
        return _clock_json(state)
    if req.path == "/_control/modes":
        data = _body(req)
        state.modes.set(str(data.get("source")), str(data.get("mode")))
        return state.modes.snapshot()
    if req.path == "/_control/reset":
        state.modes.reset()
        state.requests.clear()
        return {"ok": True}
    return None


def _get(req: Request, state: ServerState) -> dict[str, Any] | None:
    if req.path == "/_control/clock":
        return _clock_json(state)
    if req.path == "/_control/items":
        now = state.now()
        items = ground_truth(state.catalog, now, state.base_url, req.query.get("include_future") == "1")
        return {"now": now.isoformat(), "count": len(items), "items": [i.to_json() for i in items]}
    if req.path == "/_control/modes":
        return state.modes.snapshot()
    if req.path == "/_control/requests":
        log = state.requests.snapshot()
        total = sum(sum(s.values()) for s in log.values())
        return {"total": total, "in_flight": state.requests.in_flight, "by_path": log}
    return None


def control_route(req: Request, state: ServerState) -> Response | None:
    """Answers control requests; a bad request is a 400 with the reason."""
    try:
        payload = _post(req, state) if req.method == "POST" else _get(req, state)
    except UnknownModeError as exc:
        return json_response({"error": str(exc)}, status=400)
    return json_response(payload) if payload is not None else None
