"""With the tantivy index, a crawl process holds the writers' turn only while it writes a batch.

Real crawl processes (``app.service.crawl_child``), the service's real gate, post-processing, store and
queue: a crawl whose fetch is blocked (a feed server that answers only when the test says so) holds no
turn, so another crawl stores and post-processes its items meanwhile; a crawl killed while it holds the
turn gives it back, and what it stored is post-processed and found in the index.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.postprocess import Postprocessor
from app.sampleweb.testing import running_sample_web
from app.service.crawl_process import CrawlProcesses
from app.service.database import ServiceDatabase
from app.service.gate import WriterGate
from app.service.jobs import JobFailedError, ServiceJobs
from app.wiring import open_store
from config import Settings, load_settings
from crawlers.state import CrawlState
from indexer.store import SearchRequest
from tests.crawlers.support import stored_documents, write_config
from tests.service.support import count_rows, pick_sources, wait_for
from tests.service.test_postprocess import FISH

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("write_turns")]

SLOW_TITLE = "琴溪河下游再次发现死鱼"


class HeldFeed:
    """An RSS feed on loopback whose answer waits until :meth:`release` (``arrived`` once asked)."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.released = threading.Event()
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.arrived.set()
                feed.released.wait(120)
                body = feed.rss(f"http://127.0.0.1:{self.server.server_address[1]}").encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a crawl killed meanwhile
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    @staticmethod
    def rss(base: str) -> str:
        published = format_datetime(datetime.now(UTC))
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>慢订阅</title>'
            f"<link>{base}/</link><description>慢</description><item><title>{SLOW_TITLE}</title>"
            f"<link>{base}/a/1.html</link><pubDate>{published}</pubDate>"
            f"<description>{FISH}</description></item></channel></rss>"
        )

    def release(self) -> None:
        self.released.set()

    def __enter__(self) -> HeldFeed:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Service:
    settings: Settings
    jobs: ServiceJobs
    gate: WriterGate


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Callable[[str], Service]]:
    """``make(sources)``: the service's jobs on a config with these sources (tantivy: writers take turns)."""
    closing: list[Callable[[], None]] = []

    def make(sources: str) -> Service:
        config = write_config(tmp_path / "config", sources, timeout=60.0, store_flush_s=0.2)
        settings = load_settings(config)
        database = ServiceDatabase(settings.database_url())
        database.open()
        closing.append(database.close)
        state = CrawlState(settings.database_url())
        state.open()
        closing.append(state.close)
        processor = Postprocessor.from_settings(settings, database, [])
        processor.open()
        closing.append(processor.close)
        gate = WriterGate(exclusive=True)
        crawls = CrawlProcesses.from_settings(settings)
        jobs = ServiceJobs(settings, crawl_state=state, crawls=crawls, gate=gate, postprocessor=processor)
        return Service(settings, jobs, gate)

    yield make
    for close in reversed(closing):
        close()


def kill_the_crawl(crawls: CrawlProcesses) -> None:
    """SIGKILL the one running crawl process and its group (a power cut for that crawl)."""
    with crawls._lock:
        (pid,) = crawls._running
    os.killpg(pid, signal.SIGKILL)


def in_thread(run: Callable[[], str]) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["summary"] = run()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


def test_a_crawl_waiting_on_its_fetch_holds_no_turn_and_another_crawl_writes_meanwhile(
    service: Callable[[str], Service],
) -> None:
    with running_sample_web() as web, HeldFeed() as feed:
        slow = f"""
  - id: slow
    name: 慢订阅
    kind: feed
    feed_urls: [{feed.url}]
    fetch_articles: false
"""
        svc = service(slow + pick_sources(web.base_url, "atom"))
        slow_crawl, slow_outcome = in_thread(lambda: svc.jobs.crawl("slow"))
        try:
            assert feed.arrived.wait(120), "the slow crawl never asked for its feed"
            atom_crawl, atom_outcome = in_thread(lambda: svc.jobs.crawl("atom"))
            atom_crawl.join(180)  # only a guard: with the turn held by the slow crawl this never ends
            assert not atom_crawl.is_alive(), "the atom crawl waited for the slow crawl's fetch"
            assert not feed.released.is_set()  # the slow crawl is still waiting on its fetch
        finally:
            feed.release()
            slow_crawl.join(180)
    assert "error" not in atom_outcome, atom_outcome
    assert "error" not in slow_outcome, slow_outcome
    assert "documents post-processed" in str(atom_outcome["summary"])
    documents = stored_documents(svc.settings.config_dir or Path())
    sources = {d.source for d in documents}
    assert sources == {"atom", "slow"}
    assert all(d.event_id for d in documents), "a stored document was not post-processed in its turn"
    assert svc.jobs.postprocessor.pending() == 0


# A crawl process stand-in: takes the turn, stores and queues one document as the ingest writer does,
# says so on stdout's place (a file), then waits inside the turn until it is killed.
HOLDER = """
import sys, time
from pathlib import Path
from app.service.queue import PostprocessQueue
from app.service.write_turns import TurnClient
from app.wiring import open_store
from config import load_settings
from tests.service.test_postprocess import FISH, doc

settings = load_settings(Path(sys.argv[2]))
with TurnClient.parse(sys.argv[1]).turn():
    store = open_store(settings)
    document = doc("held1", "琴溪河出现大面积死鱼", FISH, 0)
    store.upsert([document])
    queue = PostprocessQueue.open_at(settings.database_url())
    queue.enqueue([document])
    Path(sys.argv[3]).write_text("stored", encoding="utf-8")
    time.sleep(600)
"""


class HoldingCrawls(CrawlProcesses):
    """Runs :data:`HOLDER` instead of a crawl."""

    def __init__(self, settings: Settings, marker: Path) -> None:
        super().__init__(settings.config_dir, timeout_s=300)
        self.marker = marker

    def command(self, source_id: str, turn_fds: tuple[int, int] | None = None) -> list[str]:
        assert turn_fds is not None
        fds = f"{turn_fds[0]},{turn_fds[1]}"
        return [sys.executable, "-c", HOLDER, fds, str(self.config_dir), str(self.marker)]


def test_a_crawl_killed_while_it_holds_the_turn_gives_it_back_and_loses_nothing(
    service: Callable[[str], Service], tmp_path: Path
) -> None:
    svc = service(
        "\n  - id: held\n    name: 占用者\n    kind: feed\n    feed_urls: [http://127.0.0.1:9/x.xml]\n"
    )
    marker = tmp_path / "stored"
    crawls = HoldingCrawls(svc.settings, marker)
    svc.jobs.crawls = crawls
    crawl, outcome = in_thread(lambda: svc.jobs.crawl("held"))
    wait_for(lambda: marker.exists() or not crawl.is_alive(), "the stand-in to store inside the turn")
    assert marker.exists(), outcome
    assert svc.gate.waiting == 0
    kill_the_crawl(crawls)
    crawl.join(120)
    assert not crawl.is_alive()
    assert isinstance(outcome.get("error"), JobFailedError)  # killed: exit status -9
    with svc.gate.turn():  # given back
        store = open_store(svc.settings)
        try:
            (document,) = store.get_many(["held1"])
            assert document.event_id, "the killed crawl's document was not post-processed"
            hits = store.search(SearchRequest(query="死鱼"))
            assert [hit.document.id for hit in hits.hits] == ["held1"]
        finally:
            store.close()
    assert svc.jobs.postprocessor.pending() == 0


def test_a_crawl_killed_while_it_waits_for_its_fetch_stores_nothing_and_the_next_crawl_gets_it(
    service: Callable[[str], Service],
) -> None:
    with HeldFeed() as feed:
        svc = service(
            f"\n  - id: slow\n    name: 慢订阅\n    kind: feed\n    feed_urls: [{feed.url}]\n"
            "    fetch_articles: false\n"
        )
        crawl, outcome = in_thread(lambda: svc.jobs.crawl("slow"))
        assert feed.arrived.wait(120)
        kill_the_crawl(svc.jobs.crawls)
        crawl.join(120)
        assert isinstance(outcome.get("error"), JobFailedError)
        assert count_rows(svc.settings.config_dir or Path(), "documents") == 0  # (no table yet, even)
        feed.release()
        assert "1 new items" in svc.jobs.crawl("slow")
    (document,) = stored_documents(svc.settings.config_dir or Path())
    assert document.title == SLOW_TITLE and document.event_id
    assert svc.jobs.postprocessor.pending() == 0
