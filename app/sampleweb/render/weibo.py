"""JSON shapes of Weibo's mobile API (m.weibo.cn ``api/container/getIndex``, ``statuses/extend``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.sampleweb.content.catalog import Catalog, engagement_at
from app.sampleweb.content.model import Account, Post
from app.sampleweb.render.weibo_text import (
    created_at,
    follower_text,
    is_long_text,
    markup_to_html,
    mid_to_bid,
    truncated_markup,
)
from app.sampleweb.urls import post_path

PAGE_SIZE = 10
EMPTY = {"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}


@dataclass(frozen=True)
class RenderContext:
    """What every mblog needs: the catalog, the scenario time, the base URL and the created_at style."""

    catalog: Catalog
    now: datetime
    base_url: str
    time_style: str


def user_json(account: Account, ctx: RenderContext) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": account.uid,
        "screen_name": account.screen_name,
        "profile_image_url": f"https://tvax1.sinaimg.cn/crop.0.0.180.180.180/{account.uid:x}.jpg",
        "profile_url": f"{ctx.base_url}/weibo/u/{account.uid}?uid={account.uid}&luicode=10000011",
        "statuses_count": 200 + account.uid % 3000,
        "verified": account.verified,
        "verified_type": account.verified_type,
        "description": account.description,
        "gender": "m" if account.uid % 2 else "f",
        "urank": 4 + account.uid % 40,
        "mbrank": account.uid % 7,
        "follow_me": False,
        "following": False,
        "followers_count": follower_text(account.followers),
        "follow_count": 100 + account.uid % 500,
    }
    if account.verified:
        user["verified_reason"] = account.verified_reason
    return user


def _text_html(post: Post) -> str:
    if not is_long_text(post.text):
        return markup_to_html(post.text)
    return markup_to_html(truncated_markup(post.text)) + f'...<a href="/status/{post.mid}">全文</a>'


def mblog_json(post: Post, ctx: RenderContext, *, with_original: bool = True) -> dict[str, Any]:
    """One mblog as the mobile API returns it; reposts embed their original as ``retweeted_status``."""
    counts = engagement_at(post, ctx.now)
    mblog: dict[str, Any] = {
        "visible": {"type": 0, "list_id": 0},
        "created_at": created_at(post.published_at, ctx.now, post.mid, ctx.time_style),
        "id": str(post.mid),
        "mid": str(post.mid),
        "bid": mid_to_bid(post.mid),
        "can_edit": False,
        "text": _text_html(post),
        "textLength": sum(2 if ord(ch) > 127 else 1 for ch in post.text),
        "source": post.app,
        "favorited": False,
        "isLongText": is_long_text(post.text),
        "pic_num": 0,
        "is_paid": False,
        "mblog_vip_type": 0,
        "user": user_json(post.account, ctx),
        "reposts_count": counts.reposts,
        "comments_count": counts.comments,
        "attitudes_count": counts.likes,
        "pending_approval_count": 0,
        "region_name": f"发布于 {post.account.province}",
    }
    original = ctx.catalog.post(post.repost_of, ctx.now) if post.repost_of and with_original else None
    if original is not None:
        mblog["retweeted_status"] = mblog_json(original, ctx, with_original=False)
    return mblog


def _card(post: Post, ctx: RenderContext, position: int, query: str) -> dict[str, Any]:
    return {
        "card_type": 9,
        "itemid": f"seqid:{post.mid % 997}|type:1|t:|pos:1-0-{position}|q:{query}|ext:&mid={post.mid}&",
        "scheme": f"{ctx.base_url}{post_path(post.mid)}?mblogid={mid_to_bid(post.mid)}&luicode=10000011",
        "mblog": mblog_json(post, ctx),
        "show_type": 0,
    }


def card_page(
    posts: list[Post], page: int, containerid: str, title: str, query: str, ctx: RenderContext
) -> dict[str, Any]:
    """One page of cards (10 mblog cards, plus a non-post card on the first page of a search)."""
    chunk = posts[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    if page < 1 or not chunk:
        return EMPTY
    has_next = page * PAGE_SIZE < len(posts)
    cards = [_card(p, ctx, i, query) for i, p in enumerate(chunk)]
    if page == 1 and query:
        hint = {"card_type": 11, "card_group": [{"card_type": 4, "desc": f"大家都在搜：{query}最新进展"}]}
        cards.insert(min(2, len(cards)), hint)
    info: dict[str, Any] = {
        "containerid": containerid,
        "v_p": 42,
        "show_style": 1,
        "total": len(posts),
        "title_top": title,
        "page": page + 1 if has_next else None,
    }
    if has_next:
        info["since_id"] = chunk[-1].mid
    return {"ok": 1, "data": {"cardlistInfo": info, "cards": cards}}


def long_text_json(post: Post, ctx: RenderContext) -> dict[str, Any]:
    counts = engagement_at(post, ctx.now)
    return {
        "ok": 1,
        "data": {
            "ok": 1,
            "longTextContent": markup_to_html(post.text),
            "reposts_count": counts.reposts,
            "comments_count": counts.comments,
            "attitudes_count": counts.likes,
        },
    }
