"""Helpers for the fault suite: a service config on the sample web with alert channels on local receivers,
read-only looks into the database a running service writes, and `kill -9` of the service.

The sample web's ground truth (``web.ground_truth()``) is what must end up in the index; the service is a
real ``qingshan run`` process (see ``tests.service.support``)."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from app.sampleweb import SampleWeb
from indexer.store import SearchRequest
from tests.crawlers.support import all_channel_sources
from tests.service.support import database_path, service_config

# Sources whose every published item a crawl reaches: all channel lists of both news sites, the bureau and
# the board, deep enough for their oldest items (Weibo search only reaches posts matching its keywords).
COMPLETE_SOURCES = ("newsa", "newsb", "bureau", "board")

# Alerts go out at once (no debounce, quiet hours or batching), delivery polls every second and retries fast.
ALERTS_YAML = """channels:
  - {{id: ops-mail, url: "{mail}"}}
  - {{id: ops-webhook, url: "{hook}"}}
default_channels: [ops-mail, ops-webhook]
update_policy:
  debounce_minutes: 0.05
  min_interval_minutes: {{I: 0.1, II: 0.1, III: 0.1, IV: 0.1}}
  batch_levels: []
  quiet_hours: {{enabled: false}}
delivery: {{poll_seconds: 1, backoff_initial_seconds: 1, backoff_max_seconds: 2, lease_seconds: 30}}
"""


def complete_sources(base: str, **options: Any) -> str:
    """``COMPLETE_SOURCES`` on the sample web at ``base``, each with ``options`` (e.g. interval bounds)."""
    return all_channel_sources(base, COMPLETE_SOURCES, **options)


def expected_urls(web: SampleWeb) -> set[str]:
    """Canonical URLs of every published item ``complete_sources`` can reach."""
    return {
        item.url
        for item in web.ground_truth()
        if item.source in COMPLETE_SOURCES and not item.robots_disallowed
    }


def fault_config(
    directory: Path,
    sources: str,
    *,
    mail_url: str | None = None,
    hook_url: str | None = None,
    batch_size: int = 200,
    settings: str = "",
    schedule: dict[str, Any] | None = None,
    **crawl: Any,
) -> Path:
    """``tests.service.support.service_config`` plus alert channels, extra settings.yaml lines, schedule
    and crawl overrides."""
    config = service_config(directory, sources, batch_size=batch_size)
    update_yaml(config / "sources.yaml", "crawl", crawl)
    update_yaml(config / "schedule.yaml", None, schedule or {})
    if settings:
        with (config / "settings.yaml").open("a", encoding="utf-8") as handle:
            handle.write(settings)
    if mail_url or hook_url:
        text = ALERTS_YAML.format(mail=mail_url or "", hook=hook_url or "")
        (config / "alerts.yaml").write_text(text, encoding="utf-8")
    return config


def update_yaml(path: Path, section: str | None, values: dict[str, Any]) -> None:
    """Set ``values`` in the YAML file (in its ``section`` mapping when given)."""
    if not values:
        return
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    (document[section] if section else document).update(values)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


@contextlib.contextmanager
def read_only(config: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the service's database (it may be written meanwhile)."""
    connection = sqlite3.connect(f"file:{database_path(config)}?mode=ro", uri=True, timeout=10)
    try:
        yield connection
    finally:
        connection.close()


def query(config: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` ([] while the database or its tables do not exist yet)."""
    if not database_path(config).exists():
        return []
    try:
        with read_only(config) as connection:
            return list(connection.execute(sql, params).fetchall())
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc) or "unable to open" in str(exc):
            return []
        raise


def scalar(config: Path, sql: str, *params: Any) -> int:
    rows = query(config, sql, *params)
    return int(rows[0][0] or 0) if rows else 0


def running_jobs(config: Path) -> set[str]:
    """Jobs the journal shows as running right now."""
    return {row[0] for row in query(config, "SELECT job_id FROM service_job_runs WHERE outcome = 'running'")}


def job_runs(config: Path, job_id: str, outcome: str = "ok") -> int:
    return scalar(
        config, "SELECT count(*) FROM service_job_runs WHERE job_id = ? AND outcome = ?", job_id, outcome
    )


def alert_rows(config: Path) -> dict[int, tuple[str, int]]:
    """Alert id → (event id, level)."""
    return {row[0]: (row[1], row[2]) for row in query(config, "SELECT id, event_id, level FROM alerts")}


def outbox_rows(config: Path) -> dict[str, tuple[int, str, str]]:
    """Idempotency key → (alert id, channel, status)."""
    rows = query(config, "SELECT idempotency_key, alert_id, channel_id, status FROM alert_outbox")
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def kill_9(process: subprocess.Popen[str]) -> None:
    """SIGKILL the service (its crawl processes get SIGTERM from the kernel: PR_SET_PDEATHSIG)."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def title_phrase(title: str) -> str:
    """A phrase query for ``title`` (the query language's special characters dropped)."""
    kept = "".join(ch if ch.isalnum() else " " for ch in title)
    return '"' + " ".join(kept.split()) + '"'


def search_finds(store: Any, title: str, url: str) -> bool:
    """Whether searching the title's words finds the document at ``url``."""
    result = store.search(SearchRequest(query=f"title:{title_phrase(title)}", limit=50, highlight=False))
    return any(hit.document.url == url for hit in result.hits)


def json_lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
