"""The ``board`` spider: message boards behind JSON APIs, mapped field by field from the config.

A message is one item (its URL is the board's public page of it); the official reply, once there is
one, is a second item — ``official``, with the message as its parent — so a response is visible as
such. Messages already stored are fetched again only when their reply is new.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response

from config.models.sources import BoardSource
from crawlers.board_api import BoardMessage, merge, parse_message, records, region_code, request_body
from crawlers.spiders.base import SourceSpider
from crawlers.weibo_api import headline


class BoardSpider(SourceSpider):
    kind = "board"

    @property
    def board(self) -> BoardSource:
        source = self.context.source
        assert isinstance(source, BoardSource)
        return source

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(self.board.first_page)

    def list_request(self, page: int) -> Request:
        board = self.board
        body = request_body(board, page)
        headers = {"Accept": "application/json", **board.headers}
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        return self.listing_request(
            board.list_url.replace("{page}", str(page)),
            self.parse_list,
            json=True,
            method=board.method,
            body=body,
            headers=headers,
            cb_kwargs={"page": page},
        )

    def parse_list(self, response: Response, page: int) -> Iterator[Any]:
        payload = self.json_payload(response)
        if payload is None:
            return
        try:
            found = records(payload, self.board.items_path)
        except ValueError:
            self.monitor.error("malformed_json")
            return
        self.monitor.listing_ok()
        for record in found:
            message = parse_message(record, self.board.fields, self.board.replied_values)
            if message.message_id:
                yield from self.message_outputs(message)
        if found and page - self.board.first_page + 1 < self.board.max_pages:
            yield self.list_request(page + 1)

    def message_outputs(self, message: BoardMessage) -> Iterator[Any]:
        message_doc, reply_doc = self.doc_ids(message)
        fresh = self.unseen([message_doc, reply_doc])
        need_message = message_doc in fresh
        need_reply = reply_doc in fresh and message.replied
        if not (need_message or need_reply):
            return
        detail = self.board.detail
        if detail is not None:
            yield self.page_request(
                detail.url.replace("{id}", message.message_id),
                self.parse_detail,
                headers={"Accept": "application/json", **self.board.headers},
                cb_kwargs={"message": message, "need_message": need_message},
                dont_filter=True,
            )
        else:
            yield from self.message_items(message, need_message)

    def parse_detail(self, response: Response, message: BoardMessage, need_message: bool) -> Iterator[Any]:
        payload = self.json_payload(response)
        if payload is not None:
            detailed = parse_message(payload, self.board.detail.fields, self.board.replied_values)  # type: ignore[union-attr]
            message = merge(message, detailed)
        yield from self.message_items(message, need_message)

    def message_items(self, message: BoardMessage, need_message: bool) -> Iterator[Mapping[str, Any]]:
        message_doc, reply_doc = self.doc_ids(message)
        url = self.thread_url(message)
        now = datetime.now(UTC)
        code = region_code(message.region)
        if need_message:
            yield self.make_item(
                id=message_doc,
                url=url,
                title=message.title or headline(message.content),
                text=message.content,
                author=message.author,
                published_at=message.published_at or now,
                regions=[code] if code else [],
            )
        if message.reply_text and reply_doc in self.unseen([reply_doc]):
            yield self.make_item(
                id=reply_doc,
                url=f"{url}#reply",
                source_type="official",
                title=f"回复：{message.title}" if message.title else headline(message.reply_text),
                text=message.reply_text,
                author=message.reply_author,
                author_verified=True,
                published_at=message.reply_time or now,
                parent_id=message_doc,
                regions=[code] if code else [],
            )

    def thread_url(self, message: BoardMessage) -> str:
        return self.board.item_url.replace("{id}", message.message_id)

    def doc_ids(self, message: BoardMessage) -> tuple[str, str]:
        """The ids of the message and of its reply."""
        platform = f"board-{self.context.source_id}"
        return self.url_id(self.thread_url(message)), self.post_id(platform, f"{message.message_id}:reply")
