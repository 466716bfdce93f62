"""Bulk analysis in worker processes (``nlp.workers``): ``qingshan import`` stores what the in-process
analysis gives; the setting is validated; the service's analysis stays in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.analysis import DocumentAnalyzer, bulk_workers
from config import ConfigError, load_settings
from config.cpus import auto_workers
from indexer.document import Document
from tests.crawlers.support import run_qingshan, stored_documents
from tests.indexer.sample_documents import sample_documents

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("analysis_parallel")]

ANALYSED = ("sentiment", "sentiment_score", "topics", "regions", "keywords", "summary", "simhash")


def _config(directory: Path, workers: object) -> Path:
    directory.mkdir(parents=True)
    (directory / "settings.yaml").write_text(f"home: {directory / 'var'}\n", encoding="utf-8")
    (directory / "nlp.yaml").write_text(f"workers: {workers}\n", encoding="utf-8")
    return directory


def _bare_documents(count: int) -> list[Document]:
    """``count`` distinct documents without analysis fields (the sample items, numbered)."""
    samples = sample_documents()
    bare = {"sentiment": None, "sentiment_score": None, "topics": [], "regions": [], "keywords": []}
    return [
        samples[n % len(samples)].model_copy(
            update={
                **bare,
                "id": f"bulk-{n}",
                "url": f"https://example.org/bulk/{n}",
                "text": f"{samples[n % len(samples)].text}（第{n}次转载）",
            }
        )
        for n in range(count)
    ]


def test_import_in_two_workers_stores_the_in_process_analysis(tmp_path: Path) -> None:
    config = _config(tmp_path / "cfg", 2)
    documents = _bare_documents(150)
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(d.model_dump_json() + "\n" for d in documents), encoding="utf-8")
    result = run_qingshan(config, "import", "--batch-size", "100", str(source))
    assert result.returncode == 0, result.stderr
    assert "imported 150 document(s)" in result.stdout
    stored = {d.id: d for d in stored_documents(config)}
    expected = DocumentAnalyzer.from_settings(load_settings(config)).open()(documents)
    assert len(stored) == len(expected) == 150
    for doc in expected:
        assert {f: getattr(stored[doc.id], f) for f in ANALYSED} == {f: getattr(doc, f) for f in ANALYSED}
    assert any(doc.regions for doc in expected) and any(doc.topics for doc in expected)


def test_bulk_analysis_follows_the_setting(tmp_path: Path) -> None:
    two = load_settings(_config(tmp_path / "two", 2))
    bulk = DocumentAnalyzer.from_settings(two, bulk=True)
    try:
        assert bulk.parallel is not None and bulk.parallel.workers == 2
        assert DocumentAnalyzer.from_settings(two).parallel is None  # the service and crawl: in-process
    finally:
        bulk.close()
    one = load_settings(_config(tmp_path / "one", 1))
    assert DocumentAnalyzer.from_settings(one, bulk=True).parallel is None
    assert bulk_workers(load_settings(_config(tmp_path / "auto", "auto"))) == auto_workers()


@pytest.mark.parametrize("value", [0, "many", 65])
def test_a_bad_worker_count_names_the_file_and_key(tmp_path: Path, value: object) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_config(tmp_path / "cfg", value))
    message = str(info.value)
    assert "nlp.yaml" in message and "workers" in message
