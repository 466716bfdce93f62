"""Faults in one crawl: every broken source shows its fault in source health, the healthy one is unaffected.

Weibo refusals (login wall in three shapes, HTTP 418/432, a captcha, a quiet ban answering "no posts")
each run against their own sample web, in its own mode, all in the same `qingshan crawl` process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from app.sampleweb import SCENARIO_START, SampleWeb
from app.sampleweb.testing import running_sample_web
from crawlers.health import HealthStatus, SourceHealth
from tests.crawlers.support import crawl_once, source_health, sources_command, write_config

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crawl_faults")]

WEIBO_MODES = {
    "login_json": "login_wall",
    "login_page": "login_wall",
    "login_redirect": "login_wall",
    "http418": "http_418",
    "http432": "http_432",
    "captcha": "captcha",
    "empty": "all_answers_empty",
}


def site(source_id: str, url: str) -> str:
    return f"""
  - id: {source_id}
    name: {source_id}
    kind: site
    start_urls: ['{url}']
    article_links: {{allow: ['/newsa/n1/']}}
    max_depth: 1"""


def feed(source_id: str, url: str) -> str:
    return f"""
  - id: {source_id}
    name: {source_id}
    kind: feed
    feed_urls: ['{url}']"""


def weibo(source_id: str, base: str) -> str:
    return f"""
  - id: {source_id}
    name: {source_id}
    kind: weibo
    api_base: {base}/weibo
    search: {{plans: [], keywords: [死鱼]}}
    accounts: [{{name: 泾县生态环境, uid: "7712345001"}}]
    delay_min_s: 0
    delay_max_s: 0.01"""


def board(source_id: str, url: str) -> str:
    return f"""
  - id: {source_id}
    name: {source_id}
    kind: board
    list_url: '{url}'
    items_path: responseData.list
    fields: {{id: tid, title: threadsTitle}}
    item_url: 'http://127.0.0.1/board/threads/content?tid={{id}}'"""


@dataclass
class FaultRun:
    health: dict[str, SourceHealth]
    sources_output: str


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultRun]:
    with ExitStack() as stack:
        start = SCENARIO_START + timedelta(hours=7)
        web: SampleWeb = stack.enter_context(running_sample_web(start=start))
        base = web.base_url
        sources = [
            site("healthy", f"{base}/newsa/env/index.html"),
            site("error500", f"{base}/faults/500"),
            site("timeout", f"{base}/faults/timeout?seconds=4"),
            site("truncated", f"{base}/faults/truncated"),
            site("reset", f"{base}/faults/reset"),
            site("loop", f"{base}/faults/redirect-loop"),
            site("huge", f"{base}/faults/huge?mb=50"),
            site("huge-chunked", f"{base}/faults/huge?mb=50&chunked=1"),
            site("robots", f"{base}/faults/private/list.html"),
            feed("bad-feed", f"{base}/faults/malformed.xml"),
            feed("empty-feed", f"{base}/faults/empty"),
            board("bad-json", f"{base}/faults/malformed.json"),
        ]
        for mode in WEIBO_MODES:
            mode_web = stack.enter_context(running_sample_web(start=start))
            mode_web.set_mode("weibo", mode)
            sources.append(weibo(f"weibo-{mode.replace('_', '-')}", mode_web.base_url))
        config = write_config(tmp_path_factory.mktemp("faults"), "".join(sources), timeout=1.0, workers=0)
        crawl_once(config)
        yield FaultRun(source_health(config), sources_command(config))


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("error500", "http_500"),
        ("timeout", "timeout"),
        ("truncated", "truncated"),
        ("reset", "connection_lost"),
        ("loop", "redirect_loop"),
        ("huge", "too_large"),
        ("huge-chunked", "too_large"),
        ("robots", "robots"),
        ("bad-feed", "malformed_feed"),
        ("empty-feed", "malformed_feed"),
        ("bad-json", "malformed_json"),
    ],
)
def test_each_fault_is_counted_and_degrades_its_source(fault_run: FaultRun, source: str, kind: str) -> None:
    health = fault_run.health[source]
    assert health.last_run_errors.get(kind, 0) >= 1, health.last_run_errors
    assert health.status is HealthStatus.DEGRADED, health
    assert kind in health.status_reason
    assert health.last_success_at is None


@pytest.mark.parametrize(("mode", "kind"), list(WEIBO_MODES.items()))
def test_weibo_refusals_degrade_instead_of_looking_quiet(fault_run: FaultRun, mode: str, kind: str) -> None:
    health = fault_run.health[f"weibo-{mode.replace('_', '-')}"]
    assert health.status is HealthStatus.DEGRADED, health
    assert health.status_reason == kind
    assert health.last_run_new_items == 0


def test_the_healthy_source_is_unaffected(fault_run: FaultRun) -> None:
    health = fault_run.health["healthy"]
    assert health.status is HealthStatus.OK
    assert health.last_run_new_items > 0
    assert health.last_run_errors == {}


def test_sources_table_shows_degraded_sources(fault_run: FaultRun) -> None:
    assert "degraded" in fault_run.sources_output
    assert "weibo-http418" in fault_run.sources_output


def test_source_health_is_valid_json_for_other_tools(tmp_path: Path) -> None:
    config = write_config(tmp_path, site("never-ran", "http://127.0.0.1:9/x"))
    assert '"status": "new"' in sources_command(config, "--json")
