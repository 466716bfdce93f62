"""`kill -9` in the middle of a crawl, then a restart: every published item is stored, none twice.

The restart runs in continuous mode (adaptive polling, interval bounds of one second): it finishes the
interrupted work, polls again on schedule and stops cleanly on SIGINT.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.sampleweb.testing import running_sample_web
from tests.crawlers.support import (
    QINGSHAN,
    all_channel_sources,
    source_health,
    stored_documents,
    write_config,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crawl_resume")]

# After the scenario's last item: everything is published.
LATE = datetime.fromisoformat("2026-11-24T12:00:00+08:00")
KILL_AFTER_STORED = 25
RESUMED_SOURCES = ("newsa", "newsb", "bureau", "board")


def all_channels(base: str) -> str:
    """Every list of the two news sites and the bureau, deep enough to reach their oldest items."""
    return all_channel_sources(base, RESUMED_SOURCES, interval_min_s=1, interval_max_s=1)


def stored_count(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM crawl_seen").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def wait_for(process: subprocess.Popen[Any], condition: Callable[[], bool]) -> bool:
    """Poll ``condition`` while ``process`` runs; False if the process ended first."""
    while process.poll() is None:
        if condition():
            return True
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
    return False


def runs_after(config: Path, when: datetime) -> dict[str, datetime]:
    """Sources whose last run ended after ``when``, with that time."""
    return {
        source: health.last_run_at
        for source, health in source_health(config).items()
        if health.last_run_at is not None and health.last_run_at > when
    }


def crawl_continuously_until_polled_twice(config: Path) -> str:
    """Restart in continuous mode; SIGINT once every source ran and one ran again on schedule."""
    env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
    process = subprocess.Popen(
        [*QINGSHAN, "crawl", "--all", "--quiet"], env=env, stderr=subprocess.PIPE, text=True
    )
    restarted = datetime.now(UTC)
    try:
        resumed = wait_for(process, lambda: len(runs_after(config, restarted)) == len(RESUMED_SOURCES))
        assert resumed, process.communicate()[1]
        first_pass = max(runs_after(config, restarted).values())
        assert wait_for(process, lambda: len(runs_after(config, first_pass)) > 0), process.communicate()[1]
        process.send_signal(signal.SIGINT)
        # a guard, not a timing: a stop that never comes fails; 60 s was once too short on a loaded CI run
        _, stderr = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    return stderr  # a second pass ran on schedule, and SIGINT stopped it cleanly


def crawl_and_kill(config: Path) -> bool:
    """Start a crawl, SIGKILL it once some items are stored; False if it finished first."""
    env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
    process = subprocess.Popen(
        [*QINGSHAN, "crawl", "--all", "--once", "--quiet"], env=env, stderr=subprocess.DEVNULL
    )
    database = config / "var" / "qingshan.db"
    try:
        if not wait_for(process, lambda: stored_count(database) >= KILL_AFTER_STORED):
            return False
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return True
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_kill_9_mid_crawl_then_continuous_restart_loses_and_doubles_nothing(tmp_path: Path) -> None:
    with running_sample_web(start=LATE) as web:
        sources = all_channels(web.base_url)
        # Slow enough to be caught mid-crawl; the restart runs at full speed.
        config = write_config(tmp_path, sources, concurrent_requests=1, download_delay_s=0.02)
        assert crawl_and_kill(config), "the crawl finished before it could be killed"
        interrupted = {d.url for d in stored_documents(config)}
        write_config(tmp_path, sources)
        crawl_continuously_until_polled_twice(config)
        documents = stored_documents(config)
        truth = web.ground_truth()

    stored = Counter(d.url for d in documents)
    assert [url for url, count in stored.items() if count > 1] == []
    assert interrupted <= set(stored)
    expected = {item.url for item in truth if item.source in RESUMED_SOURCES and not item.robots_disallowed}
    assert len(expected) > 60
    assert len(interrupted) < len(expected)  # killed mid-crawl
    assert expected - set(stored) == set()
    published = {item.url for item in truth}
    assert {url.removesuffix("#reply") for url in stored} <= published
