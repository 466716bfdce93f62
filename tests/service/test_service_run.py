"""`qingshan run` as a real process on the sample web: crawls, post-processing, a failing job that does
not stop the service, a second service refused, SIGTERM draining, and `qingshan status` from outside."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.sampleweb import SCENARIO_START, SampleWeb
from app.sampleweb.testing import running_sample_web
from app.service.status import ServiceStatus
from indexer.document import Document
from tests.crawlers.support import QINGSHAN, run_qingshan, stored_documents
from tests.service.support import (
    BROKEN_SOURCE,
    pick_sources,
    running_service,
    service_config,
    service_log,
    status,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("service_run")]

FIRST = SCENARIO_START + timedelta(hours=7)
NEXT_MORNING = datetime.fromisoformat("2026-11-21T09:00:00+08:00")
WATCHED = ("bureau", "board")


@dataclass
class Scenario:
    web: SampleWeb
    config: Path
    first_status: ServiceStatus
    first_documents: list[Document]
    later_documents: list[Document]
    second_service: subprocess.CompletedProcess[str]
    exit_status: int
    final_status: ServiceStatus
    status_output: str
    log: str


def job(state: ServiceStatus, job_id: str) -> dict[str, int]:
    for row in state.jobs:
        if row.job_id == job_id:
            return {"runs": row.runs, "failures": row.failures, "ok": row.runs - row.failures}
    return {"runs": 0, "failures": 0, "ok": 0}


def crawled_and_processed(config: Path) -> ServiceStatus | None:
    """The status once both watched sources crawled, the broken one failed twice, and nothing is queued."""
    state = status(config)
    crawled = all(job(state, f"crawl:{source}")["ok"] >= 1 for source in WATCHED)
    retried = job(state, "crawl:broken")["failures"] >= 2
    processed = job(state, "postprocess")["ok"] >= 1 and state.queued_documents == 0
    return state if crawled and retried and processed else None


def post_processed_documents(config: Path) -> list[Document] | None:
    """The stored documents once none is queued and every one has its event, else None."""
    if status(config).queued_documents:
        return None
    documents = stored_documents(config)
    return documents if all(d.event_id for d in documents) else None


def published_by(web: SampleWeb, sources: tuple[str, ...]) -> set[str]:
    return {item.url for item in web.ground_truth() if item.source in sources and item.kind == "article"}


def stored_urls(config: Path) -> set[str]:
    return {d.url for d in stored_documents(config)}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    with running_sample_web(start=FIRST) as web:
        sources = pick_sources(web.base_url, *WATCHED) + BROKEN_SOURCE.format(base=web.base_url)
        config = service_config(tmp_path_factory.mktemp("service"), sources)
        with running_service(config) as service:
            first_status = wait_for(
                lambda: crawled_and_processed(config), "the first crawls and post-processing"
            )
            first_documents = wait_for(
                lambda: post_processed_documents(config), "post-processing of the first crawls"
            )
            web.clock.set(NEXT_MORNING)
            expected = published_by(web, ("bureau",))
            wait_for(lambda: expected <= stored_urls(config), "the bureau's overnight releases")
            # every stored document placed in an event (read now: a crawl still running when the service
            # stops stores its last items, which stay queued for the next start)
            later_documents = wait_for(
                lambda: post_processed_documents(config), "post-processing of the new releases"
            )
            env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
            second = subprocess.run(
                [*QINGSHAN, "run", "--once"],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            exit_status = stop(service)
        final_status = status(config)
        status_output = run_qingshan(config, "status").stdout
        yield Scenario(
            web,
            config,
            first_status,
            first_documents,
            later_documents,
            second,
            exit_status,
            final_status,
            status_output,
            service_log(config),
        )


def test_crawled_documents_are_stored_and_get_events(scenario: Scenario) -> None:
    sources = {d.source for d in scenario.first_documents}
    assert set(WATCHED) <= sources
    assert all(d.event_id for d in scenario.first_documents), "a stored document was not post-processed"
    assert all(d.event_id for d in scenario.later_documents)


def test_items_published_later_are_picked_up(scenario: Scenario) -> None:
    first = {d.url for d in scenario.first_documents}
    later = {d.url for d in scenario.later_documents}
    assert later - first, "nothing new was crawled after the clock moved"
    assert published_by(scenario.web, ("bureau",)) <= later


def test_a_failing_job_is_retried_and_the_service_goes_on(scenario: Scenario) -> None:
    broken = next(row for row in scenario.final_status.jobs if row.job_id == "crawl:broken")
    assert broken.failures >= 2
    errors = [run.error for run in scenario.final_status.recent_failures if run.job_id == "crawl:broken"]
    assert errors and all(error and "no-such-plan" in error for error in errors)
    bureau = job(scenario.final_status, "crawl:bureau")
    assert bureau["ok"] >= 2  # it kept crawling while the broken source failed
    assert "Traceback" not in scenario.log


def test_a_second_service_on_the_same_database_is_refused(scenario: Scenario) -> None:
    assert scenario.second_service.returncode == 3
    assert "another qingshan service runs on this database" in scenario.second_service.stderr


def test_sigterm_drains_and_stops_cleanly(scenario: Scenario) -> None:
    assert scenario.exit_status == 0, scenario.log[-3000:]
    assert not scenario.final_status.running
    assert scenario.final_status.holder is not None and scenario.final_status.holder.stopped_at is not None
    assert all(row.last_outcome != "running" for row in scenario.final_status.jobs)


def test_status_shows_jobs_runs_and_errors_from_another_process(scenario: Scenario) -> None:
    output = scenario.status_output
    assert "service: stopped" in output
    for job_id in ("crawl:bureau", "crawl:board", "crawl:broken", "postprocess", "deadlines", "outbox"):
        assert job_id in output
    assert "no-such-plan" in output
    assert "sources:" in output
