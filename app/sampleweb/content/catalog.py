"""The catalog: every item of the sample web, with mids assigned, and the queries that respect publication time."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import datetime

from app.sampleweb.content.background_pages import BACKGROUND_ARTICLES, BACKGROUND_THREADS
from app.sampleweb.content.background_posts import BACKGROUND_POSTS
from app.sampleweb.content.fishkill_pages import FISHKILL_ARTICLES, FISHKILL_THREADS
from app.sampleweb.content.fishkill_posts import FISHKILL_POSTS
from app.sampleweb.content.model import Account, Article, Post, PostSpec, Tags, Thread, at
from app.sampleweb.content.routine import routine_articles
from app.sampleweb.content.routine_threads import routine_threads
from app.sampleweb.urls import article_path

FIRST_MID = 5_261_000_000_000_000
MID_STEP = 7_919_357

INTERNAL_ARTICLE = Article(
    "newsa",
    40001999,
    "env",
    "【稿件预审】衡南垃圾焚烧项目追踪报道（内部）",
    at(days=-1, hours=3),
    "青岚新闻网",
    ("本稿件为编辑部内部预审版本，请勿转载。", "待衡南县听证会召开后补充各方意见。"),
    Tags("incinerator", "report", "430422"),
    editor="刘畅",
    internal=True,
)


@dataclass(frozen=True)
class Counts:
    reposts: int
    comments: int
    likes: int


def engagement_at(post: Post, now: datetime) -> Counts:
    """Counts rise towards their final values: final × (1 − 2^(−age / half-life))."""
    age_hours = max(0.0, (now - post.published_at).total_seconds() / 3600)
    share = 1 - math.pow(2, -age_hours / post.engagement.half_life_hours)
    e = post.engagement
    return Counts(round(e.reposts * share), round(e.comments * share), round(e.likes * share))


def assign_mids(specs: tuple[PostSpec, ...]) -> tuple[Post, ...]:
    """Mids grow with publication time (as real ones do); reposts point at their original's mid."""
    ordered = sorted(specs, key=lambda spec: spec.published_at)
    mids = {spec.key: FIRST_MID + i * MID_STEP for i, spec in enumerate(ordered)}
    return tuple(
        Post(
            mids[spec.key],
            spec.account,
            spec.published_at,
            spec.text,
            spec.tags,
            spec.engagement,
            mids[spec.repost_of] if spec.repost_of else None,
            spec.app,
        )
        for spec in ordered
    )


class Catalog:
    """All items, newest first within each kind; every query takes the scenario time ``now``."""

    def __init__(self, articles: list[Article], posts: tuple[Post, ...], threads: list[Thread]) -> None:
        self.articles = sorted(articles, key=lambda a: a.published_at, reverse=True)
        self.posts = sorted(posts, key=lambda p: p.published_at, reverse=True)
        self.threads = sorted(threads, key=lambda t: t.submitted_at, reverse=True)
        self._posts_by_mid = {p.mid: p for p in posts}
        self._threads_by_tid = {t.tid: t for t in threads}
        self.accounts: dict[int, Account] = {p.account.uid: p.account for p in posts}
        self._articles_by_path = {article_path(a): a for a in articles}
        if len(self._articles_by_path) != len(articles):
            raise ValueError("two articles share a path")

    def article_at(self, path: str, now: datetime) -> Article | None:
        """The published article served at ``path``, if any."""
        article = self._articles_by_path.get(path)
        return article if article is not None and article.published_at <= now else None

    def visible_articles(self, now: datetime, site: str, channel: str | None = None) -> list[Article]:
        """Published articles of ``site`` (and ``channel``), newest first."""
        return [
            a
            for a in self.articles
            if a.site == site and a.published_at <= now and (channel is None or a.channel == channel)
        ]

    def visible_posts(self, now: datetime) -> list[Post]:
        return [p for p in self.posts if p.published_at <= now]

    def visible_threads(self, now: datetime) -> list[Thread]:
        return [t for t in self.threads if t.submitted_at <= now]

    def post(self, mid: int, now: datetime) -> Post | None:
        post = self._posts_by_mid.get(mid)
        return post if post is not None and post.published_at <= now else None

    def thread(self, tid: int, now: datetime) -> Thread | None:
        thread = self._threads_by_tid.get(tid)
        return thread if thread is not None and thread.submitted_at <= now else None

    def feed_articles(self, now: datetime, limit: int = 20) -> list[Article]:
        """What the feeds list: the newest ``limit`` published, public articles of sites A and B."""
        return [
            a
            for a in self.articles
            if a.site in ("newsa", "newsb") and not a.internal and a.published_at <= now
        ][:limit]


@functools.cache
def default_catalog() -> Catalog:
    """The scenario's catalog (built once; immutable)."""
    articles = [*FISHKILL_ARTICLES, *BACKGROUND_ARTICLES, *routine_articles(), INTERNAL_ARTICLE]
    posts = assign_mids(FISHKILL_POSTS + BACKGROUND_POSTS)
    return Catalog(articles, posts, [*FISHKILL_THREADS, *BACKGROUND_THREADS, *routine_threads()])
