"""Real crawls of every source kind against the sample web, through `qingshan crawl --once` processes.

One scenario per module: a first crawl at S+7h, a second at the same time (everything unchanged: 304s,
nothing refetched), a third the next morning (new items only; paging stops at pages already seen).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.sampleweb import SCENARIO_START, SampleWeb
from app.sampleweb.groundtruth import GroundTruthItem
from app.sampleweb.testing import running_sample_web
from crawlers.health import HealthStatus, SourceHealth
from indexer.document import Document, SourceType
from tests.crawlers.support import (
    control,
    crawl_once,
    sample_sources,
    source_health,
    sources_command,
    stored_documents,
    write_config,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crawl_sources")]

FIRST = SCENARIO_START + timedelta(hours=7)
NEXT_MORNING = datetime.fromisoformat("2026-11-21T08:30:00+08:00")


@dataclass
class Scenario:
    web: SampleWeb
    config: Path
    first: dict[str, dict[str, int]]
    second: dict[str, dict[str, int]]
    third: dict[str, dict[str, int]]
    truth: dict[str, GroundTruthItem]
    documents: list[Document]
    health: dict[str, SourceHealth]

    def docs(self, source: str) -> list[Document]:
        return [d for d in self.documents if d.source == source]


def crawl_and_log(web: SampleWeb, config: Path) -> dict[str, dict[str, int]]:
    control(web, "reset", {})
    crawl_once(config)
    return web.request_counts()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    with running_sample_web(start=FIRST) as web:
        config = write_config(tmp_path_factory.mktemp("crawl"), sample_sources(web.base_url))
        first = crawl_and_log(web, config)
        first_docs = stored_documents(config)
        second = crawl_and_log(web, config)
        web.clock.set(NEXT_MORNING)
        third = crawl_and_log(web, config)
        truth = {item.url: item for item in web.ground_truth()}
        yield Scenario(web, config, first, second, third, truth, first_docs, source_health(config))


def article_paths(log: dict[str, dict[str, int]]) -> list[str]:
    return [p for p in log if p.startswith(("/newsa/n1/", "/newsb/hbxw/2", "/bureau/xwfb/2"))]


def test_every_kind_stores_items(scenario: Scenario) -> None:
    counts = Counter(d.source for d in scenario.documents)
    for source in ("newsa", "newsa-society", "newsb", "bureau", "weibo", "board"):
        assert counts[source] > 0, counts
    # Feed articles are the same documents as the sites' (same URL, same id): they may carry either source.
    assert counts["rss"] + counts["atom"] + counts["newsa"] + counts["newsb"] >= 20


def test_stored_items_match_the_published_ones(scenario: Scenario) -> None:
    for doc in scenario.documents:
        url = doc.url.removesuffix("#reply")
        item = scenario.truth.get(url)
        assert item is not None, f"{doc.source} stored {doc.url}, which the sample web never published"
        if item.kind == "article" and doc.source in {"newsa", "newsb", "bureau", "rss"}:
            assert item.title in (doc.title, doc.original_title)
            assert doc.published_at == datetime.fromisoformat(item.published_at)
            assert len(doc.text) > 50


def test_no_document_is_stored_twice(scenario: Scenario) -> None:
    urls = Counter(d.url for d in stored_documents(scenario.config))
    assert [u for u, n in urls.items() if n > 1] == []


def test_gbk_site_without_charset_header_decodes_cleanly(scenario: Scenario) -> None:
    docs = scenario.docs("newsb")
    assert docs
    for doc in docs:
        assert "\ufffd" not in doc.title + doc.text
        assert any("\u4e00" <= ch <= "\u9fff" for ch in doc.title)


def test_traditional_page_keeps_its_original(scenario: Scenario) -> None:
    traditional = [d for d in scenario.documents if d.original_title]
    assert traditional, "the sample web's Traditional Chinese article was not normalised"
    assert all(d.title != d.original_title for d in traditional)


def test_list_pages_are_followed_to_the_configured_depth(scenario: Scenario) -> None:
    assert "/newsa/env/index_1.html" in scenario.first  # depth 5, two pages exist
    assert "/newsa/society/index.html" in scenario.first
    assert "/newsa/society/index_1.html" not in scenario.first  # depth 1
    assert scenario.first.get("/bureau/xwfb/index_2.html") == {"404": 1}  # numbered pages end in a 404


def test_robots_txt_is_obeyed(scenario: Scenario) -> None:
    assert not [p for p in scenario.first if p.startswith("/newsa/internal/")]


def test_unchanged_pages_are_not_fetched_again(scenario: Scenario) -> None:
    for listing in (
        "/newsa/env/index.html",
        "/newsb/hbxw/list.shtml",
        "/bureau/xwfb/index.html",
        "/feeds/atom.xml",
    ):
        assert scenario.second.get(listing) == {"304": 1}, (listing, scenario.second.get(listing))
    assert article_paths(scenario.second) == []


def test_a_run_cut_short_by_its_item_cap_refetches_its_feed_next_time(scenario: Scenario) -> None:
    # The RSS source takes at most 5 items a run: its validators are kept only after a complete run,
    # so the second run fetches the feed again (200, not 304) to reach the entries it left.
    assert scenario.second.get("/feeds/rss.xml") == {"200": 1}


def test_next_day_fetches_only_new_articles_and_stops_at_seen_pages(scenario: Scenario) -> None:
    fetched = set(article_paths(scenario.third))
    assert fetched, "new articles appeared overnight"
    assert not fetched & set(article_paths(scenario.first))
    # Bureau page 1 had new releases, page 2 only stored ones: paging stopped there.
    assert "/bureau/xwfb/index_1.html" in scenario.third
    assert "/bureau/xwfb/index_2.html" not in scenario.third


def test_official_sources_and_accounts_are_marked(scenario: Scenario) -> None:
    assert {d.source_type for d in scenario.docs("bureau")} == {SourceType.OFFICIAL}
    weibo = scenario.docs("weibo")
    for doc in weibo:
        item = scenario.truth[doc.url]
        assert (doc.source_type is SourceType.OFFICIAL) == item.official, doc.url
    assert any(d.author_verified and d.source_type is SourceType.OFFICIAL for d in weibo)


def test_weibo_posts_have_text_counts_times_and_parents(scenario: Scenario) -> None:
    weibo = {d.id: d for d in scenario.docs("weibo")}
    for doc in weibo.values():
        item = scenario.truth[doc.url]
        assert "<" not in doc.text and doc.text
        published = datetime.fromisoformat(item.published_at)
        assert abs(doc.published_at - published) <= timedelta(hours=1), (
            doc.url
        )  # "N小时前" has hour precision
    reposts = [d for d in weibo.values() if d.parent_id]
    assert reposts
    assert all(d.parent_id in weibo for d in reposts)
    assert any(d.engagement.reposts > 0 for d in weibo.values())


def test_board_messages_and_official_replies(scenario: Scenario) -> None:
    board = scenario.docs("board")
    replies = [d for d in board if d.url.endswith("#reply")]
    threads = {d.id: d for d in board if not d.url.endswith("#reply")}
    assert replies
    for reply in replies:
        assert reply.source_type is SourceType.OFFICIAL
        assert reply.parent_id in threads
    assert any(d.regions == ["341823"] for d in threads.values())


def test_health_is_ok_and_sources_command_shows_it(scenario: Scenario) -> None:
    for source in ("newsa", "newsb", "bureau", "rss", "atom", "weibo", "board"):
        health = scenario.health[source]
        assert health.status is HealthStatus.OK, (source, health)
        assert health.pages_fetched > 0
        assert health.consecutive_failures == 0
    output = sources_command(scenario.config)
    assert "newsb" in output and "ok" in output
