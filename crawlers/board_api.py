"""Message-board JSON APIs: values picked by dotted paths from the configured field mapping."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from config.models.sources import BoardFields, BoardSource
from crawlers.textclean import strip_html
from crawlers.timeparse import parse_timestamp

_REGION_CODE = re.compile(r"^(\d{6})(\d{6})?$")


@dataclass(frozen=True)
class BoardMessage:
    """One message and the official reply to it, if the board shows one."""

    message_id: str
    title: str = ""
    content: str = ""
    region: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    replied: bool = False
    reply_text: str = ""
    reply_time: datetime | None = None
    reply_author: str | None = None


def pick(data: object, path: str | None) -> Any:
    """The value at a dotted path (``data.rows.0.title``), or None where the path does not lead."""
    if path is None:
        return None
    value: Any = data
    for key in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(key)
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return None
    return value


def records(payload: object, items_path: str) -> list[Mapping[str, Any]]:
    """The list of records in a list answer; ValueError if the path does not lead to a list."""
    found = pick(payload, items_path)
    if found is None:
        return []
    if not isinstance(found, list):
        raise ValueError(f"{items_path} is a {type(found).__name__}, expected a list of records")
    return [item for item in found if isinstance(item, Mapping)]


def request_body(source: BoardSource, page: int) -> bytes | None:
    """The JSON body of a list request, with "{page}" replaced by the page number."""
    if source.body is None:
        return None
    body = {key: page if value == "{page}" else value for key, value in source.body.items()}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def parse_message(record: object, fields: BoardFields, replied_values: list[str]) -> BoardMessage:
    """One record mapped through ``fields``; missing values stay empty."""
    status = pick(record, fields.reply_status)
    reply_text = _text(pick(record, fields.reply_text))
    return BoardMessage(
        message_id=_text(pick(record, fields.id)),
        title=_text(pick(record, fields.title)),
        content=_text(pick(record, fields.content)),
        region=_text(pick(record, fields.region)) or None,
        published_at=parse_timestamp(pick(record, fields.time)),
        author=_text(pick(record, fields.author)) or None,
        replied=bool(reply_text) or (status is not None and str(status).lower() in replied_values),
        reply_text=reply_text,
        reply_time=parse_timestamp(pick(record, fields.reply_time)),
        reply_author=_text(pick(record, fields.reply_author)) or None,
    )


def merge(base: BoardMessage, detail: BoardMessage) -> BoardMessage:
    """The list record completed by the detail answer (detail values win where present)."""
    values = {name: getattr(detail, name) or getattr(base, name) for name in base.__dataclass_fields__}
    values["message_id"] = base.message_id
    values["replied"] = base.replied or detail.replied
    return BoardMessage(**values)


def region_code(value: str | None) -> str | None:
    """A 6-digit administrative code (12-digit codes are cut), or None for names."""
    if value is None:
        return None
    match = _REGION_CODE.match(value.strip())
    return match.group(1) if match else None


def _text(value: object) -> str:
    if value is None or isinstance(value, Mapping | list):
        return ""
    return strip_html(str(value))
