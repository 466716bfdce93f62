"""Bad configuration, a read-only database file or directory, a full disk and a corrupt model file: each is
a one-line error naming the cause (exit status 2, no traceback), and nothing is half-written.

A read-only file or directory is made with ``chattr +i`` when running as root (root ignores permission
bits), else with ``chmod``. A full disk is a file-size limit (RLIMIT_FSIZE) on the command: SQLite's
writes fail as they do on a full disk, without mounting anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.sampleweb.testing import running_sample_web
from indexer.document import Document
from tests.crawlers.support import QINGSHAN, source_health, stored_documents
from tests.faults.support import fault_config
from tests.indexer.sample_documents import sample_documents
from tests.service.support import pick_sources

pytestmark = pytest.mark.xdist_group("faults_storage")

SHIPPED_SENTIMENT = Path(__file__).resolve().parents[2] / "nlp" / "data" / "sentiment" / "default"


def qingshan(
    config: Path, *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QINGSHAN_CONFIG": str(config), "COLUMNS": "200"}
    return subprocess.run(
        [*QINGSHAN, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        preexec_fn=preexec,
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The error line of a command that had to fail cleanly, checked for ``words``."""
    assert result.returncode == 2, (result.returncode, result.stdout[-2000:], result.stderr[-3000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert any(line.startswith("error: ") for line in result.stderr.splitlines()), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def write_documents(path: Path, documents: list[Document]) -> Path:
    path.write_text("".join(d.model_dump_json() + "\n" for d in documents), encoding="utf-8")
    return path


def document_count(config: Path) -> int:
    with contextlib.closing(sqlite3.connect(config / "var" / "qingshan.db")) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A config directory whose database holds the five first sample documents."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.yaml").write_text(f"home: {config / 'var'}\n", encoding="utf-8")
    (config / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    seed = write_documents(tmp_path / "seed.jsonl", sample_documents()[:5])
    result = qingshan(config, "import", str(seed))
    assert result.returncode == 0, result.stderr
    return config


def more_documents(tmp_path: Path, count: int = 5, repeat: int = 1) -> Path:
    template = sample_documents()
    documents = [
        template[i % len(template)].model_copy(
            update={
                "id": f"more-{i}",
                "url": f"https://example.org/more/{i}",
                "text": template[i % 5].text * repeat,
            }
        )
        for i in range(count)
    ]
    return write_documents(tmp_path / f"more-{count}.jsonl", documents)


# Bad configuration -----------------------------------------------------------------------------------


BAD_CONFIGS = {
    "wrong type": ("schedule.yaml", "crawl_interval_min_s: fast\n", "crawl_interval_min_s"),
    "unknown key": ("settings.yaml", "serach_page_size: 10\n", "serach_page_size"),
    "broken YAML": ("sources.yaml", "sources: [\n", "invalid YAML"),
    "bad regex in a user list": (
        "sources.yaml",
        "sources:\n  - {id: x, name: x, kind: site, start_urls: ['http://127.0.0.1:9/'],"
        " article_links: {allow: ['(unclosed']}}\n",
        "sources[0].site.article_links.allow[0]",
    ),
    "unknown channel": ("alerts.yaml", "default_channels: [nope]\n", "default_channels"),
    "invalid rule query": (
        "alerts.yaml",
        "rules: [{id: r1, name: r1, query: '死鱼 (', fire: {min_items: 1}}]\n",
        "alert rule 'r1'",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_bad_configuration_names_file_and_key(tmp_path: Path, case: str) -> None:
    filename, text, key = BAD_CONFIGS[case]
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.yaml").write_text(f"home: {tmp_path / 'var'}\n", encoding="utf-8")
    (config / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    with (config / filename).open("a", encoding="utf-8") as handle:
        handle.write(text)
    refused(qingshan(config, "run", "--once", "--no-digest"), filename, key)
    if case != "invalid rule query":  # a configuration error stops everything before the database
        assert not (tmp_path / "var" / "qingshan.db").exists()


# Read-only database --------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only_path(path: Path) -> Iterator[None]:
    """``path`` cannot be written, even by root, for the duration."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not installed: cannot make a file read-only for root")
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"chattr +i is not permitted here: {made.stderr.strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.mark.parametrize("target", ["file", "directory"])
def test_a_read_only_database_is_a_clear_error(seeded: Path, tmp_path: Path, target: str) -> None:
    database = seeded / "var" / "qingshan.db"
    extra = more_documents(tmp_path)
    with read_only_path(database if target == "file" else database.parent):
        refused(qingshan(seeded, "import", str(extra)), "qingshan.db")
        refused(qingshan(seeded, "run", "--once", "--no-digest"), "qingshan.db")
    assert document_count(seeded) == 5


# Full disk -------------------------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_error_and_writes_nothing_half(seeded: Path, tmp_path: Path) -> None:
    database = seeded / "var" / "qingshan.db"
    big = more_documents(tmp_path, count=400, repeat=40)  # megabytes of text in one batch
    limit = database.stat().st_size + 256 * 1024

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = qingshan(seeded, "import", "--batch-size", "1000", str(big), preexec=small_disk)
    refused(result, "cannot write to the store", "qingshan.db")
    assert document_count(seeded) == 5  # the batch was rolled back whole
    search = qingshan(seeded, "search", "--json", "死鱼")
    assert search.returncode == 0, search.stderr
    assert "more-" not in search.stdout  # and the full-text index holds nothing of it either


# Corrupt model ----------------------------------------------------------------------------------------


def corrupt_sentiment_model(home: Path) -> Path:
    """A promoted registry version ``v1`` whose model.skops is garbage; returns that file."""
    models = home / "models" / "sentiment"
    shutil.copytree(SHIPPED_SENTIMENT, models / "v1")
    card = json.loads((models / "v1" / "card.json").read_text(encoding="utf-8"))
    card["version"] = "v1"
    (models / "v1" / "card.json").write_text(json.dumps(card), encoding="utf-8")
    model = models / "v1" / "model.skops"
    model.write_bytes(b"PK\x03\x04 not a model at all " * 20)
    (models / "ACTIVE").write_text("v1\n", encoding="utf-8")
    return model


@pytest.mark.slow
def test_a_corrupt_model_file_is_named_and_nothing_is_stored_or_lost(seeded: Path, tmp_path: Path) -> None:
    model = corrupt_sentiment_model(seeded / "var")
    refused(qingshan(seeded, "import", str(more_documents(tmp_path))), str(model))
    assert document_count(seeded) == 5
    with running_sample_web() as web:
        fault_config(seeded, pick_sources(web.base_url, "bureau"))
        crawl = qingshan(seeded, "crawl", "bureau", "--once", "--quiet")
        assert crawl.returncode != 0 and "Traceback" not in crawl.stderr, crawl.stderr[-3000:]
        assert str(model) in crawl.stderr
        assert document_count(seeded) == 5  # nothing stored unanalysed, nothing marked seen
        (model.parent.parent / "ACTIVE").unlink()  # back to the shipped model
        again = qingshan(seeded, "crawl", "bureau", "--once", "--quiet")
        assert again.returncode == 0, again.stderr[-3000:]
        published = {i.url for i in web.ground_truth() if i.source == "bureau"}
    assert published <= {d.url for d in stored_documents(seeded)}  # nothing was lost
    assert source_health(seeded)["bureau"].last_run_new_items == len(published)
