"""The message board's JSON API (人民网领导留言板 / 12369 style) and its thread pages."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from app.sampleweb.content.model import Thread

MAX_ROWS = 50


def thread_json(thread: Thread, now: datetime) -> dict[str, Any]:
    """One thread; status and reply depend on the scenario time."""
    status = thread.status_at(now)
    reply = None
    if status == "已回复" and thread.reply is not None:
        reply = {
            "replyOrg": thread.reply.org,
            "replyContent": thread.reply.text,
            "replyTime": int(thread.reply.replied_at.timestamp()),
        }
    return {
        "tid": thread.tid,
        "fid": thread.fid,
        "threadsTitle": thread.title,
        "threadsContent": thread.content,
        "domainName": thread.domain,
        "typeName": thread.type_name,
        "area": {
            "provinceName": thread.area.province,
            "cityName": thread.area.city,
            "countyName": thread.area.county,
            "areaCode": thread.area.code,
        },
        "dateline": int(thread.submitted_at.timestamp()),
        "stateInfo": status,
        "reply": reply,
    }


def list_json(threads: list[Thread], page: int, rows: int, now: datetime) -> dict[str, Any]:
    """A page of the list; past the end the list is empty."""
    total_pages = max(1, -(-len(threads) // rows))
    chunk = threads[(page - 1) * rows : page * rows] if page >= 1 else []
    return {
        "resultCode": "200",
        "resultMsg": "success",
        "responseData": {
            "page": {"pageNo": page, "pageSize": rows, "totalCount": len(threads), "totalPage": total_pages},
            "list": [thread_json(t, now) for t in chunk],
        },
    }


def content_json(thread: Thread | None, now: datetime) -> dict[str, Any]:
    if thread is None:
        return {"resultCode": "404", "resultMsg": "留言不存在", "responseData": None}
    return {"resultCode": "200", "resultMsg": "success", "responseData": thread_json(thread, now)}


def render_thread_page(thread: Thread, now: datetime) -> str:
    """The human-readable thread page (the canonical URL of a thread)."""
    data = thread_json(thread, now)
    reply = data["reply"]
    reply_html = (
        f'<div class="replyInfo"><h3>{escape(reply["replyOrg"])} 回复：</h3><p>{escape(reply["replyContent"])}</p></div>'
        if reply
        else '<div class="replyInfo"><p>暂无回复</p></div>'
    )
    area = thread.area
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(thread.title)}_网上群众留言板</title></head><body>'
        f'<div class="thread"><h1>{escape(thread.title)}</h1><div class="info"><span>{escape(area.province)}'
        f"{escape(area.city)}{escape(area.county)}</span><span>{escape(thread.domain)}</span><span>{escape(thread.type_name)}</span>"
        f'<span>{thread.submitted_at:%Y-%m-%d %H:%M}</span><span class="state">{data["stateInfo"]}</span></div>'
        f'<div class="content"><p>{escape(thread.content)}</p></div>{reply_html}</div></body></html>'
    )
