"""A crawl post-processes each batch it stored before the next writer gets the turn: its items reach the
alert rules (and the outbox is woken) before a crawl that was waiting for the turn writes.

The crawl processes are stood in for (they store and queue a document inside the writers' turn, as a
crawl process's ingest writer does): what is under test is the order of things inside the service, which
a real crawl cannot be made to interleave deterministically. Post-processing, the store, the queue and the
events are real. (tests/service/test_write_turns.py runs real crawl processes.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import datetime

import pytest

from app.postprocess import Postprocessor
from app.service.crawl_process import CrawlProcesses, CrawlRun
from app.service.database import ServiceDatabase
from app.service.gate import WriterGate
from app.service.jobs import ServiceJobs
from app.service.queue import PostprocessQueue
from app.service.write_turns import WriteTurn
from app.wiring import open_store
from config import Settings
from crawlers.state import CrawlState
from indexer.document import Document
from indexer.store import Store
from tests.service.support import wait_until_waiting
from tests.service.test_postprocess import FISH, doc

POST = doc("weibo1", "琴溪河出现大面积死鱼", FISH, 0, source="weibo")


class Log:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def add(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)


class EvaluationLog:
    """The alert evaluation's place in the order (fails the first ``failures`` times: an outage)."""

    def __init__(self, log: Log, failures: int = 0) -> None:
        self.log = log
        self.failures = failures

    def events_changed(self, store: Store, event_ids: Sequence[str], now: datetime) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("alert database unavailable")
        self.log.add(f"alerts evaluated for {len(event_ids)} event(s)")


class StandInCrawls(CrawlProcesses):
    """In its writers' turn ``weibo`` stores and queues one post, then waits until another crawl waits for
    the turn; every other source writes nothing in its turn."""

    def __init__(self, settings: Settings, database: ServiceDatabase, gate: WriterGate, log: Log) -> None:
        super().__init__(settings.config_dir, timeout_s=60)
        self.settings = settings
        self.database = database
        self.gate = gate
        self.log = log
        self.weibo_started = threading.Event()

    def run(self, source_id: str, write_turn: WriteTurn | None = None) -> CrawlRun:
        assert write_turn is not None, "the tantivy index: a crawl asks for the turn to write"
        self.log.add(f"{source_id} crawl starts")
        with write_turn():
            if source_id == "weibo":
                self.weibo_started.set()
                self.store([POST])
                wait_until_waiting(self.gate, 1)
            self.log.add(f"{source_id} batch written")
        self.log.add(f"{source_id} crawl ends")
        return CrawlRun(source_id, 0, timed_out=False, stopped=False, stderr_tail="", duration_s=0.0)

    def store(self, documents: list[Document]) -> None:
        store = open_store(self.settings)
        try:
            store.upsert(documents)
        finally:
            store.close()
        PostprocessQueue(self.database).enqueue(documents)


@pytest.fixture
def database(settings: Settings) -> Iterator[ServiceDatabase]:
    with ServiceDatabase(settings.database_url()) as database:
        yield database


@pytest.fixture
def crawl_state(settings: Settings) -> Iterator[CrawlState]:
    state = CrawlState(settings.database_url())
    state.open()
    yield state
    state.close()


def service_jobs(
    settings: Settings, database: ServiceDatabase, crawl_state: CrawlState, log: Log, failures: int = 0
) -> tuple[ServiceJobs, StandInCrawls]:
    gate = WriterGate(exclusive=True)
    processor = Postprocessor.from_settings(settings, database, [EvaluationLog(log, failures)])
    processor.open()
    crawls = StandInCrawls(settings, database, gate, log)
    jobs = ServiceJobs(settings, crawl_state=crawl_state, crawls=crawls, gate=gate, postprocessor=processor)
    jobs.events_processed = lambda: log.add("outbox woken")
    return jobs, crawls


def test_a_crawls_items_reach_the_alert_rules_before_a_waiting_crawl_writes(
    settings: Settings, database: ServiceDatabase, crawl_state: CrawlState
) -> None:
    log = Log()
    jobs, crawls = service_jobs(settings, database, crawl_state, log)
    summaries: dict[str, str] = {}
    weibo = threading.Thread(target=lambda: summaries.update(weibo=jobs.crawl("weibo")))
    weibo.start()
    assert crawls.weibo_started.wait(10)
    news = threading.Thread(target=lambda: summaries.update(news=jobs.crawl("newsa")))
    news.start()
    weibo.join()
    news.join()
    jobs.postprocessor.close()
    weibo_ends = log.lines.index("weibo crawl ends")
    assert weibo_ends > log.lines.index("outbox woken")  # the batch's pass is part of its turn
    assert [line for line in log.lines if line != "weibo crawl ends"] == [
        "weibo crawl starts",
        "newsa crawl starts",  # while weibo holds the turn: crawls run side by side, only writes take turns
        "weibo batch written",
        "alerts evaluated for 1 event(s)",
        "outbox woken",
        "newsa batch written",
        "newsa crawl ends",
    ]
    assert summaries["weibo"].endswith("1 documents post-processed")
    assert "post-processed" not in summaries["news"]
    assert jobs.postprocessor.pending() == 0


def test_a_failed_pass_after_a_crawl_leaves_the_crawl_ok_and_the_batch_to_the_postprocess_job(
    settings: Settings, database: ServiceDatabase, crawl_state: CrawlState
) -> None:
    log = Log()
    jobs, crawls = service_jobs(settings, database, crawl_state, log, failures=1)
    crawls.store([POST])
    summary = jobs.crawl("newsa")  # the alert database is out during the crawl's pass
    assert "post-processed" not in summary
    assert jobs.postprocessor.pending() == 1
    assert jobs.postprocess().startswith("1 documents")
    jobs.postprocessor.close()
    assert jobs.postprocessor.pending() == 0
    assert log.lines[-2:] == ["alerts evaluated for 1 event(s)", "outbox woken"]
