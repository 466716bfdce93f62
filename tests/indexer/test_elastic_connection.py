"""ElasticStore says clearly when it cannot run: no URL, nothing listening, not Elasticsearch (no server)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.ports import free_port
from config import Settings
from indexer.analysis import whitespace_tokenizer
from indexer.elastic import ElasticStore
from indexer.errors import StoreUnavailableError


class _Handler(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        body = json.dumps({"name": "not a search engine"}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _BadRequestHandler(_Handler):
    status = 400


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def other_web_server() -> Iterator[str]:
    yield from serve(_Handler)


@pytest.fixture
def rejecting_web_server() -> Iterator[str]:
    yield from serve(_BadRequestHandler)


def test_unreachable_cluster_is_reported_on_open() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    store = ElasticStore(url, whitespace_tokenizer, request_timeout=5)
    with pytest.raises(StoreUnavailableError, match="unreachable") as excinfo:
        store.open()
    assert url in str(excinfo.value)
    with pytest.raises(StoreUnavailableError, match="not open"):
        store.count()


def test_a_server_that_is_not_elasticsearch_is_refused(other_web_server: str) -> None:
    store = ElasticStore(other_web_server, whitespace_tokenizer, request_timeout=5)
    with pytest.raises(StoreUnavailableError, match="not Elasticsearch"):
        store.open()


def test_a_server_rejecting_the_first_request_names_the_version_rule(rejecting_web_server: str) -> None:
    store = ElasticStore(rejecting_web_server, whitespace_tokenizer, request_timeout=5)
    with pytest.raises(StoreUnavailableError, match=r"supports Elasticsearch 9\.x only"):
        store.open()


def test_from_settings_needs_a_url() -> None:
    with pytest.raises(StoreUnavailableError, match=r"storage\.elasticsearch\.url"):
        ElasticStore.from_settings(Settings(), whitespace_tokenizer)


def test_from_settings_takes_connection_options_without_connecting() -> None:
    settings = Settings.model_validate(
        {
            "general": {
                "storage": {
                    "backend": "elasticsearch",
                    "elasticsearch": {
                        "url": "https://es.example.cn:9200",
                        "username": "qs",
                        "password": "secret",
                        "index_prefix": "env",
                        "request_timeout": 12.5,
                    },
                }
            }
        }
    )
    store = ElasticStore.from_settings(settings, whitespace_tokenizer)
    assert store.url == "https://es.example.cn:9200"
    assert store.layout.alias == "env-documents"
    assert store.basic_auth == ("qs", "secret")
    assert store.request_timeout == 12.5
    with pytest.raises(StoreUnavailableError, match="not open"):
        store.get("x")


def test_an_invalid_url_is_reported_on_open_not_on_construction() -> None:
    store = ElasticStore("http://localhost", whitespace_tokenizer)
    with pytest.raises(StoreUnavailableError, match="invalid Elasticsearch URL"):
        store.open()
