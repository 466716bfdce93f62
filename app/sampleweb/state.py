"""What every route sees: the parsed request and the server's shared state."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from app.sampleweb.clock import SampleClock
from app.sampleweb.content.catalog import Catalog
from app.sampleweb.modes import ModeTable, RequestLog


@dataclass(frozen=True)
class Request:
    """A parsed request: path without query, the query as a dict (first value wins), headers, body."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    raw_target: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class ServerState:
    """Shared, thread-safe state of one running sample web."""

    catalog: Catalog
    clock: SampleClock
    base_url: str = ""
    modes: ModeTable = field(default_factory=ModeTable)
    requests: RequestLog = field(default_factory=RequestLog)
    stopping: threading.Event = field(default_factory=threading.Event)
    flaky_counts: dict[str, int] = field(default_factory=dict)
    flaky_lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> datetime:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        """Sleep, but wake at once when the server stops (keeps fault handlers bounded)."""
        self.stopping.wait(seconds)
