"""The Weibo-shaped mobile API: search, timelines, paging, created_at forms, reposts, engagement, long text."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import httpx

from app.sampleweb import SampleWeb
from app.sampleweb.content.accounts import JINGXIAN_BUREAU

API = "/weibo/api/container/getIndex"


def search(client: httpx.Client, keyword: str, page: int = 1) -> dict[str, Any]:
    params = {"containerid": f"100103type=1&q={keyword}", "page_type": "searchall", "page": str(page)}
    data: dict[str, Any] = client.get(API, params=params).json()
    return data


def mblogs(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [card["mblog"] for card in payload["data"]["cards"] if "mblog" in card]


def test_search_shape_and_non_post_cards(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=6))
    payload = search(client, "死鱼")
    assert payload["ok"] == 1
    cards = payload["data"]["cards"]
    assert any("mblog" not in card for card in cards)
    blog = mblogs(payload)[0]
    for key in (
        "id",
        "mid",
        "bid",
        "created_at",
        "text",
        "reposts_count",
        "comments_count",
        "attitudes_count",
    ):
        assert key in blog
    assert {"id", "screen_name", "verified", "verified_type"} <= blog["user"].keys()
    assert all("死鱼" in re.sub(r"<[^>]+>", "", b["text"]) for b in mblogs(payload))
    assert payload["data"]["cardlistInfo"]["total"] == len(mblogs(payload))


def test_search_pages_until_ok_0(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(days=5))
    first = search(client, "泾县")
    assert len(mblogs(first)) == 10
    assert first["data"]["cardlistInfo"]["page"] == 2
    seen, page = [], 1
    while page is not None:
        payload = search(client, "泾县", page)
        seen += [b["id"] for b in mblogs(payload)]
        page = payload["data"]["cardlistInfo"]["page"]
    assert len(seen) == len(set(seen)) == first["data"]["cardlistInfo"]["total"]
    past_end = search(client, "泾县", 99)
    assert past_end == {"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}


def test_encoded_containerid_is_understood(sample_web: SampleWeb) -> None:
    raw = (
        f"{sample_web.base_url}{API}?containerid=100103type%3D1%26q%3D%E9%9B%BE%E9%9C%BE&page_type=searchall"
    )
    assert mblogs(httpx.get(raw).json())


def test_official_timeline_and_verified_types(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(days=5))
    payload = client.get(API, params={"containerid": f"107603{JINGXIAN_BUREAU.uid}"}).json()
    posts = mblogs(payload)
    assert len(posts) == 3
    assert all(p["user"]["verified"] and p["user"]["verified_type"] == 1 for p in posts)
    assert posts[0]["user"]["verified_reason"] == "宣城市泾县生态环境分局官方微博"
    unknown = client.get(API, params={"containerid": "1076030000000001"}).json()
    assert unknown["ok"] == 0


def test_reposts_embed_their_original(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=3))
    reposts = [b for b in mblogs(search(client, "琴溪河")) if "retweeted_status" in b]
    assert reposts
    original = reposts[0]["retweeted_status"]
    assert original["id"] != reposts[0]["id"]
    assert "retweeted_status" not in original
    old = [b for b in mblogs(search(client, "去年")) if "retweeted_status" in b]
    assert old[0]["retweeted_status"]["created_at"] in ("2025-11-03", "Mon Nov 03 08:30:00 +0800 2025")


def test_created_at_takes_every_form_as_time_passes(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.set_mode("weibo_time", "relative")
    forms: set[str] = set()
    patterns = {
        "刚刚": r"^刚刚$",
        "分钟前": r"^\d+分钟前$",
        "小时前": r"^\d+小时前$",
        "今天": r"^今天 \d\d:\d\d$",
        "昨天": r"^昨天 \d\d:\d\d$",
        "MM-DD": r"^\d\d-\d\d$",
        "YYYY-MM-DD": r"^\d{4}-\d\d-\d\d$",
    }
    for minutes in (40, 41, 55, 120, 360, 24 * 60 + 30, 5 * 24 * 60):
        sample_web.clock.set(sample_web.clock.start + timedelta(minutes=minutes))
        for page in (1, 2, 3):
            for blog in mblogs(search(client, "琴溪河", page)) + mblogs(search(client, "死鱼", page)):
                for stamp in (blog["created_at"], blog.get("retweeted_status", {}).get("created_at", "")):
                    forms |= {name for name, pattern in patterns.items() if re.match(pattern, stamp)}
    assert forms == set(patterns)
    sample_web.set_mode("weibo_time", "classic")
    stamp = mblogs(search(client, "死鱼"))[0]["created_at"]
    assert re.match(r"^\w{3} \w{3} \d\d \d\d:\d\d:\d\d \+0800 \d{4}$", stamp)


def test_engagement_rises_with_scenario_time(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=3))
    early = {b["id"]: b["reposts_count"] for b in mblogs(search(client, "江淮晨报"))}
    sample_web.clock.advance(timedelta(hours=6))
    later = {b["id"]: b["reposts_count"] for b in mblogs(search(client, "江淮晨报"))}
    assert any(later[mid] > count for mid, count in early.items())
    assert all(later[mid] >= count for mid, count in early.items())


def test_long_text_is_truncated_and_available_in_full(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=3))
    long_posts = [b for b in mblogs(search(client, "自己判断")) if b["isLongText"]]
    assert long_posts
    blog = long_posts[0]
    assert blog["text"].endswith(f'...<a href="/status/{blog["mid"]}">全文</a>')
    full = client.get("/weibo/statuses/extend", params={"id": blog["mid"]}).json()
    assert full["ok"] == 1
    assert len(full["data"]["longTextContent"]) > len(blog["text"]) - 40
    assert "别又是一句" in full["data"]["longTextContent"]


def test_detail_page_embeds_the_post(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.clock.advance(timedelta(hours=1))
    blog = mblogs(search(client, "死鱼"))[0]
    page = client.get(f"/weibo/detail/{blog['mid']}").text
    data = re.search(r"var \$render_data = (\[.*\])\[0\]", page)
    assert data is not None
    assert json.loads(data.group(1))[0]["status"]["id"] == blog["id"]
    assert client.get("/weibo/detail/5261999999999999").status_code == 404
