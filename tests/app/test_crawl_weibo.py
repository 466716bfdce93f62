"""Weibo through the sample web's mobile API: every created_at form, and engagement that keeps growing."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.sampleweb import SampleWeb
from app.sampleweb.testing import running_sample_web
from indexer.document import Document
from tests.crawlers.support import QINGSHAN, stored_documents, write_config

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crawl_weibo")]

# Late on the second day: posts from 刚刚 to last year are all on the timelines.
CLOCK = datetime.fromisoformat("2026-11-21T10:05:00+08:00")


def weibo_source(source_id: str, base: str) -> str:
    return f"""
  - id: {source_id}
    name: {source_id}
    kind: weibo
    api_base: {base}/weibo
    search: {{plans: [], keywords: [死鱼, 泾县, 琴溪河]}}
    accounts: [{{name: 泾县生态环境, uid: "7712345001"}}, {{name: 宣城生态环境, uid: "7712345002"}}]
    delay_min_s: 0
    delay_max_s: 0.01
    max_pages: 5"""


FORMS = ("classic", "relative")


@dataclass
class WeiboRun:
    webs: dict[str, SampleWeb]
    before: list[Document]
    after: list[Document]


def crawl_in_parallel(configs: list[Path]) -> None:
    """One `qingshan crawl` per config (each has its own store: the posts have the same ids)."""
    env = {**os.environ, "COLUMNS": "200"}
    processes = [
        subprocess.Popen(
            [*QINGSHAN, "--config", str(c), "crawl", "--all", "--once", "--quiet"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in configs
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr


@pytest.fixture(scope="module")
def weibo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WeiboRun]:
    with ExitStack() as stack:
        webs: dict[str, SampleWeb] = {}
        configs: list[Path] = []
        for form in FORMS:
            web = stack.enter_context(running_sample_web(start=CLOCK))
            web.set_mode("weibo_time", form)
            webs[form] = web
            source = weibo_source(f"weibo-{form}", web.base_url)
            configs.append(write_config(tmp_path_factory.mktemp(form), source, workers=0))
        crawl_in_parallel(configs)
        before = [d for c in configs for d in stored_documents(c)]
        webs["classic"].clock.advance(timedelta(hours=2))
        crawl_in_parallel(configs[:1])
        yield WeiboRun(webs, before, [d for c in configs for d in stored_documents(c)])


def truth_by_url(web: SampleWeb) -> dict[str, datetime]:
    return {item.url: datetime.fromisoformat(item.published_at) for item in web.ground_truth()}


def test_classic_created_at_is_exact(weibo_run: WeiboRun) -> None:
    truth = truth_by_url(weibo_run.webs["classic"])
    docs = [d for d in weibo_run.before if d.source == "weibo-classic"]
    assert len(docs) > 10
    assert all(d.published_at == truth[d.url] for d in docs)


def test_relative_created_at_forms_are_read_to_their_precision(weibo_run: WeiboRun) -> None:
    truth = truth_by_url(weibo_run.webs["relative"])
    now = CLOCK
    docs = [d for d in weibo_run.before if d.source == "weibo-relative"]
    assert len(docs) > 10
    for doc in docs:
        published = truth[doc.url]
        age = now - published
        if age < timedelta(hours=1):  # 刚刚 / N分钟前
            tolerance = timedelta(minutes=1)
        elif published.date() == now.date():  # N小时前 or 今天 HH:MM
            tolerance = timedelta(hours=1)
        elif published.date() == (now - timedelta(days=1)).date():  # 昨天 HH:MM
            tolerance = timedelta(minutes=1)
        else:  # MM-DD or YYYY-MM-DD: the day only
            tolerance = timedelta(days=1)
        assert abs(doc.published_at - published) < tolerance, (doc.url, doc.published_at, published)
    forms_seen = {d.published_at.date() for d in docs}
    assert len(forms_seen) >= 3  # today, yesterday and older posts


def test_both_sources_find_the_same_posts(weibo_run: WeiboRun) -> None:
    def mids(source: str) -> set[str]:
        return {d.url.rsplit("/", 1)[1] for d in weibo_run.before if d.source == source}

    assert mids("weibo-classic") == mids("weibo-relative")


def test_young_posts_get_their_engagement_refreshed(weibo_run: WeiboRun) -> None:
    before = {d.id: d for d in weibo_run.before if d.source == "weibo-classic"}
    after = {d.id: d for d in weibo_run.after if d.source == "weibo-classic"}
    grown = [
        doc_id
        for doc_id, doc in after.items()
        if doc_id in before and doc.engagement.likes > before[doc_id].engagement.likes
    ]
    assert grown, "counts of recent posts should follow the platform's"
    assert set(before) <= set(after)
