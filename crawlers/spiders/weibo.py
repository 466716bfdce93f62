"""The ``weibo`` spider: keyword search (from the keyword plans) and account timelines, m.weibo.cn API.

Posts of official accounts (configured, or of an official ``verified_type``) are ``official`` items; a
repost's original becomes an item of its own and the repost's ``parent_id``. Requests are paced one at
a time with random pauses; a login wall, captcha or HTTP 418/432 ends the run and degrades the source.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response

from config.models.sources import WeiboAccount, WeiboSource
from crawlers.errors import SourceBlockedError
from crawlers.middlewares import META_EXPECT_JSON
from crawlers.spiders.base import SourceSpider, server_now
from crawlers.weibo_api import (
    WeiboPost,
    check_payload,
    headline,
    long_text_url,
    parse_long_text,
    parse_page,
    parse_users,
    post_url,
    search_url,
    timeline_url,
    user_search_url,
)

PLATFORM = "weibo"


class WeiboSpider(SourceSpider):
    kind = "weibo"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        source = self.weibo
        self.pacing = (source.delay_min_s, source.delay_max_s)
        self.official_uids = {a.uid for a in source.accounts if a.official and a.uid}
        self.headers = {
            "Accept": "application/json, text/plain, */*",
            "X-Requested-With": "XMLHttpRequest",
            "MWeibo-Pwa": "1",
            "Referer": f"{source.api_base}/",
        }
        if source.cookie:
            self.headers["Cookie"] = source.cookie
        self._emitted: set[str] = set()
        self.answers = 0
        self.empty_answers = 0

    def before_finish(self, reason: str) -> None:
        """Every answer empty is how a quiet ban looks: degraded, not "no new posts"."""
        if not self.answers or self.empty_answers < self.answers:
            return
        previous = self.context.state.health(self.context.source_id)
        yielded_before = previous is not None and previous.new_items > 0
        if yielded_before or self.weibo.accounts:
            self.monitor.block("all_answers_empty")

    @property
    def weibo(self) -> WeiboSource:
        source = self.context.source
        assert isinstance(source, WeiboSource)
        return source

    async def start(self) -> AsyncIterator[Any]:
        base = self.weibo.api_base
        for keyword in self.context.keywords:
            yield self.api_request(
                search_url(base, keyword, 1), self.parse_posts, query=("search", keyword), page=1
            )
        for account in self.weibo.accounts:
            if account.uid:
                yield self.timeline_request(account.uid, 1)
            else:
                yield self.api_request(
                    user_search_url(base, account.name), self.parse_user_search, account=account
                )

    def api_request(self, url: str, callback: Any, **cb_kwargs: Any) -> Request:
        return self.listing_request(url, callback, json=True, headers=self.headers, cb_kwargs=cb_kwargs)

    def timeline_request(self, uid: str, page: int) -> Request:
        url = timeline_url(self.weibo.api_base, uid, page)
        return self.api_request(url, self.parse_posts, query=("timeline", uid), page=page)

    def checked_payload(self, response: Response) -> Mapping[str, Any] | None:
        """The API answer; a login answer ends the run, a malformed one is counted."""
        payload = self.json_payload(response)
        if payload is None:
            return None
        try:
            return check_payload(payload, response.url)
        except SourceBlockedError as exc:
            raise self.blocked(exc) from exc
        except ValueError:
            self.monitor.error("malformed_json")
            return None

    def parse_user_search(self, response: Response, account: WeiboAccount) -> Iterator[Any]:
        payload = self.checked_payload(response)
        if payload is None:
            return
        self.monitor.listing_ok()
        user = next((u for u in parse_users(payload) if u.screen_name == account.name), None)
        if user is None:
            self.monitor.error("account_not_found")
            return
        if account.official:
            self.official_uids.add(user.uid)
        yield self.timeline_request(user.uid, 1)

    def parse_posts(self, response: Response, query: tuple[str, str], page: int) -> Iterator[Any]:
        payload = self.checked_payload(response)
        if payload is None:
            return
        self.monitor.listing_ok()
        self.answers += 1
        if payload.get("ok") != 1:
            self.empty_answers += 1
            if query[0] == "timeline":
                self.monitor.error("empty_timeline")
        parsed = parse_page(payload, server_now(response))
        now = server_now(response)
        fresh = 0
        for post in parsed.posts:
            outputs, new = self.post_outputs(post, now)
            fresh += new
            yield from outputs
        if parsed.next_page is not None and page < self.weibo.max_pages and fresh:
            kind, key = query
            if kind == "timeline":
                yield self.timeline_request(key, parsed.next_page)
            else:
                url = search_url(self.weibo.api_base, key, parsed.next_page)
                yield self.api_request(url, self.parse_posts, query=query, page=parsed.next_page)

    def post_outputs(self, post: WeiboPost, now: datetime) -> tuple[list[Any], int]:
        """Items (or long-text requests) for the post and its original, and how many were new.

        Stored posts still young enough are emitted again to refresh their engagement counts.
        """
        candidates = [post]
        if post.retweeted is not None and post.retweeted.user is not None:
            candidates.append(post.retweeted)
        by_id = {self.post_id(PLATFORM, p.mid): p for p in candidates if p.mid}
        fresh = self.unseen(by_id)
        outputs: list[Any] = []
        for doc_id, candidate in by_id.items():
            if doc_id in self._emitted:
                continue
            if doc_id in fresh:
                self._emitted.add(doc_id)
                wants_long_text = candidate.is_long_text and self.weibo.fetch_long_text
                outputs.append(
                    self.long_text_request(candidate) if wants_long_text else self.post_item(candidate)
                )
            elif self.needs_refresh(candidate, now):
                self._emitted.add(doc_id)
                self.refreshing.add(doc_id)
                outputs.append(self.post_item(candidate))
        return outputs, len(fresh)

    def needs_refresh(self, post: WeiboPost, now: datetime) -> bool:
        window = self.weibo.refresh_engagement_h
        if window <= 0 or post.is_long_text or post.created_at is None:
            return False
        return (now - post.created_at).total_seconds() < window * 3600

    def long_text_request(self, post: WeiboPost) -> Request:
        return self.page_request(
            long_text_url(self.weibo.api_base, post.mid),
            self.parse_long_text,
            headers=self.headers,
            meta={META_EXPECT_JSON: True},
            cb_kwargs={"post": post},
            dont_filter=True,
        )

    def parse_long_text(self, response: Response, post: WeiboPost) -> Iterator[Any]:
        payload = self.checked_payload(response)
        text = parse_long_text(payload) if payload is not None else None
        yield self.post_item(replace(post, text=text) if text else post)

    def post_item(self, post: WeiboPost) -> Mapping[str, Any]:
        user = post.user
        official = user is not None and (
            user.uid in self.official_uids or user.verified_type in self.weibo.official_verified_types
        )
        parent = post.retweeted
        return self.make_item(
            id=self.post_id(PLATFORM, post.mid),
            url=post_url(self.weibo.api_base, post.mid),
            source_type="official" if official else "social",
            title=headline(post.text),
            text=post.text,
            author=user.screen_name if user else None,
            author_verified=bool(user and user.verified),
            published_at=post.created_at or datetime.now(UTC),
            engagement={"reposts": post.reposts, "comments": post.comments, "likes": post.likes},
            parent_id=self.post_id(PLATFORM, parent.mid) if parent is not None and parent.mid else None,
        )
