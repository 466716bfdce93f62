"""The embedded full-text index is derived data: lost, stale or killed mid-write, it catches up by itself."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from indexer.store import SearchRequest
from tests.indexer.conftest import make_store
from tests.indexer.sample_documents import doc, sample_documents

EMBEDDED = ["tantivy", "fts5"]


@pytest.mark.parametrize("backend", EMBEDDED)
def test_deleted_index_is_rebuilt_on_open(backend: str, tmp_path: Path) -> None:
    with make_store(backend, tmp_path) as store:
        store.upsert(sample_documents())
    shutil.rmtree(tmp_path / "index")
    with make_store(backend, tmp_path) as store:
        assert store.search(SearchRequest(query="死鱼")).total == 2


@pytest.mark.parametrize("backend", EMBEDDED)
def test_index_behind_the_store_catches_up(backend: str, tmp_path: Path) -> None:
    with make_store(backend, tmp_path) as store:
        store.upsert(sample_documents()[:4])
    backup = tmp_path / "index-backup"
    shutil.copytree(tmp_path / "index", backup)
    with make_store(backend, tmp_path) as store:
        store.upsert(sample_documents()[4:])
    # put back the older index: as if the process died after the SQL commit, before the index commit
    shutil.rmtree(tmp_path / "index")
    shutil.copytree(backup, tmp_path / "index")
    with make_store(backend, tmp_path) as store:
        assert store.search(SearchRequest(limit=0)).total == 8
        assert store.search(SearchRequest(query="黑臭水体")).total == 1


def test_unreadable_tantivy_index_is_rebuilt(tmp_path: Path) -> None:
    with make_store("tantivy", tmp_path) as store:
        store.upsert(sample_documents())
    meta = tmp_path / "index" / "tantivy" / "meta.json"
    meta.write_text("{ not json", encoding="utf-8")
    with make_store("tantivy", tmp_path) as store:
        assert store.search(SearchRequest(query="湿地")).total == 1


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tests.indexer.conftest import make_store
    from tests.indexer.sample_documents import doc
    store = make_store(sys.argv[1], Path(sys.argv[2]))
    store.open()
    print("ready", flush=True)
    for batch in range(10_000):
        store.upsert([doc(f"k{batch}-{i}", f"批次{batch}", f"环境监测 第{batch}批 第{i}条") for i in range(50)])
    """
)


@pytest.mark.parametrize("backend", EMBEDDED)
def test_kill_9_during_writes_loses_nothing_from_search(backend: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, backend, str(tmp_path)], stdout=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    with make_store(backend, tmp_path) as store:
        stored = store.count()
        assert stored > 0
        assert store.search(SearchRequest(query="环境监测", limit=0)).total == stored
        assert store.upsert([doc("after", "重启后", "重启后写入")]) == 1
    state = tmp_path / "index" / "tantivy" / "qingshan-state.json"
    if backend == "tantivy":
        assert json.loads(state.read_text())["high_water"] >= stored


def test_a_store_opens_while_another_process_writes_the_index(tmp_path: Path) -> None:
    """Behind the store and locked by another writer, the index is not caught up by this open (that writer
    or the next one does it): the open succeeds, searches what is committed, and a later open catches up."""
    import tantivy

    with make_store("tantivy", tmp_path) as store:
        store.upsert(sample_documents()[:4])
    backup = tmp_path / "index-backup"
    shutil.copytree(tmp_path / "index", backup)
    with make_store("tantivy", tmp_path) as store:
        store.upsert(sample_documents()[4:])
    shutil.rmtree(tmp_path / "index")
    shutil.copytree(backup, tmp_path / "index")  # the index is 4 documents behind the store
    other_writer = tantivy.Index.open(str(tmp_path / "index" / "tantivy")).writer()  # another process's, say
    with make_store("tantivy", tmp_path) as store:
        assert store.search(SearchRequest(limit=0)).total == 4  # what the index has committed
    del other_writer  # that writer is gone
    with make_store("tantivy", tmp_path) as store:
        assert store.search(SearchRequest(limit=0)).total == 8
