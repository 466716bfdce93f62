"""Name what went wrong with a request, so source health can count errors by kind."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawlers.errors import SourceBlockedError


class NotModified(IgnoreRequest):
    """The server answered 304: nothing changed since the last successful run."""


class BlockedRequest(IgnoreRequest):
    """The site refused the crawler (login wall, captcha, HTTP 418/432...)."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        self.url = url
        super().__init__(f"blocked ({kind}) at {url}")


_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, twisted_error.TimeoutError, TimeoutError), "timeout"),
    ((DownloadCancelledError,), "too_large"),
    ((ResponseDataLossError,), "truncated"),
    ((DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError), "connection_refused"),
    ((CannotResolveHostError, twisted_error.DNSLookupError), "dns"),
    (
        (
            DownloadFailedError,
            ResponseFailed,
            ResponseNeverReceived,
            twisted_error.ConnectionLost,
            twisted_error.ConnectionDone,
        ),
        "connection_lost",
    ),
)


def classify(exc: BaseException) -> str:
    """``timeout``, ``http_500``, ``truncated``, ``too_large``, ``robots``, ``redirect_loop``, ..."""
    if isinstance(exc, BlockedRequest | SourceBlockedError):
        return f"blocked:{exc.kind}"
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    for types, kind in _BY_TYPE:
        if isinstance(exc, types):
            return kind
    if isinstance(exc, IgnoreRequest):
        return _ignored_kind(str(exc))
    return type(exc).__name__.lower()


def classify_failure(failure: Failure) -> str:
    exc = failure.value
    return classify(exc) if exc is not None else "unknown"


def _ignored_kind(message: str) -> str:
    lowered = message.lower()
    if "robots.txt" in lowered:
        return "robots"
    if "redirection" in lowered:
        return "redirect_loop"
    if "offsite" in lowered:
        return "offsite"
    return "ignored"
