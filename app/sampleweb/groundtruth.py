"""The ground truth: every item published so far, with its canonical URL and what it is about."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.sampleweb.content.catalog import Catalog, engagement_at
from app.sampleweb.content.model import Article, Post, Thread
from app.sampleweb.urls import article_path, post_path, thread_path

_MARKUP = re.compile(r"\n")


@dataclass(frozen=True)
class GroundTruthItem:
    """One published item as a test sees it (the JSON of ``/_control/items`` has the same fields)."""

    id: str
    url: str
    source: str
    kind: str
    title: str
    published_at: str
    event: str | None
    role: str
    official: bool
    region: str | None
    robots_disallowed: bool = False
    feed_listed: bool = False
    parent_id: str | None = None
    engagement: dict[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.published_at)


def _article_item(article: Article, base_url: str, feed_ids: set[str]) -> GroundTruthItem:
    return GroundTruthItem(
        article.item_id,
        base_url + article_path(article),
        article.site,
        "article",
        article.title,
        article.published_at.isoformat(),
        article.tags.event,
        article.tags.role,
        article.official,
        article.tags.region,
        robots_disallowed=article.internal,
        feed_listed=article.item_id in feed_ids,
    )


def _post_item(post: Post, base_url: str, now: datetime) -> GroundTruthItem:
    counts = engagement_at(post, now)
    return GroundTruthItem(
        post.item_id,
        base_url + post_path(post.mid),
        "weibo",
        "repost" if post.repost_of else "post",
        _MARKUP.sub(" ", post.text)[:30],
        post.published_at.isoformat(),
        post.tags.event,
        post.tags.role,
        post.account.official,
        post.tags.region,
        parent_id=f"weibo-{post.repost_of}" if post.repost_of else None,
        engagement={"reposts": counts.reposts, "comments": counts.comments, "likes": counts.likes},
    )


def _thread_item(thread: Thread, base_url: str) -> GroundTruthItem:
    return GroundTruthItem(
        thread.item_id,
        base_url + thread_path(thread.tid),
        "board",
        "thread",
        thread.title,
        thread.submitted_at.isoformat(),
        thread.tags.event,
        thread.tags.role,
        False,
        thread.tags.region,
    )


def ground_truth(
    catalog: Catalog, now: datetime, base_url: str, include_future: bool = False
) -> list[GroundTruthItem]:
    """Items published at ``now`` (or all of them), oldest first."""
    horizon = datetime.max.replace(tzinfo=now.tzinfo) if include_future else now
    feed_ids = {a.item_id for a in catalog.feed_articles(now)}
    items = [_article_item(a, base_url, feed_ids) for a in catalog.articles if a.published_at <= horizon]
    items += [_post_item(p, base_url, now) for p in catalog.posts if p.published_at <= horizon]
    items += [_thread_item(t, base_url) for t in catalog.threads if t.submitted_at <= horizon]
    return sorted(items, key=lambda item: (item.published, item.id))
