"""The client connection: construction, the server version check and error translation.

The 9.x client sends ``compatible-with=9`` headers that only a 9.x server accepts, so the server's
major version must be :data:`SUPPORTED_MAJOR`; anything else is reported as unavailable with the
reason rather than failing later on the first request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    Elasticsearch,
    TransportError,
    UnsupportedProductError,
)
from elasticsearch.helpers import BulkIndexError

from indexer.errors import StoreCorruptError, StoreUnavailableError

logger = logging.getLogger(__name__)

SUPPORTED_MAJOR = 9
_UNAVAILABLE_STATUS = {429, 500, 502, 503, 504}


def make_client(
    url: str,
    *,
    api_key: str | None = None,
    basic_auth: tuple[str, str] | None = None,
    verify_certs: bool = True,
    request_timeout: float = 30.0,
) -> Elasticsearch:
    """A client for ``url``; creating it sends no request."""
    try:
        return Elasticsearch(
            url,
            api_key=api_key,
            basic_auth=basic_auth,
            verify_certs=verify_certs,
            request_timeout=request_timeout,
            max_retries=2,
            retry_on_timeout=True,
        )
    except ValueError as exc:
        raise StoreUnavailableError(f"invalid Elasticsearch URL {url!r}: {exc}") from exc


def check_server(client: Elasticsearch, url: str) -> str:
    """The server's version number; StoreUnavailableError unless it is a reachable 9.x Elasticsearch."""
    try:
        with translated_errors(url):
            info = client.options(max_retries=0).info().body
    except ApiError as exc:
        raise StoreUnavailableError(
            f"the server at {url} answered {exc.status_code} to the first request ({exc}): Elasticsearch 8.x and "
            f"older reject the {SUPPORTED_MAJOR}.x client's compatibility headers; qingshan supports "
            f"Elasticsearch {SUPPORTED_MAJOR}.x only"
        ) from exc
    version = str(info["version"]["number"])
    major = int(version.split(".", 1)[0])
    if major != SUPPORTED_MAJOR:
        raise StoreUnavailableError(
            f"Elasticsearch at {url} is version {version}; qingshan supports {SUPPORTED_MAJOR}.x only "
            f"(the client major version must match the server's)"
        )
    return version


@contextmanager
def translated_errors(url: str) -> Iterator[None]:
    """Turn transport and server-side failures into the indexer's exception tree."""
    try:
        yield
    except (AuthenticationException, AuthorizationException) as exc:
        raise StoreUnavailableError(
            f"Elasticsearch at {url} refused the credentials ({exc.message}): "
            "check storage.elasticsearch api_key / username / password"
        ) from exc
    except UnsupportedProductError as exc:
        raise StoreUnavailableError(f"the server at {url} is not Elasticsearch: {exc.message}") from exc
    except TransportError as exc:
        raise StoreUnavailableError(f"Elasticsearch at {url} is unreachable: {exc}") from exc
    except ApiError as exc:
        if exc.status_code in _UNAVAILABLE_STATUS:
            raise StoreUnavailableError(
                f"Elasticsearch at {url} answered {exc.status_code}: {exc.message}"
            ) from exc
        raise
    except BulkIndexError as exc:
        first = exc.errors[0] if exc.errors else {}
        raise StoreCorruptError(
            f"Elasticsearch rejected {len(exc.errors)} document(s), first: {first}; "
            "if the index mapping is outdated, run `qingshan reindex`"
        ) from exc
