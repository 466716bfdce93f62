"""The sample web's faults under a real `qingshan run`: each broken source shows its fault in source health
(`qingshan sources`), the service keeps running, the healthy sources are unaffected, and the digest's
coverage line names every broken source.

Each fault runs on its own sample web switched to a fault mode (5xx, timeout, slow drip, truncated bodies,
malformed feed and JSON, wrong encodings, login wall) or points at a fault endpoint (redirect loop,
oversized page); the healthy sources use an untouched sample web.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.sampleweb import SampleWeb
from app.sampleweb.testing import running_sample_web
from crawlers.health import HealthStatus, SourceHealth
from indexer.document import Document
from tests.crawlers.support import run_qingshan, source_health, stored_documents
from tests.faults.support import fault_config, job_runs, json_lines
from tests.service.support import pick_sources, running_service, service_log, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults_sources")]

LATE = datetime.fromisoformat("2026-11-24T12:00:00+08:00")
HEALTHY = ("newsa", "board")
FTS5 = "storage:\n  engine: fts5\n"  # crawls side by side: a quicker run
# One crawl of each source during the test: failed crawls are retried, and sources polled, only later.
ONE_ROUND = {
    "crawl_interval_min_s": 900,
    "crawl_interval_max_s": 1800,
    "retry_initial_s": 900,
    "retry_max_s": 1800,
}


def site(source_id: str, url: str, allow: str = "/newsa/n1/") -> str:
    return f"""
  - id: {source_id}
    name: 故障-{source_id}
    kind: site
    start_urls: ['{url}']
    article_links: {{allow: ['{allow}']}}
    max_depth: 1"""


def sample(source_id: str, kind: str) -> Callable[[str], str]:
    """The ``kind`` source of ``tests.crawlers.support.sample_sources`` renamed ``source_id``."""

    def build(base: str) -> str:
        entry = pick_sources(base, kind).rstrip()
        entry = entry.replace(f"- id: {kind}\n", f"- id: {source_id}\n", 1)
        return entry.replace("    name: ", f"    name: 故障-{source_id} ", 1)

    return build


@dataclass(frozen=True)
class Fault:
    source: Callable[[str], str]  # base URL of its sample web → the sources.yaml entry
    mode: tuple[str, str] | None  # (sample web source, mode) to switch on
    kind: str  # the error kind (or status reason) source health must show


FAULTS = {
    "http503": Fault(sample("http503", "newsa"), ("newsa", "error503"), "http_503"),
    "timeout": Fault(sample("timeout", "bureau"), ("bureau", "timeout"), "timeout"),
    "slow": Fault(sample("slow", "newsb"), ("newsb", "slow"), "timeout"),
    "truncated": Fault(sample("truncated", "newsa"), ("newsa", "truncated"), "truncated"),
    "loop": Fault(lambda base: site("loop", f"{base}/faults/redirect-loop"), None, "redirect_loop"),
    "huge": Fault(lambda base: site("huge", f"{base}/faults/huge?mb=20"), None, "too_large"),
    "weibo-json": Fault(sample("weibo-json", "weibo"), ("weibo", "malformed"), "malformed_json"),
    "board-json": Fault(sample("board-json", "board"), ("board", "malformed"), "malformed_json"),
    "login": Fault(sample("login", "weibo"), ("weibo", "login_redirect"), "login_wall"),
}
# A feed cut in half still yields its first entries: the error is counted, the source is not degraded.
PARTIAL = {"feed": Fault(sample("feed", "rss"), ("feeds", "malformed"), "malformed_feed")}
# Lying charsets are not failures: the pages must be read right (no mojibake) and the source stays ok.
ENCODINGS = {
    "gbk-as-utf8": Fault(sample("gbk-as-utf8", "newsb"), ("newsb", "wrong_encoding"), ""),
    "utf8-as-gbk": Fault(sample("utf8-as-gbk", "bureau"), ("bureau", "wrong_encoding"), ""),
}


@dataclass
class FaultRun:
    webs: dict[str, SampleWeb]
    health: dict[str, SourceHealth]
    documents: list[Document]
    sources_output: str
    sources_json: list[dict[str, object]]
    alive: bool
    digest: dict[str, object]
    digest_html: str
    exit_status: int
    log: str


def ran_once(config: Path, source_ids: list[str]) -> bool:
    return all(
        job_runs(config, f"crawl:{s}") + job_runs(config, f"crawl:{s}", "failed") >= 1 for s in source_ids
    )


def build_digest(config: Path) -> tuple[dict[str, object], str]:
    today = datetime.now().astimezone().date().isoformat()
    result = run_qingshan(config, "digest", "--date", today, "--no-pdf", timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines() if line.strip()]
    data = json.loads(next(p for p in paths if p.suffix == ".json").read_text(encoding="utf-8"))
    return data, next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultRun]:
    with ExitStack() as stack:
        main = stack.enter_context(running_sample_web(start=LATE))
        webs = dict.fromkeys(HEALTHY, main)
        entries = [pick_sources(main.base_url, *HEALTHY)]
        for source_id, fault in {**FAULTS, **PARTIAL, **ENCODINGS}.items():
            web = stack.enter_context(running_sample_web(start=LATE))
            if fault.mode is not None:
                web.set_mode(*fault.mode)
            webs[source_id] = web
            entries.append(fault.source(web.base_url))
        directory = tmp_path_factory.mktemp("source-faults")
        config = fault_config(
            directory, "".join(entries), settings=FTS5, schedule=ONE_ROUND, download_timeout_s=2.0
        )
        everything = [*HEALTHY, *FAULTS, *PARTIAL, *ENCODINGS]
        with running_service(config) as service:
            wait_for(lambda: ran_once(config, everything), "every source crawled once", timeout=240)
            processed = job_runs(config, "postprocess")
            wait_for(lambda: job_runs(config, "postprocess") > processed, "post-processing after the crawls")
            alive = service.poll() is None
            sources_output = run_qingshan(config, "sources").stdout
            sources_json = json_lines(run_qingshan(config, "sources", "--json").stdout)
            digest, digest_html = build_digest(config)
            exit_status = stop(service)
        yield FaultRun(
            webs,
            source_health(config),
            stored_documents(config),
            sources_output,
            sources_json,
            alive,
            digest,
            digest_html,
            exit_status,
            service_log(config),
        )


@pytest.mark.parametrize("source", list(FAULTS))
def test_each_fault_is_visible_in_source_health(fault_run: FaultRun, source: str) -> None:
    health = fault_run.health[source]
    kind = FAULTS[source].kind
    assert health.status is HealthStatus.DEGRADED, health
    assert kind in health.status_reason or health.last_run_errors.get(kind, 0) >= 1, health
    assert health.last_success_at is None
    row = next(r for r in fault_run.sources_json if r.get("source") == source)
    assert row["status"] == "degraded", row


def test_a_half_feed_counts_its_error(fault_run: FaultRun) -> None:
    health = fault_run.health["feed"]
    assert health.last_run_errors.get("malformed_feed", 0) >= 1, health
    assert "malformed_feed" in fault_run.sources_output


def test_sources_table_lists_every_broken_source(fault_run: FaultRun) -> None:
    degraded = [line for line in fault_run.sources_output.splitlines() if "degraded" in line]
    for source in FAULTS:
        assert any(source in line for line in degraded), source


def test_healthy_sources_are_unaffected(fault_run: FaultRun) -> None:
    web = fault_run.webs["newsa"]
    for source in HEALTHY:
        health = fault_run.health[source]
        assert health.status is HealthStatus.OK, health
        assert health.last_run_errors == {} and health.last_run_new_items > 0, health
    stored = {d.url for d in fault_run.documents if d.source in HEALTHY}
    board = {i.url for i in web.ground_truth() if i.source == "board"}
    assert board <= stored


@pytest.mark.parametrize("source", list(ENCODINGS))
def test_lying_charsets_are_read_without_mojibake(fault_run: FaultRun, source: str) -> None:
    health = fault_run.health[source]
    assert health.status is HealthStatus.OK, health
    documents = [d for d in fault_run.documents if d.source == source]
    assert documents
    titles = {i.url: i.title for i in fault_run.webs[source].ground_truth()}
    garbled = [
        d.title
        for d in documents
        if "\ufffd" in d.title + d.text or any("\u00c0" <= c <= "\u00ff" for c in d.title)
    ]
    assert garbled == []
    assert (
        sum(titles.get(d.url) == d.title for d in documents) >= len(documents) - 1
    )  # one Traditional original


def test_the_service_keeps_running(fault_run: FaultRun) -> None:
    assert fault_run.alive
    assert fault_run.exit_status == 0, fault_run.log[-3000:]
    assert "Traceback" not in fault_run.log, fault_run.log[-5000:]


def test_the_digest_coverage_line_names_every_broken_source(fault_run: FaultRun) -> None:
    coverage: Any = fault_run.digest["coverage"]
    line = coverage["statement"]["text"]
    total = len(HEALTHY) + len(FAULTS) + len(PARTIAL) + len(ENCODINGS)
    assert line.startswith(f"{total} 个信源中 "), line  # then the broken ones, grouped by since when
    assert "采集受阻" in line and "遇登录墙" in line, line
    named = {problem["source"] for problem in coverage["problems"]}
    assert named == set(FAULTS)
    for source in FAULTS:
        assert f"故障-{source}" in line, source
        assert f"故障-{source}" in fault_run.digest_html, source
    for source in (*PARTIAL, *ENCODINGS):
        assert f"故障-{source}" not in line
