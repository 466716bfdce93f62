"""Parsing the m.weibo.cn mobile API: cards, posts, reposts, counts, login answers."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawlers.errors import SourceBlockedError
from crawlers.timeparse import SHANGHAI
from crawlers.weibo_api import (
    check_payload,
    headline,
    parse_count,
    parse_long_text,
    parse_page,
    parse_users,
    search_url,
    timeline_url,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)

ORIGINAL = {
    "id": "100",
    "mid": "100",
    "created_at": "Fri Nov 20 09:00:00 +0800 2026",
    "text": '河里好多死鱼<span class=\'url-icon\'><img alt="[怒]" src="x.png" /></span><br />谁来管管',
    "user": {"id": 42, "screen_name": "某县生态环境", "verified": True, "verified_type": 1},
    "reposts_count": "1.2万",
    "comments_count": 30,
    "attitudes_count": "100万+",
}
REPOST = {
    "id": "200",
    "mid": "200",
    "created_at": "5分钟前",
    "text": "转发 //<a href='/n/小王'>@小王</a>:真的假的",
    "isLongText": True,
    "user": {"id": 7, "screen_name": "路人甲", "verified": False, "verified_type": -1},
    "reposts_count": 1,
    "comments_count": 0,
    "attitudes_count": 2,
    "retweeted_status": ORIGINAL,
}
SEARCH_PAGE = {
    "ok": 1,
    "data": {
        "cardlistInfo": {"page": 2},
        "cards": [
            {
                "card_type": 11,
                "card_group": [{"card_type": 4, "desc": "大家都在搜"}, {"card_type": 9, "mblog": REPOST}],
            },
            {"card_type": 9, "mblog": ORIGINAL},
            {"card_type": 58, "desc": "hint"},
        ],
    },
}


def test_posts_come_from_cards_and_card_groups() -> None:
    page = parse_page(SEARCH_PAGE, NOW)
    assert [p.mid for p in page.posts] == ["200", "100"]
    assert page.next_page == 2


def test_a_post_is_plain_text_with_user_time_and_counts() -> None:
    original = parse_page(SEARCH_PAGE, NOW).posts[1]
    assert original.text == "河里好多死鱼[怒]\n谁来管管"
    assert original.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
    assert original.user is not None
    assert (original.user.uid, original.user.verified_type) == ("42", 1)
    assert (original.reposts, original.comments, original.likes) == (12000, 30, 1_000_000)


def test_a_repost_carries_its_original() -> None:
    repost = parse_page(SEARCH_PAGE, NOW).posts[0]
    assert repost.created_at == datetime(2026, 11, 20, 11, 55, tzinfo=SHANGHAI)
    assert repost.is_long_text
    assert repost.text == "转发 //@小王:真的假的"
    assert repost.retweeted is not None
    assert repost.retweeted.mid == "100"


def test_last_page_and_empty_answers_have_no_next_page() -> None:
    last = {"ok": 1, "data": {"cardlistInfo": {"page": None}, "cards": [{"card_type": 9, "mblog": ORIGINAL}]}}
    assert parse_page(last, NOW).next_page is None
    empty = {"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}
    assert parse_page(empty, NOW).posts == []


def test_login_answer_is_a_block_not_an_empty_result() -> None:
    with pytest.raises(SourceBlockedError) as raised:
        check_payload({"ok": -100, "url": "https://passport.weibo.cn/signin/welcome"}, "u")
    assert raised.value.kind == "login_wall"


@pytest.mark.parametrize("payload", [[], "x", {"data": {}}])
def test_other_shapes_are_rejected(payload: object) -> None:
    with pytest.raises(ValueError, match=r"JSON object|not a Weibo"):
        check_payload(payload, "u")


def test_user_search_and_long_text() -> None:
    users = parse_users(
        {"ok": 1, "data": {"cards": [{"card_group": [{"card_type": 10, "user": ORIGINAL["user"]}]}]}}
    )
    assert [u.screen_name for u in users] == ["某县生态环境"]
    assert parse_long_text({"ok": 1, "data": {"longTextContent": "全文<br/>第二段"}}) == "全文\n第二段"


@pytest.mark.parametrize(
    ("value", "count"), [(5, 5), ("12", 12), ("3.5万", 35000), ("1亿", 100_000_000), ("", 0), (None, 0)]
)
def test_counts(value: object, count: int) -> None:
    assert parse_count(value) == count


def test_urls_and_headline() -> None:
    assert search_url("https://m.weibo.cn", "死鱼", 2).endswith(
        "containerid=100103type%3D1%26q%3D%E6%AD%BB%E9%B1%BC&page_type=searchall&page=2"
    )
    assert timeline_url("https://m.weibo.cn", "123", 1).endswith("containerid=107603123&page=1")
    assert headline("短句\n第二行") == "短句"
    assert headline("长" * 50) == "长" * 40 + "…"
