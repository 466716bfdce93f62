"""Per-source modes (faults and bans switched on at run time) and the created_at style of the Weibo API."""

from __future__ import annotations

import threading

from app.sampleweb.errors import UnknownModeError
from app.sampleweb.render.weibo_text import TIME_STYLES

SOURCES = ("newsa", "newsb", "bureau", "feeds", "weibo", "board")
COMMON_MODES = ("ok", "error500", "error503", "timeout", "slow", "truncated", "malformed")
PAGE_MODES = ("wrong_encoding",)
WEIBO_MODES = ("empty", "login_json", "login_page", "login_redirect", "http418", "http432", "captcha")
WEIBO_TIME = "weibo_time"


def allowed_modes(source: str) -> tuple[str, ...]:
    """The modes ``source`` accepts (``weibo_time`` takes a created_at style)."""
    if source == WEIBO_TIME:
        return TIME_STYLES
    if source not in SOURCES:
        raise UnknownModeError(
            f"unknown source {source!r}; expected one of {', '.join((*SOURCES, WEIBO_TIME))}"
        )
    if source in ("newsa", "newsb", "bureau"):
        return COMMON_MODES + PAGE_MODES
    if source == "weibo":
        return COMMON_MODES + WEIBO_MODES
    return COMMON_MODES


class ModeTable:
    """Thread-safe current mode of every source."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._modes = self._defaults()

    @staticmethod
    def _defaults() -> dict[str, str]:
        return {**dict.fromkeys(SOURCES, "ok"), WEIBO_TIME: "mixed"}

    def get(self, source: str) -> str:
        with self._lock:
            return self._modes[source]

    def set(self, source: str, mode: str) -> None:
        """Switch ``source`` to ``mode``; raises UnknownModeError for anything not documented."""
        allowed = allowed_modes(source)
        if mode not in allowed:
            raise UnknownModeError(
                f"unknown mode {mode!r} for {source!r}; expected one of {', '.join(allowed)}"
            )
        with self._lock:
            self._modes[source] = mode

    def snapshot(self) -> dict[str, str]:
        with self._lock:
            return dict(self._modes)

    def reset(self) -> None:
        with self._lock:
            self._modes = self._defaults()


class RequestLog:
    """Counts of answered requests by path (query dropped) and status, and of requests being answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, dict[str, int]] = {}
        self._in_flight = 0

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def started(self) -> None:
        with self._lock:
            self._in_flight += 1

    def record(self, path: str, status: int) -> None:
        """Count an answered request (ends what ``started`` began)."""
        with self._lock:
            self._in_flight -= 1
            by_status = self._counts.setdefault(path, {})
            by_status[str(status)] = by_status.get(str(status), 0) + 1

    def snapshot(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {path: dict(statuses) for path, statuses in self._counts.items()}

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
