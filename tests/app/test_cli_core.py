"""The core CLI as a user runs it: a real `qingshan` process, a temp config directory, a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.indexer.sample_documents import sample_documents

QINGSHAN = [sys.executable, "-m", "app"]


def run(config: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QINGSHAN_CONFIG": str(config), "COLUMNS": "160"}
    return subprocess.run(
        [*QINGSHAN, *args], capture_output=True, text=True, env=env, input=stdin, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = tmp_path_factory.mktemp("cfg")
    result = run(config, "init", str(config))
    assert result.returncode == 0, result.stderr
    lines = "\n".join(d.model_dump_json() for d in sample_documents())
    result = run(config, "import", "-", stdin=lines + "\n")
    assert result.returncode == 0, result.stderr
    assert "imported 8 document(s), rejected 0" in result.stdout
    return config


def test_init_writes_config_and_database(workspace: Path) -> None:
    assert (workspace / "settings.yaml").is_file()
    assert (workspace / "var" / "qingshan.db").is_file()


def test_config_check_ok(workspace: Path) -> None:
    result = run(workspace, "config", "check")
    assert result.returncode == 0, result.stderr
    assert "configuration OK" in result.stdout


def test_config_check_names_file_key_and_expectation(tmp_path: Path) -> None:
    (tmp_path / "settings.yaml").write_text("storage:\n  backend: mongo\n", encoding="utf-8")
    (tmp_path / "plans.yaml").write_text(
        "plans:\n  - id: bad\n    name: 坏方案\n    query: (雾霾 | PM2.5\n", encoding="utf-8"
    )
    result = run(tmp_path, "config", "check")
    assert result.returncode != 0
    assert f"{tmp_path / 'settings.yaml'}: storage.backend" in result.stderr
    assert "'embedded' or 'elasticsearch'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_plan_query_is_reported_with_its_key(tmp_path: Path) -> None:
    (tmp_path / "plans.yaml").write_text(
        "plans:\n  - id: bad\n    name: 坏方案\n    query: (雾霾 | PM2.5\n", encoding="utf-8"
    )
    result = run(tmp_path, "config", "check")
    assert result.returncode == 1
    assert f"{tmp_path / 'plans.yaml'}: plans[0].query: invalid query" in result.stderr


def test_search_json_with_filters_and_highlights(workspace: Path) -> None:
    result = run(workspace, "search", "死鱼 | 黑臭水体", "--region", "32", "--since", "2026-11-20", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["total"] == 2
    titles = {hit["title"] for hit in payload["hits"]}
    assert titles == {"市民反映小区旁黑臭水体问题", "县生态环境局通报城南河段死鱼调查进展"}
    assert any("<mark>" in hit["snippet_html"] for hit in payload["hits"])
    assert dict(payload["facets"]["sentiment"]) == {"negative": 1, "neutral": 1}


def test_search_table_output(workspace: Path) -> None:
    result = run(workspace, "search", "湿地", "--sort", "time")
    assert result.returncode == 0, result.stderr
    assert "1 result(s)" in result.stdout
    assert "湿地修复让候鸟重回湖畔" in result.stdout


def test_invalid_query_points_at_the_problem(workspace: Path) -> None:
    result = run(workspace, "search", "(雾霾 | PM2.5")
    assert result.returncode == 2
    assert "invalid query" in result.stderr
    assert "^" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_options_are_rejected(workspace: Path) -> None:
    result = run(workspace, "search", "雾霾", "--region", "3")
    assert result.returncode == 2
    assert "region" in result.stderr
    result = run(workspace, "search", "雾霾", "--since", "yesterday")
    assert result.returncode == 2
    assert "invalid date" in result.stderr


def test_stats_and_reindex(workspace: Path) -> None:
    result = run(workspace, "stats")
    assert result.returncode == 0, result.stderr
    assert "8 document(s)" in result.stdout
    result = run(workspace, "reindex")
    assert result.returncode == 0, result.stderr
    assert "reindexed 8 document(s)" in result.stdout


def test_import_rejects_invalid_lines_and_keeps_valid_ones(workspace: Path, tmp_path: Path) -> None:
    good = sample_documents()[0].model_copy(update={"id": "fresh-id-1"}).model_dump_json()
    bad = json.dumps({"id": "x", "url": "u"})
    source = tmp_path / "docs.jsonl"
    source.write_text(f"{good}\nnot json\n{bad}\n", encoding="utf-8")
    result = run(workspace, "import", str(source))
    assert result.returncode == 1
    assert "imported 1 document(s), rejected 2" in result.stdout
    assert "line 2" in result.stderr
    assert "line 3" in result.stderr


def test_imported_documents_are_queued_for_events_and_alerts(workspace: Path, tmp_path: Path) -> None:
    from app.service.queue import PostprocessQueue
    from config import load_settings

    docs = [d.model_copy(update={"id": f"queued-{n}"}) for n, d in enumerate(sample_documents()[:3])]
    source = tmp_path / "queued.jsonl"
    source.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")
    result = run(workspace, "import", str(source))
    assert result.returncode == 0, result.stderr
    queue = PostprocessQueue.open_at(load_settings(workspace).database_url())
    try:
        queued = {item.doc_id for item in queue.claim(100)}
    finally:
        queue.close()
    assert {d.id for d in docs} <= queued
