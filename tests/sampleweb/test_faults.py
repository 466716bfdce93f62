"""Fault endpoints: each misbehaves the documented way, and none holds the server."""

from __future__ import annotations

import json
import threading

import feedparser
import httpx
import pytest

from app.sampleweb import SampleWeb


def test_server_errors(client: httpx.Client) -> None:
    assert client.get("/faults/500").status_code == 500
    unavailable = client.get("/faults/503")
    assert (unavailable.status_code, unavailable.headers["retry-after"]) == (503, "2")


def test_flaky_fails_then_recovers(client: httpx.Client) -> None:
    statuses = [client.get("/faults/flaky", params={"key": "k1", "fail": "2"}).status_code for _ in range(4)]
    assert statuses == [500, 500, 200, 200]


def test_timeout_outlasts_a_short_client_timeout(client: httpx.Client) -> None:
    with pytest.raises(httpx.ReadTimeout):
        client.get("/faults/timeout", params={"seconds": "3"}, timeout=0.3)


def test_slow_drip_delivers_the_whole_body(client: httpx.Client) -> None:
    response = client.get("/faults/slow", params={"bytes": "600", "interval": "0.002"})
    assert response.status_code == 200
    assert len(response.content) == 600


def test_truncated_body_breaks_the_content_length_promise(client: httpx.Client) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/faults/truncated")


def test_reset_closes_without_answer(client: httpx.Client) -> None:
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.get("/faults/reset")


def test_redirects_loop_or_chain(client: httpx.Client) -> None:
    with pytest.raises(httpx.TooManyRedirects):
        client.get("/faults/redirect-loop", follow_redirects=True)
    final = client.get("/faults/redirect-chain", params={"n": "3"}, follow_redirects=True)
    assert (final.status_code, len(final.history)) == (200, 3)


def test_huge_page_is_50_mb_streamed(client: httpx.Client) -> None:
    with client.stream("GET", "/faults/huge") as response:
        assert int(response.headers["content-length"]) == 50 * 1024 * 1024
        size, first = 0, b""
        for chunk in response.iter_bytes():
            first = first or chunk
            size += len(chunk)
    assert size == 50 * 1024 * 1024
    assert first.startswith(b"<!DOCTYPE html>")
    chunked = client.get("/faults/huge", params={"mb": "1", "chunked": "1"})
    assert "content-length" not in chunked.headers
    assert len(chunked.content) == 1024 * 1024
    assert chunked.content.endswith(b"</body></html>")


def test_malformed_feed_and_json(client: httpx.Client) -> None:
    assert feedparser.parse(client.get("/faults/malformed.xml").content).bozo
    with pytest.raises(json.JSONDecodeError):
        client.get("/faults/malformed.json").json()


def test_wrong_encodings(client: httpx.Client) -> None:
    lying_header = client.get("/faults/wrong-encoding")
    assert lying_header.headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        lying_header.content.decode("utf-8")
    assert "故障测试页面" in lying_header.content.decode("gbk")
    lying_meta = client.get("/faults/wrong-meta")
    assert lying_meta.headers["content-type"] == "text/html"
    assert b"charset='utf-8'" in lying_meta.content
    assert "故障测试页面" in lying_meta.content.decode("gbk")


def test_empty_and_login_wall(client: httpx.Client) -> None:
    assert client.get("/faults/empty").content == b""
    assert "微博-登录" in client.get("/faults/login-wall").text


def test_stop_ends_a_sleeping_handler(sample_web: SampleWeb) -> None:
    outcome: list[object] = []

    def fetch() -> None:
        try:
            outcome.append(
                httpx.get(f"{sample_web.base_url}/faults/timeout?seconds=30", timeout=60).status_code
            )
        except httpx.HTTPError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=fetch)
    worker.start()
    while sample_web.requests_in_flight == 0 and worker.is_alive():
        worker.join(0.01)  # until the handler is sleeping
    sample_web.stop()
    worker.join(20)
    assert not worker.is_alive()
    assert outcome
