"""Helpers for service tests: a config directory on the sample web, a real `qingshan run` process, and
reads of what it did (the service tables, the store, the crawl state) from the test process."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.service.gate import WriterGate
from app.service.status import ServiceStatus, read_status
from config import load_settings
from tests.crawlers.support import QINGSHAN, sample_sources, write_config

# Short everything: a service that reacts within a second or two.
FAST_SCHEDULE = """crawl_interval_min_s: 5
crawl_interval_max_s: 10
crawl_timeout_s: 120
postprocess_interval_s: 1
deadline_sweep_interval_s: 5
retry_initial_s: 1
retry_max_s: 3
drain_timeout_s: 60
heartbeat_s: 0.5
lock_lease_s: 5
postprocess:
  batch_size: {batch_size}
"""

# A Weibo source naming a keyword plan that does not exist: its crawl process exits with an error.
BROKEN_SOURCE = """
  - id: broken
    name: 配置有误的微博源
    kind: weibo
    api_base: {base}/weibo
    search: {{plans: [no-such-plan]}}
"""


def pick_sources(base: str, *source_ids: str) -> str:
    """The entries of ``tests.crawlers.support.sample_sources`` with these ids, in this order."""
    entries = {}
    for chunk in sample_sources(base).split("\n  - id: ")[1:]:
        entries[chunk.split("\n", 1)[0].strip()] = "\n  - id: " + chunk.rstrip() + "\n"
    return "".join(entries[source_id] for source_id in source_ids)


def service_config(directory: Path, sources: str, *, batch_size: int = 200, deep: bool = False) -> Path:
    """A config directory: the sources (on the sample web), the fast schedule, no digest."""
    if deep:  # every list page: all of a source's items, and a crawl that lasts a while
        sources = sources.replace("max_depth: 5", "max_depth: 20").replace("max_pages: 5", "max_pages: 20")
    config = write_config(directory, sources)
    (config / "schedule.yaml").write_text(FAST_SCHEDULE.format(batch_size=batch_size), encoding="utf-8")
    return config


def database_path(config: Path) -> Path:
    return config / "var" / "qingshan.db"


def start_service(config: Path, *args: str) -> subprocess.Popen[str]:
    """``qingshan run ARGS`` in the background; its output goes to files in the config directory."""
    env = {**os.environ, "QINGSHAN_CONFIG": str(config), "COLUMNS": "200"}
    with (config / "service.log").open("a", encoding="utf-8") as log:
        return subprocess.Popen(
            [*QINGSHAN, "run", "--no-digest", *args], env=env, stdout=log, stderr=log, text=True
        )


def service_log(config: Path) -> str:
    return (config / "service.log").read_text(encoding="utf-8")


def status(config: Path) -> ServiceStatus:
    return read_status(load_settings(config))


def wait_for(condition: Callable[[], Any], what: str, *, timeout: float = 120.0, every: float = 0.1) -> Any:
    """Poll ``condition`` until it returns something truthy; fail naming ``what`` if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(every)


def wait_until_waiting(gate: WriterGate, count: int) -> None:
    """Wait until ``count`` threads wait for the writers' turn of ``gate``."""
    wait_for(lambda: gate.waiting >= count, f"{count} waiter(s) at the writers' gate", every=0.005)


def count_rows(config: Path, table: str) -> int:
    """Rows of ``table`` (0 while the database or the table does not exist yet)."""
    database = database_path(config)
    if not database.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=5)) as connection:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def crawl_children(config: Path) -> list[int]:
    """Process ids of crawl processes started by a service on ``config``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"app.service.crawl_child" in command and str(config).encode() in command:
            pids.append(int(entry.name))
    return pids


def stop(process: subprocess.Popen[str], signum: int = signal.SIGTERM, timeout: float = 90) -> int:
    process.send_signal(signum)
    return process.wait(timeout=timeout)


@contextlib.contextmanager
def running_service(config: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    """A service process that is killed if the test leaves it running."""
    process = start_service(config, *args)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
