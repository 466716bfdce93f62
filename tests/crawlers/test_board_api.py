"""Message-board records mapped through the configured fields."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from config.models.sources import BoardFields, BoardSource
from crawlers.board_api import merge, parse_message, pick, records, region_code, request_body
from crawlers.timeparse import SHANGHAI

RECORD = {
    "tid": 1001,
    "threadsTitle": "河道发臭",
    "threadsContent": "<p>小区旁边的河道发黑发臭</p>",
    "area": {"areaCode": "341823000000"},
    "dateline": 1795142400,
    "stateInfo": "已回复",
    "reply": {"replyOrg": "某县生态环境分局", "replyContent": "已派员核查", "replyTime": 1795146000},
}
FIELDS = BoardFields(
    id="tid",
    title="threadsTitle",
    content="threadsContent",
    region="area.areaCode",
    time="dateline",
    reply_status="stateInfo",
    reply_text="reply.replyContent",
    reply_time="reply.replyTime",
    reply_author="reply.replyOrg",
)


def test_pick_follows_dotted_paths_and_list_indices() -> None:
    data = {"data": {"rows": [{"a": 1}, {"a": 2}]}}
    assert pick(data, "data.rows.1.a") == 2
    assert pick(data, "data.rows.5.a") is None
    assert pick(data, "data.missing") is None


def test_a_record_becomes_a_message_with_its_reply() -> None:
    message = parse_message(RECORD, FIELDS, ["已回复"])
    assert message.message_id == "1001"
    assert message.content == "小区旁边的河道发黑发臭"
    assert message.published_at == datetime.fromtimestamp(1795142400, tz=SHANGHAI)
    assert message.replied
    assert message.reply_author == "某县生态环境分局"
    assert region_code(message.region) == "341823"


def test_unanswered_record() -> None:
    record = {**RECORD, "stateInfo": "未回复", "reply": None}
    message = parse_message(record, FIELDS, ["已回复"])
    assert not message.replied
    assert message.reply_text == ""


def test_detail_completes_the_list_record() -> None:
    listed = parse_message({"tid": 5, "threadsTitle": "标题"}, FIELDS, [])
    detailed = parse_message({"threadsContent": "正文"}, FIELDS, [])
    merged = merge(listed, detailed)
    assert (merged.message_id, merged.title, merged.content) == ("5", "标题", "正文")


def test_records_path_must_lead_to_a_list() -> None:
    assert records({"responseData": {"list": [RECORD, "junk"]}}, "responseData.list") == [RECORD]
    assert records({"responseData": None}, "responseData.list") == []
    with pytest.raises(ValueError, match="expected a list"):
        records({"responseData": {"list": {"a": 1}}}, "responseData.list")


def test_region_codes_only() -> None:
    assert region_code("341823") == "341823"
    assert region_code("泾县") is None
    assert region_code(None) is None


def test_post_body_gets_the_page_number() -> None:
    source = BoardSource(
        id="b",
        name="b",
        kind="board",
        list_url="https://example.org/list",
        method="POST",
        body={"search": "环保", "page": "{page}", "page_num": 20},
        items_path="data.rows",
        fields=BoardFields(id="id"),
        item_url="https://example.org/m?id={id}",
    )
    assert json.loads(request_body(source, 3) or b"") == {"search": "环保", "page": 3, "page_num": 20}
