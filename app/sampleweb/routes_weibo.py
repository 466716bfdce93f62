"""Routes of the Weibo-shaped API: search and timelines, long texts, post pages, login walls and bans."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, quote

from app.sampleweb.content.model import Post
from app.sampleweb.modes import WEIBO_TIME
from app.sampleweb.render import weibo, weibo_pages
from app.sampleweb.response import JSON_UTF8, Response, html_response
from app.sampleweb.state import Request, ServerState

SEARCH_PREFIX, TIMELINE_PREFIX = "100103", "107603"
LOGIN_PATH = "/weibo/passport/signin/welcome"
_DETAIL = re.compile(r"^/weibo/detail/(\d+)$")


def json_response(payload: dict[str, Any], status: int = 200) -> Response:
    return Response(
        status=status, body=json.dumps(payload, ensure_ascii=False).encode(), content_type=JSON_UTF8
    )


def _login_url(req: Request, state: ServerState) -> str:
    return f"{state.base_url}{LOGIN_PATH}?entry=mweibo&r={quote(state.base_url + req.raw_target, safe='')}"


def ban_response(mode: str, req: Request, state: ServerState) -> Response | None:
    """What a banned or logged-out client gets instead of data, for the weibo-only modes."""
    if mode == "empty":
        return json_response(weibo.EMPTY)
    if mode == "login_json":
        return json_response({"ok": -100, "url": _login_url(req, state)})
    if mode == "login_page":
        return html_response(weibo_pages.render_login_page(state.base_url + req.raw_target))
    if mode == "login_redirect":
        return Response(status=302, headers={"Location": _login_url(req, state)}, content_type=None)
    if mode in ("http418", "http432"):
        status = int(mode[4:])
        return html_response(
            f"<html><body><h1>{status}</h1><p>访问过于频繁，请稍后再试。</p></body></html>", status=status
        )
    if mode == "captcha":
        return html_response(weibo_pages.render_captcha_page())
    return None


def _context(state: ServerState) -> weibo.RenderContext:
    return weibo.RenderContext(state.catalog, state.now(), state.base_url, state.modes.get(WEIBO_TIME))


def _search_terms(containerid: str, query: dict[str, str]) -> list[str]:
    params = {k: v[0] for k, v in parse_qs(containerid[len(SEARCH_PREFIX) :]).items()}
    q = params.get("q") or query.get("q", "")
    return q.lower().split()


def _matches(post: Post, terms: list[str]) -> bool:
    text = post.text.lower()
    return bool(terms) and all(term in text for term in terms)


def _page_number(query: dict[str, str]) -> int:
    try:
        return int(query.get("page", "1"))
    except ValueError:
        return 1


def get_index(req: Request, state: ServerState) -> Response:
    """``api/container/getIndex``: keyword search (100103…) or an account's timeline (107603<uid>)."""
    ctx, cid, page = _context(state), req.query.get("containerid", ""), _page_number(req.query)
    posts = state.catalog.visible_posts(ctx.now)
    if cid.startswith(SEARCH_PREFIX):
        terms = _search_terms(cid, req.query)
        found = [p for p in posts if _matches(p, terms)]
        return json_response(weibo.card_page(found, page, cid, " ".join(terms), " ".join(terms), ctx))
    if cid.startswith(TIMELINE_PREFIX) and cid[len(TIMELINE_PREFIX) :].isdigit():
        account = state.catalog.accounts.get(int(cid[len(TIMELINE_PREFIX) :]))
        if account is None:
            return json_response(weibo.EMPTY)
        own = [p for p in posts if p.account.uid == account.uid]
        return json_response(weibo.card_page(own, page, cid, account.screen_name, "", ctx))
    return json_response(weibo.EMPTY)


def _post_from(value: str, state: ServerState) -> Post | None:
    return state.catalog.post(int(value), state.now()) if value.isdigit() else None


def weibo_route(req: Request, state: ServerState) -> Response | None:
    if req.path == LOGIN_PATH:
        return html_response(weibo_pages.render_login_page(req.query.get("r", "")))
    banned = ban_response(state.modes.get("weibo"), req, state)
    if banned is not None:
        return banned
    if req.path == "/weibo/api/container/getIndex":
        return get_index(req, state)
    if req.path == "/weibo/statuses/extend":
        post = _post_from(req.query.get("id", ""), state)
        return json_response(
            weibo.long_text_json(post, _context(state)) if post else {"ok": 0, "msg": "微博不存在"}
        )
    if (match := _DETAIL.match(req.path)) and (post := _post_from(match.group(1), state)):
        return html_response(weibo_pages.render_detail(weibo.mblog_json(post, _context(state))))
    return None
