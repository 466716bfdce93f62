"""Close a keep-alive connection after a number of requests (as nginx's ``keepalive_requests``).

``serve`` runs several worker processes on one listening socket, and a connection stays with the worker
that accepted it. Clients that keep their connections open (API clients, a reverse proxy, the web
benchmark's closed-loop clients) can end up unevenly spread, one worker busy with most of them while
another idles. A client told to close
reconnects at once, and a new connection is accepted by whichever worker gets to it first, the less
busy one more often: the load evens out as connections turn over.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS_PER_CONNECTION = 20
_MAX_TRACKED = 10_000  # connections a worker remembers (a client that went away is forgotten here)


class ConnectionRecycler:
    """Pure ASGI middleware: the ``requests``-th response on a connection says ``Connection: close``."""

    def __init__(self, app: ASGIApp, requests: int = REQUESTS_PER_CONNECTION) -> None:
        self.app = app
        self.requests = requests
        self._served: dict[tuple[object, object], int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client, server = scope.get("client"), scope.get("server")
        if scope["type"] != "http" or client is None or server is None or self.requests <= 0:
            await self.app(scope, receive, send)
            return
        key = (tuple(client), tuple(server))
        served = self._served.pop(key, 0) + 1
        if served < self.requests:
            if len(self._served) >= _MAX_TRACKED:
                self._served.clear()
            self._served[key] = served
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["connection"] = "close"
            await send(message)

        await self.app(scope, receive, send_closing)
