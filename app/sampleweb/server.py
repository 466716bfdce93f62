"""``SampleWeb``: the sample web's HTTP server, run in a background thread on loopback."""

from __future__ import annotations

import ipaddress
import logging
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType

from app.sampleweb.clock import SampleClock
from app.sampleweb.content.catalog import Catalog, default_catalog
from app.sampleweb.errors import ServerStateError
from app.sampleweb.groundtruth import GroundTruthItem, ground_truth
from app.sampleweb.handler import SampleWebHandler
from app.sampleweb.state import ServerState

logger = logging.getLogger(__name__)


def _require_loopback(host: str) -> None:
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the sample web only listens on loopback, not {host!r}")


class SampleWeb:
    """The sample web. ``start()`` binds ``host:port`` (0 = a free port) and serves in a daemon thread.

    Use as a context manager, or call ``start()`` / ``stop()``. ``clock`` drives what is published.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: SampleClock | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        _require_loopback(host)
        self.host, self.port = host, port
        self.clock = clock if clock is not None else SampleClock()
        self._state = ServerState(catalog=catalog or default_catalog(), clock=self.clock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` once started."""
        if self._server is None:
            raise ServerStateError("SampleWeb.base_url is only known after start()")
        return self._state.base_url

    def start(self) -> SampleWeb:
        if self._server is not None:
            raise ServerStateError("SampleWeb is already running")
        handler = type("BoundSampleWebHandler", (SampleWebHandler,), {"state": self._state})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._state.base_url = f"http://{self.host}:{self.port}"
        self._state.stopping.clear()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sampleweb-{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.info("sample web serving at %s (scenario time %s)", self._state.base_url, self.clock.now())
        return self

    def stop(self) -> None:
        """Stop serving; sleeping or trickling handlers end at once. Idempotent."""
        if self._server is None:
            return
        self._state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def set_mode(self, source: str, mode: str) -> None:
        """Switch a source's behaviour (see README "Modes"); raises UnknownModeError."""
        self._state.modes.set(source, mode)

    def reset_modes(self) -> None:
        self._state.modes.reset()

    def ground_truth(self, include_future: bool = False) -> list[GroundTruthItem]:
        """Every item published at the current scenario time, oldest first."""
        return ground_truth(self._state.catalog, self.clock.now(), self.base_url, include_future)

    def request_counts(self) -> dict[str, dict[str, int]]:
        """Answered requests by path and status."""
        return self._state.requests.snapshot()

    @property
    def requests_in_flight(self) -> int:
        """Requests received and not yet answered (e.g. sleeping in a timeout fault)."""
        return self._state.requests.in_flight

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
