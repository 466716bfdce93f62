"""Weibo's mobile JSON API (m.weibo.cn): request URLs and the parsing of its answers.

Search and timelines answer ``{"ok": 1, "data": {"cards": [...], "cardlistInfo": {"page": 2}}}``;
posts (``mblog``) sit in cards of ``card_type`` 9, directly or inside a ``card_group``. A login wall
answers ``{"ok": -100, "url": "https://passport.weibo.cn/signin/..."}``; "no results" is ``ok: 0``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from crawlers.errors import SourceBlockedError
from crawlers.textclean import strip_html
from crawlers.timeparse import parse_weibo_time

POST_CARD = 9
LOGIN_REQUIRED = -100
_COUNT = re.compile(r"^([\d.]+)\s*(万|亿)?\+?$")


@dataclass(frozen=True)
class WeiboUser:
    uid: str
    screen_name: str
    verified: bool = False
    verified_type: int = -1


@dataclass(frozen=True)
class WeiboPost:
    """One post, its HTML stripped; ``retweeted`` is the reposted original, if any."""

    mid: str
    text: str
    created_at: datetime | None
    user: WeiboUser | None
    reposts: int = 0
    comments: int = 0
    likes: int = 0
    is_long_text: bool = False
    retweeted: WeiboPost | None = None


@dataclass(frozen=True)
class WeiboPage:
    posts: list[WeiboPost]
    next_page: int | None


def search_url(api_base: str, keyword: str, page: int) -> str:
    containerid = quote(f"100103type=1&q={keyword}", safe="")
    return f"{api_base}/api/container/getIndex?containerid={containerid}&page_type=searchall&page={page}"


def user_search_url(api_base: str, name: str) -> str:
    containerid = quote(f"100103type=3&q={name}", safe="")
    return f"{api_base}/api/container/getIndex?containerid={containerid}&page_type=searchall"


def timeline_url(api_base: str, uid: str, page: int) -> str:
    return f"{api_base}/api/container/getIndex?type=uid&value={uid}&containerid=107603{uid}&page={page}"


def long_text_url(api_base: str, mid: str) -> str:
    return f"{api_base}/statuses/extend?id={mid}"


def post_url(api_base: str, mid: str) -> str:
    return f"{api_base}/detail/{mid}"


def check_payload(payload: object, url: str) -> Mapping[str, Any]:
    """The payload as a mapping; a login answer raises SourceBlockedError, other shapes ValueError."""
    if not isinstance(payload, Mapping):
        raise ValueError(f"expected a JSON object, got {type(payload).__name__}")
    if payload.get("ok") == LOGIN_REQUIRED:
        raise SourceBlockedError("login_wall", str(payload.get("url") or url))
    if "ok" not in payload:
        raise ValueError("not a Weibo API answer (no 'ok' key)")
    return payload


def parse_page(payload: Mapping[str, Any], now: datetime) -> WeiboPage:
    """Posts of a search or timeline answer, and the next page number (None when it is the last)."""
    if payload.get("ok") != 1:
        return WeiboPage(posts=[], next_page=None)
    data = payload.get("data") or {}
    posts = [parse_post(mblog, now) for mblog in _mblogs(data.get("cards") or [])]
    info = data.get("cardlistInfo") or {}
    raw_next = info.get("page")
    next_page = int(raw_next) if isinstance(raw_next, int | str) and str(raw_next).isdigit() else None
    return WeiboPage(posts=posts, next_page=next_page if posts else None)


def parse_users(payload: Mapping[str, Any]) -> list[WeiboUser]:
    """Users listed by a user search answer."""
    data = payload.get("data") or {}
    users: list[WeiboUser] = []
    for card in _walk_cards(data.get("cards") or []):
        if isinstance(card.get("user"), Mapping):
            user = _parse_user(card["user"])
            if user is not None:
                users.append(user)
    return users


def parse_long_text(payload: Mapping[str, Any]) -> str | None:
    data = payload.get("data") or {}
    content = data.get("longTextContent")
    return strip_html(content) if isinstance(content, str) and content else None


def parse_post(mblog: Mapping[str, Any], now: datetime) -> WeiboPost:
    """One ``mblog`` object."""
    retweeted = mblog.get("retweeted_status")
    return WeiboPost(
        mid=str(mblog.get("mid") or mblog.get("id") or ""),
        text=strip_html(str(mblog.get("text") or "")),
        created_at=parse_weibo_time(str(mblog.get("created_at") or ""), now),
        user=_parse_user(mblog.get("user")),
        reposts=parse_count(mblog.get("reposts_count")),
        comments=parse_count(mblog.get("comments_count")),
        likes=parse_count(mblog.get("attitudes_count")),
        is_long_text=bool(mblog.get("isLongText")),
        retweeted=parse_post(retweeted, now) if isinstance(retweeted, Mapping) else None,
    )


def parse_count(value: object) -> int:
    """Counts as Weibo shows them: 12, "12", "1.2万", "100万+"."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int | float):
        return max(0, int(value))
    match = _COUNT.match(str(value).strip())
    if match is None:
        return 0
    number = float(match.group(1))
    scale = {"万": 10_000, "亿": 100_000_000}.get(match.group(2) or "", 1)
    return int(number * scale)


def headline(text: str, limit: int = 40) -> str:
    """A title for a post: its first line, cut at ``limit`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[:limit] + "…"


def _parse_user(user: object) -> WeiboUser | None:
    if not isinstance(user, Mapping) or user.get("id") is None:
        return None
    verified_type = user.get("verified_type")
    return WeiboUser(
        uid=str(user["id"]),
        screen_name=str(user.get("screen_name") or ""),
        verified=bool(user.get("verified")),
        verified_type=int(verified_type) if isinstance(verified_type, int) else -1,
    )


def _mblogs(cards: list[Any]) -> Iterator[Mapping[str, Any]]:
    for card in _walk_cards(cards):
        mblog = card.get("mblog")
        if card.get("card_type") == POST_CARD and isinstance(mblog, Mapping):
            yield mblog


def _walk_cards(cards: list[Any]) -> Iterator[Mapping[str, Any]]:
    for card in cards:
        if not isinstance(card, Mapping):
            continue
        yield card
        group = card.get("card_group")
        if isinstance(group, list):
            yield from _walk_cards(group)
