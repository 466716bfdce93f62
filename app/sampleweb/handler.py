"""The HTTP request handler: parses requests, applies conditional GET and writes each kind of delivery."""

from __future__ import annotations

import logging
import socket
import struct
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from app.sampleweb.faults import error_page
from app.sampleweb.response import Delivery, Response, http_date
from app.sampleweb.router import dispatch
from app.sampleweb.state import Request, ServerState

logger = logging.getLogger(__name__)
MAX_BODY = 1 << 20


def _not_modified(req: Request, response: Response) -> bool:
    """True when the client's validators match (If-None-Match wins over If-Modified-Since)."""
    if response.status != 200 or response.last_modified is None:
        return False
    if (tags := req.header("if-none-match")) is not None:
        return response.etag in [t.strip() for t in tags.split(",")] or tags.strip() == "*"
    if (since := req.header("if-modified-since")) is not None:
        try:
            return response.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


class SampleWebHandler(BaseHTTPRequestHandler):
    """One connection; ``state`` is set on a subclass per server."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "nginx"
    sys_version = ""
    timeout = 30
    state: ClassVar[ServerState]

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header is scenario time, so that it agrees with Last-Modified."""
        return http_date(self.state.now())

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def _request(self) -> Request:
        parts = urlsplit(self.path)
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        body = self.rfile.read(length) if length else b""
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        return Request(self.command, parts.path, query, headers, body, self.path)

    def _answer(self) -> None:
        req = self._request()
        self.state.requests.started()
        status = 500
        try:
            response = self._response_to(req)
            status = response.status
            self._write(response, head_only=req.method == "HEAD")
        except (BrokenPipeError, ConnectionResetError) as exc:
            logger.debug("client went away during %s: %s", req.path, exc)
            self.close_connection = True
        finally:
            self.state.requests.record(req.path, status)

    def _response_to(self, req: Request) -> Response:
        """The route's answer (a 500 page if a route fails), after any fault delay, or a 304."""
        try:
            response = dispatch(req, self.state)
        except Exception:
            logger.exception("sample web route failed for %s", req.path)
            return error_page(500)
        if response.sleep_before:
            self.state.sleep(response.sleep_before)
        if _not_modified(req, response):
            return Response(status=304, headers=self._validators(response), content_type=None)
        return response

    @staticmethod
    def _validators(response: Response) -> dict[str, str]:
        if response.last_modified is None:
            return {}
        return {"ETag": response.etag, "Last-Modified": http_date(response.last_modified)}

    def _write(self, response: Response, head_only: bool) -> None:
        if response.delivery is Delivery.RESET:
            self._reset()
            return
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        headers = {**response.headers, **(self._validators(response) if response.status == 200 else {})}
        for name, value in headers.items():
            self.send_header(name, value)
        if response.delivery is Delivery.STREAM:
            self._write_stream(response, head_only)
            return
        declared = len(response.body) * 5 if response.delivery is Delivery.TRUNCATED else len(response.body)
        if response.status != 304:
            self.send_header("Content-Length", str(declared))
        self.end_headers()
        if head_only or response.status == 304:
            return
        if response.delivery is Delivery.SLOW:
            self._trickle(response.body, response.slow_seconds)
        else:
            self.wfile.write(response.body)
        if response.delivery is Delivery.TRUNCATED:
            self._close_after_truncation()

    def _write_stream(self, response: Response, head_only: bool) -> None:
        assert response.stream is not None
        chunked = response.stream_length is None
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(response.stream_length))
        self.end_headers()
        if head_only:
            return
        for chunk in response.stream():
            if self.state.stopping.is_set():
                self.close_connection = True
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _trickle(self, body: bytes, seconds: float) -> None:
        """Write ``body`` in small pieces spread over ``seconds`` (ends at once when the server stops)."""
        pieces = max(1, min(len(body), 60))
        size = -(-len(body) // pieces)
        for start in range(0, len(body), size):
            self.wfile.write(body[start : start + size])
            self.wfile.flush()
            self.state.sleep(seconds / pieces)
            if self.state.stopping.is_set():
                self.close_connection = True
                return

    def _close_after_truncation(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_WR)

    def _reset(self) -> None:
        """Close with RST and no answer at all."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
