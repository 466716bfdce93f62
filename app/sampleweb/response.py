"""What a route returns: status, headers, body, and how the body is delivered (normally or as a fault)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from enum import Enum

HTML_UTF8 = "text/html; charset=utf-8"
JSON_UTF8 = "application/json; charset=utf-8"


class Delivery(Enum):
    """How the handler writes a response."""

    NORMAL = "normal"
    TRUNCATED = "truncated"  # Content-Length larger than the bytes sent, then close
    SLOW = "slow"  # trickled a few bytes at a time
    RESET = "reset"  # close without answering
    STREAM = "stream"  # body produced by ``stream`` (large or slow generated bodies)


@dataclass
class Response:
    """A complete answer. ``last_modified`` enables validators (ETag + Last-Modified) and 304 handling."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = HTML_UTF8
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    delivery: Delivery = Delivery.NORMAL
    stream: Callable[[], Iterator[bytes]] | None = None
    stream_length: int | None = None  # Content-Length of a stream; None = chunked
    slow_seconds: float = 3.0
    sleep_before: float = 0.0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body, usedforsecurity=False).hexdigest()[:20] + '"'

    def with_delivery(self, delivery: Delivery) -> Response:
        return replace(self, delivery=delivery)


def http_date(when: datetime) -> str:
    """An RFC 7231 date (GMT) for headers."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def html_response(
    text: str, *, status: int = 200, encoding: str = "utf-8", content_type: str | None = None
) -> Response:
    """An HTML page encoded as ``encoding``; the Content-Type declares it unless ``content_type`` is given."""
    ctype = content_type if content_type is not None else f"text/html; charset={encoding}"
    return Response(status=status, body=text.encode(encoding), content_type=ctype)


def not_found() -> Response:
    return html_response(
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
        "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>",
        status=404,
    )
