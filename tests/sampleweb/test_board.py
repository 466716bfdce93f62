"""The message-board API: nested fields, paging, Chinese statuses changing over scenario time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from app.sampleweb import SampleWeb

LIST = "/board/api/threads/list"
FISHKILL_TID = 1002315


def threads(client: httpx.Client, **params: str) -> dict[str, Any]:
    payload: dict[str, Any] = client.get(LIST, params=params).json()
    assert payload["resultCode"] == "200"
    return payload["responseData"]


def find(client: httpx.Client, tid: int) -> dict[str, Any]:
    payload: dict[str, Any] = client.get("/board/api/threads/content", params={"tid": str(tid)}).json()
    return payload


def test_list_shape_needs_a_field_mapping(client: httpx.Client) -> None:
    data = threads(client)
    entry = data["list"][0]
    assert {"tid", "threadsTitle", "threadsContent", "dateline", "stateInfo", "reply", "area"} <= entry.keys()
    assert {"provinceName", "cityName", "countyName", "areaCode"} <= entry["area"].keys()
    assert isinstance(entry["dateline"], int)
    assert {e["stateInfo"] for e in data["list"]} <= {"未回复", "办理中", "已回复"}
    datelines = [e["dateline"] for e in data["list"]]
    assert datelines == sorted(datelines, reverse=True)


def test_paging_and_forum_filter(client: httpx.Client) -> None:
    first = threads(client, rows="5", page="1")
    assert first["page"]["totalPage"] == -(-first["page"]["totalCount"] // 5)
    tids = []
    for page in range(1, first["page"]["totalPage"] + 1):
        tids += [e["tid"] for e in threads(client, rows="5", page=str(page))["list"]]
    assert len(tids) == len(set(tids)) == first["page"]["totalCount"]
    assert threads(client, rows="5", page="99")["list"] == []
    assert {e["fid"] for e in threads(client, fid="3418")["list"]} == {3418}


def test_complaint_appears_then_is_handled_then_answered(sample_web: SampleWeb, client: httpx.Client) -> None:
    assert find(client, FISHKILL_TID) == {
        "resultCode": "404",
        "resultMsg": "留言不存在",
        "responseData": None,
    }
    sample_web.clock.advance(timedelta(hours=2))
    entry = find(client, FISHKILL_TID)["responseData"]
    assert entry["area"]["countyName"] == "泾县"
    assert (entry["stateInfo"], entry["reply"]) == ("未回复", None)
    sample_web.clock.advance(timedelta(hours=2))
    assert find(client, FISHKILL_TID)["responseData"]["stateInfo"] == "办理中"
    sample_web.clock.advance(timedelta(days=1))
    answered = find(client, FISHKILL_TID)["responseData"]
    assert answered["stateInfo"] == "已回复"
    assert answered["reply"]["replyOrg"] == "宣城市泾县生态环境分局"
    assert answered["reply"]["replyTime"] > answered["dateline"]
    page = client.get("/board/threads/content", params={"tid": str(FISHKILL_TID)}).text
    assert "琴溪河大量死鱼" in page
    assert "已回复" in page
