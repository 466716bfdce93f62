"""Per-source modes: Weibo bans and login walls, and the generic faults applied to any source."""

from __future__ import annotations

import json

import feedparser
import httpx
import pytest

from app.sampleweb import SampleWeb

SEARCH = "/weibo/api/container/getIndex?containerid=100103type%3D1%26q%3D%E9%9B%BE%E9%9C%BE"


def test_login_json_is_the_real_apis_not_logged_in_answer(
    sample_web: SampleWeb, client: httpx.Client
) -> None:
    sample_web.set_mode("weibo", "login_json")
    payload = client.get(SEARCH).json()
    assert payload["ok"] == -100
    assert payload["url"].startswith(f"{sample_web.base_url}/weibo/passport/signin/welcome?entry=mweibo&r=")


def test_login_page_and_redirect(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.set_mode("weibo", "login_page")
    page = client.get(SEARCH)
    assert (page.status_code, page.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "<title>微博-登录</title>" in page.text
    sample_web.set_mode("weibo", "login_redirect")
    redirect = client.get(SEARCH)
    assert redirect.status_code == 302
    assert "/weibo/passport/signin/welcome?" in redirect.headers["location"]
    landed = client.get(SEARCH, follow_redirects=True)
    assert (landed.status_code, "微博-登录" in landed.text) == (200, True)


@pytest.mark.parametrize(("mode", "status"), [("http418", 418), ("http432", 432)])
def test_ban_statuses(sample_web: SampleWeb, client: httpx.Client, mode: str, status: int) -> None:
    sample_web.set_mode("weibo", mode)
    assert client.get(SEARCH).status_code == status


def test_captcha_and_silent_empty(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.set_mode("weibo", "captcha")
    assert "请输入验证码" in client.get(SEARCH).text
    sample_web.set_mode("weibo", "empty")
    assert client.get(SEARCH).json() == {"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}
    sample_web.set_mode("weibo", "ok")
    assert client.get(SEARCH).json()["ok"] == 1


def test_a_fault_on_one_source_leaves_the_others_alone(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.set_mode("newsa", "error500")
    assert client.get("/newsa/env/index.html").status_code == 500
    assert client.get("/newsb/hbxw/list.shtml").status_code == 200
    assert client.get(SEARCH).json()["ok"] == 1
    assert client.get("/robots.txt").status_code == 200


def test_truncated_and_malformed_modes(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.set_mode("board", "truncated")
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/board/api/threads/list")
    sample_web.set_mode("feeds", "malformed")
    assert feedparser.parse(client.get("/feeds/rss.xml").content).bozo
    sample_web.set_mode("weibo", "malformed")
    with pytest.raises(json.JSONDecodeError):
        client.get(SEARCH).json()


def test_wrong_encoding_mode_lies_in_the_header(sample_web: SampleWeb, client: httpx.Client) -> None:
    sample_web.set_mode("newsb", "wrong_encoding")
    page = client.get("/newsb/hbxw/list.shtml")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "环保新闻" in page.content.decode("gbk")
    sample_web.set_mode("newsa", "wrong_encoding")
    assert client.get("/newsa/").headers["content-type"] == "text/html; charset=gbk"


def test_slow_and_timeout_modes(sample_web: SampleWeb, client: httpx.Client) -> None:
    normal = client.get("/bureau/xwfb/index.html").content
    sample_web.set_mode("bureau", "slow")
    slow = client.get("/bureau/xwfb/index.html")
    assert (slow.status_code, slow.content) == (200, normal)
    sample_web.set_mode("bureau", "timeout")
    with pytest.raises(httpx.ReadTimeout):
        client.get("/bureau/xwfb/index.html", timeout=0.3)
