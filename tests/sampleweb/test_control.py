"""The control API and the Python API: clock, ground truth, modes, request log."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from app.sampleweb import SCENARIO_START, SampleWeb, ServerStateError, UnknownModeError


def test_clock_endpoint_sets_and_advances(sample_web: SampleWeb, client: httpx.Client) -> None:
    assert client.get("/_control/clock").json()["now"] == "2026-11-20T08:00:00+08:00"
    moved = client.post("/_control/clock", json={"advance_minutes": 90}).json()
    assert moved["now"] == "2026-11-20T09:30:00+08:00"
    jumped = client.post("/_control/clock", json={"now": "2026-11-21T00:00:00+08:00"}).json()
    assert jumped["now"] == "2026-11-21T00:00:00+08:00"
    assert sample_web.clock.now() == SCENARIO_START + timedelta(hours=16)
    assert client.post("/_control/clock", json={"now": "yesterday"}).status_code == 400


def test_ground_truth_grows_with_time_and_matches_the_python_api(
    sample_web: SampleWeb, client: httpx.Client
) -> None:
    at_start = client.get("/_control/items").json()
    assert at_start["count"] == len(sample_web.ground_truth()) > 0
    assert all(item["published_at"] <= at_start["now"] for item in at_start["items"])
    assert not any(item["event"] == "fishkill" and item["source"] != "weibo" for item in at_start["items"])
    sample_web.clock.advance(timedelta(days=5))
    later = client.get("/_control/items").json()
    everything = client.get("/_control/items", params={"include_future": "1"}).json()
    assert at_start["count"] < later["count"] == everything["count"]
    assert [i["id"] for i in later["items"]] == [i.id for i in sample_web.ground_truth()]
    roles = {(i["event"], i["role"]) for i in later["items"]}
    assert {("fishkill", "report"), ("fishkill", "complaint"), ("fishkill", "official_response")} <= roles
    assert ("fishkill", "followup") in roles


def test_ground_truth_urls_resolve(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(days=5))
    items = sample_web.ground_truth()
    assert len({i.url for i in items}) == len(items)
    kinds = {i.kind: i for i in items}
    assert set(kinds) == {"article", "post", "repost", "thread"}
    for item in kinds.values():
        assert client.get(item.url).status_code == 200
    disallowed = [i for i in items if i.robots_disallowed]
    assert disallowed
    assert all("/newsa/internal/" in i.url for i in disallowed)
    reposts = [i for i in items if i.kind == "repost"]
    ids = {i.id for i in items}
    assert all(r.parent_id in ids for r in reposts)
    assert sum(i.feed_listed for i in items) == 20


def test_modes_endpoint_validates(client: httpx.Client, sample_web: SampleWeb) -> None:
    modes = client.post("/_control/modes", json={"source": "weibo", "mode": "http418"}).json()
    assert modes["weibo"] == "http418"
    assert client.post("/_control/modes", json={"source": "weibo", "mode": "melt"}).status_code == 400
    assert client.post("/_control/modes", json={"source": "moon", "mode": "ok"}).status_code == 400
    assert client.post("/_control/modes", content=b"not json").status_code == 400
    with pytest.raises(UnknownModeError):
        sample_web.set_mode("feeds", "login_json")
    client.post("/_control/reset")
    assert set(client.get("/_control/modes").json().values()) == {"ok", "mixed"}


def test_request_log_counts_paths_and_statuses(client: httpx.Client) -> None:
    etag = client.get("/newsa/env/index.html").headers["etag"]
    client.get("/newsa/env/index.html", headers={"If-None-Match": etag})
    client.get("/faults/private/secret.html?x=1")
    log = client.get("/_control/requests").json()
    assert log["by_path"]["/newsa/env/index.html"] == {"200": 1, "304": 1}
    assert log["by_path"]["/faults/private/secret.html"] == {"200": 1}


def test_server_lifecycle_errors() -> None:
    web = SampleWeb()
    with pytest.raises(ServerStateError):
        _ = web.base_url
    with pytest.raises(ValueError, match="loopback"):
        SampleWeb(host="0.0.0.0")
    with web:
        with pytest.raises(ServerStateError):
            web.start()
        assert web.base_url.startswith("http://127.0.0.1:")
    web.stop()
