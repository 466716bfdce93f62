"""`kill -9` of a real `qingshan run` during crawling and during post-processing, then a restart: every
item the sample web published is in the index exactly once and found by search, and no alert or
notification is lost or doubled.

1. The service crawls slowly; once some items are stored it is killed with its crawl processes (SIGKILL
   to all of them and their helpers: a power cut in the middle of ingestion).
2. Restarted, it post-processes in batches of two; in the middle of that it is killed (`kill -9` of the
   service only: its crawl processes get SIGTERM from the kernel).
3. Restarted at full speed, it runs until everything is crawled, processed and delivered; SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from app.sampleweb import SampleWeb
from app.sampleweb.testing import running_sample_web
from app.wiring import open_store
from config import load_settings
from indexer.document import Document
from tests.alerts.receivers import SmtpReceiver, WebhookReceiver
from tests.crawlers.support import stored_documents
from tests.faults.support import (
    COMPLETE_SOURCES,
    alert_rows,
    complete_sources,
    expected_urls,
    fault_config,
    job_runs,
    kill_9,
    outbox_rows,
    query,
    running_jobs,
    scalar,
    search_finds,
)
from tests.service.support import crawl_children, service_log, start_service, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults_kill")]

# After the scenario's last item: everything is published.
LATE = datetime.fromisoformat("2026-11-24T12:00:00+08:00")
KILL_AFTER_SEEN = 12
ONCE_MORE = {"crawl_interval_min_s": 600, "crawl_interval_max_s": 900}


@dataclass
class Snapshot:
    documents: int
    alerts: dict[int, tuple[str, int]]
    outbox: dict[str, tuple[int, str, str]]


@dataclass
class KillRun:
    web: SampleWeb
    config: Path
    at_crawl_kill: Snapshot
    at_postprocess_kill: Snapshot
    queued_at_postprocess_kill: int
    final: Snapshot
    documents: list[Document]
    exit_status: int
    mails: list[str]  # Message-IDs received, in order
    hook_requests: list[str]  # Idempotency-Keys received, in order
    hook_applied: set[str]
    log: str


def snapshot(config: Path) -> Snapshot:
    return Snapshot(scalar(config, "SELECT count(*) FROM documents"), alert_rows(config), outbox_rows(config))


def kill_mid_crawl(config: Path) -> None:
    """Phase 1: SIGKILL the service and its crawl processes once some items are stored."""
    service = start_service(config)
    try:
        wait_for(
            lambda: (
                scalar(config, "SELECT count(*) FROM crawl_seen") >= KILL_AFTER_SEEN
                and crawl_children(config)
            ),
            "a crawl in the middle of storing items",
            every=0.02,
        )
        children = crawl_children(config)
        service.kill()
        for child in children:  # each crawl leads its process group (with its extraction pool)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child, signal.SIGKILL)
        service.wait(timeout=30)
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
    wait_for(lambda: not crawl_children(config), "the killed crawl processes to be gone")


def processing_mid_batch(config: Path, processed_before: int) -> bool:
    processed = scalar(config, "SELECT count(*) FROM postprocess_items")
    queued = scalar(config, "SELECT count(*) FROM postprocess_queue")
    return "postprocess" in running_jobs(config) and processed > processed_before and queued > 0


def kill_mid_postprocess(config: Path) -> int:
    """Phase 2: restart, `kill -9` the service while it post-processes; returns the queue left."""
    processed_before = scalar(config, "SELECT count(*) FROM postprocess_items")
    service = start_service(config)
    try:
        wait_for(
            lambda: processing_mid_batch(config, processed_before), "post-processing in progress", every=0.01
        )
        kill_9(service)
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
    wait_for(lambda: not crawl_children(config), "the crawl processes to stop with the service")
    return scalar(config, "SELECT count(*) FROM postprocess_queue")


def settled(config: Path, web: SampleWeb, runs_before: dict[str, int]) -> bool:
    """Everything crawled, no crawl running, nothing queued or being processed, every notification
    delivered."""
    stored = {row[0] for row in query(config, "SELECT url FROM documents")}
    if not expected_urls(web) <= stored:
        return False
    if any(job_runs(config, job) <= runs for job, runs in runs_before.items()):  # each crawled again
        return False
    running = running_jobs(config)
    if any(job.startswith("crawl:") for job in running):  # a crawl stores, then queues: wait for both
        return False
    if scalar(config, "SELECT count(*) FROM postprocess_queue") or "postprocess" in running_jobs(config):
        return False
    outbox = outbox_rows(config)
    return bool(outbox) and all(status == "delivered" for _, _, status in outbox.values())


@pytest.fixture(scope="module")
def kill_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KillRun]:
    smtp, hook = SmtpReceiver(), WebhookReceiver()
    smtp.start()
    hook.start()
    try:
        with running_sample_web(start=LATE) as web:
            directory = tmp_path_factory.mktemp("kill")
            sources = complete_sources(web.base_url)
            channels = {"mail_url": smtp.url, "hook_url": hook.url}
            slow = {"concurrent_requests": 1, "download_delay_s": 0.02}
            config = fault_config(directory, sources, batch_size=2, **channels, **slow)
            kill_mid_crawl(config)
            at_crawl_kill = snapshot(config)
            queued = kill_mid_postprocess(config)
            at_postprocess_kill = snapshot(config)
            # Full speed from here on; each source crawls once more, the next polls are after the test.
            fault_config(directory, sources, schedule=ONCE_MORE, **channels)
            runs = {f"crawl:{source}": job_runs(config, f"crawl:{source}") for source in COMPLETE_SOURCES}
            service = start_service(config)
            try:
                wait_for(lambda: settled(config, web, runs), "everything crawled, processed and delivered")
                exit_status = stop(service)
            finally:
                if service.poll() is None:
                    service.kill()
                    service.wait()
            yield KillRun(
                web,
                config,
                at_crawl_kill,
                at_postprocess_kill,
                queued,
                snapshot(config),
                stored_documents(config),
                exit_status,
                [str(m["Message-ID"]) for m in smtp.messages],
                [r["key"] for r in hook.requests],
                set(hook.applied),
                service_log(config),
            )
    finally:
        smtp.stop()
        hook.stop()


def test_the_kills_landed_mid_crawl_and_mid_postprocessing(kill_run: KillRun) -> None:
    expected = len(expected_urls(kill_run.web))
    assert 0 < kill_run.at_crawl_kill.documents < expected
    assert kill_run.queued_at_postprocess_kill > 0


def test_every_published_item_is_stored_exactly_once(kill_run: KillRun) -> None:
    urls = Counter(d.url for d in kill_run.documents)
    assert [url for url, count in urls.items() if count > 1] == []
    assert expected_urls(kill_run.web) - set(urls) == set()
    published = {item.url for item in kill_run.web.ground_truth()}
    assert {url.removesuffix("#reply") for url in urls} <= published


def test_every_stored_item_was_post_processed_once(kill_run: KillRun) -> None:
    assert all(d.event_id for d in kill_run.documents), "a stored document has no event"
    rows = query(kill_run.config, "SELECT doc_id FROM postprocess_items")
    assert sorted(r[0] for r in rows) == sorted(d.id for d in kill_run.documents)
    placed = dict(query(kill_run.config, "SELECT item_id, event_id FROM nlp_event_items"))
    assert {d.id: d.event_id for d in kill_run.documents} == placed


def test_search_finds_every_published_item(kill_run: KillRun) -> None:
    stored = {d.url: d for d in kill_run.documents}
    titles = {url: stored[url].title for url in expected_urls(kill_run.web)}  # Simplified, as analysed
    store = open_store(load_settings(kill_run.config), read_only=True)
    try:
        assert store.count() == len(kill_run.documents)
        missing = [url for url, title in titles.items() if not search_finds(store, title, url)]
    finally:
        store.close()
    assert missing == []


def test_no_alert_is_lost_or_doubled(kill_run: KillRun) -> None:
    final = kill_run.final.alerts
    for before in (kill_run.at_crawl_kill.alerts, kill_run.at_postprocess_kill.alerts):
        assert {k: v[0] for k, v in before.items()} == {k: final[k][0] for k in before}
    assert len({event for event, _ in final.values()}) == len(final)
    doubled = query(kill_run.config, "SELECT doc_id FROM alert_items GROUP BY doc_id HAVING count(*) > 1")
    assert doubled == []
    fish = {i.url for i in kill_run.web.ground_truth() if i.event == "fishkill"}
    alerted = {row[0] for row in query(kill_run.config, "SELECT url FROM alert_items")}
    assert fish & alerted, "the fish-kill event raised no alert"


def test_no_notification_is_lost_or_doubled(kill_run: KillRun) -> None:
    final = kill_run.final.outbox
    for before in (kill_run.at_crawl_kill.outbox, kill_run.at_postprocess_kill.outbox):
        assert set(before) <= set(final)
    assert {status for _, _, status in final.values()} == {"delivered"}
    opened = set(
        query(kill_run.config, "SELECT alert_id, channel_id FROM alert_outbox WHERE kind = 'opened'")
    )
    assert {(a, c) for a in kill_run.final.alerts for c in ("ops-mail", "ops-webhook")} <= opened
    mail_keys = {key for key, (_, channel, _) in final.items() if channel == "ops-mail"}
    hook_keys = {key for key, (_, channel, _) in final.items() if channel == "ops-webhook"}
    assert set(kill_run.mails) == {f"<{key}@qingshan>" for key in mail_keys}
    assert kill_run.hook_applied == hook_keys == set(kill_run.hook_requests)
    bodies = query(kill_run.config, "SELECT body_text FROM alert_outbox")
    assert not any("built-in method" in body for (body,) in bodies)


def test_the_restarted_service_stops_cleanly(kill_run: KillRun) -> None:
    assert kill_run.exit_status == 0, kill_run.log[-3000:]
    assert "Traceback" not in kill_run.log, kill_run.log[-5000:]
