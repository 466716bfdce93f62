"""Analyst labels: label-export of the most uncertain stored items, label-import into the state database,
and the round trip into training rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.labels import LabelStore, analyst_examples, read_label_rows, uncertain_candidates
from app.wiring import open_store
from config import load_settings
from nlp.errors import LabelError
from nlp.relevance import RelevanceResult
from nlp.sentiment.model import SentimentResult
from tests.indexer.sample_documents import sample_documents

EVERYTHING = "36500"  # days: the sample documents are dated 2026; never depend on today's date


def qingshan(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--config", str(config), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def config(tmp_path: Path) -> Path:
    directory = tmp_path / "cfg"
    directory.mkdir()
    (directory / "settings.yaml").write_text(f"home: {directory / 'var'}\n", encoding="utf-8")
    store = open_store(load_settings(directory))
    try:
        store.upsert(sample_documents())
    finally:
        store.close()
    return directory


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_export_label_import_round_trip(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "to_label.csv"
    code, stdout, err = qingshan(
        config, "nlp", "label-export", "--task", "sentiment", "-n", "3", "--since", EVERYTHING, "-o", str(out)
    )
    assert code == 0, err
    assert "wrote 3 item(s)" in stdout
    rows = read_csv(out)
    assert list(rows[0]) == ["id", "text", "title", "predicted", "probability", "label"]
    assert len(rows) == 3
    probabilities = [float(r["probability"]) for r in rows]
    assert probabilities == sorted(probabilities)  # least certain first
    assert all(r["predicted"] in {"positive", "neutral", "negative"} and r["label"] == "" for r in rows)
    texts = {d.id: d.text for d in sample_documents()}
    assert all(texts[r["id"]] == r["text"] for r in rows)

    rows[0]["label"], rows[1]["label"] = "负面", "neutral"  # the third stays unlabelled
    write_csv(out, rows)
    code, stdout, err = qingshan(
        config, "nlp", "label-import", str(out), "--task", "sentiment", "--by", "王分析员"
    )
    assert code == 0, err
    assert "stored 2 sentiment label(s) by 王分析员; skipped 1 row(s) without a label" in stdout

    examples = analyst_examples(load_settings(config).database_url(), "sentiment")
    assert [e.label for e in examples] == ["negative", "neutral"]
    assert {e.source for e in examples} == {"analyst:王分析员"}
    assert examples[0].text == f"{rows[0]['title']} {rows[0]['text']}"
    assert examples[0].original  # when: an ISO timestamp

    rows[1]["label"] = "正面"  # a second opinion replaces the label of the same text
    write_csv(out, rows)
    assert qingshan(config, "nlp", "label-import", str(out), "--task", "sentiment", "--by", "李")[0] == 0
    examples = analyst_examples(load_settings(config).database_url(), "sentiment")
    assert sorted((e.label, e.source) for e in examples) == [
        ("negative", "analyst:李"),
        ("positive", "analyst:李"),
    ]
    assert analyst_examples(load_settings(config).database_url(), "relevance") == []


def test_relevance_export_is_closest_to_the_threshold(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "relevance.csv"
    code, _, err = qingshan(
        config, "nlp", "label-export", "--task", "relevance", "-n", "8", "--since", EVERYTHING, "-o", str(out)
    )
    assert code == 0, err
    rows = read_csv(out)
    distance = [abs(float(r["probability"]) - 0.5) for r in rows]
    assert distance == sorted(distance)
    assert {r["predicted"] for r in rows} <= {"environment", "other"}
    rows[0]["label"] = "环境"
    rows[1]["label"] = "其他"
    write_csv(out, rows)
    code, _, err = qingshan(config, "nlp", "label-import", str(out), "--task", "relevance", "--by", "王")
    assert code == 0, err
    labels = [e.label for e in analyst_examples(load_settings(config).database_url(), "relevance")]
    assert labels == ["environment", "other"]


def test_a_bad_label_names_the_row_and_nothing_is_stored(config: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    write_csv(
        path,
        [
            {
                "id": "a",
                "text": "河道出现死鱼",
                "title": "",
                "predicted": "",
                "probability": "",
                "label": "负面",
            },
            {
                "id": "b",
                "text": "空气质量改善",
                "title": "",
                "predicted": "",
                "probability": "",
                "label": "很好",
            },
        ],
    )
    code, _, err = qingshan(config, "nlp", "label-import", str(path), "--task", "sentiment", "--by", "王")
    assert code == 2
    assert f"{path}: row 2 (line 3)" in err and "'很好'" in err and "nothing was imported" in err
    assert "Traceback" not in err
    assert analyst_examples(load_settings(config).database_url(), "sentiment") == []


def test_missing_columns_and_missing_name() -> None:
    with pytest.raises(LabelError, match="missing column"):
        read_label_rows(io.StringIO("id,text\n1,河道\n"), "sentiment", name="x.csv")
    rows, empty = read_label_rows(
        io.StringIO("text,label\n河道死鱼,negative\n空气,\n"), "sentiment", name="x.csv"
    )
    assert [r.label for r in rows] == ["negative"] and empty == 1
    with pytest.raises(LabelError, match="no text"):
        read_label_rows(io.StringIO("text,label\n,negative\n"), "sentiment", name="x.csv")


def test_label_store_requires_a_name(tmp_path: Path) -> None:
    store = LabelStore.open_at(f"sqlite:///{tmp_path / 'state.db'}")
    try:
        rows, _ = read_label_rows(io.StringIO("text,label\n河道死鱼,负面\n"), "sentiment", name="x.csv")
        with pytest.raises(LabelError, match="--by"):
            store.add("sentiment", rows, by=" ", source_file="x.csv")
        assert store.add("sentiment", rows, by="王", source_file="x.csv") == 1
        assert store.add("sentiment", rows, by="王", source_file="x.csv") == 1  # same text: replaced
        assert len(store.examples("sentiment")) == 1
    finally:
        store.close()


def test_uncertain_candidates_order() -> None:
    class Sentiments:
        def predict(self, texts: list[str]) -> list[SentimentResult]:
            scores = [0.9, 0.4, 0.6]
            return [SentimentResult("neutral", s, {}) for s in scores[: len(texts)]]

    class Relevance:
        threshold = 0.5

        def predict(self, texts: list[str]) -> list[RelevanceResult]:
            return [RelevanceResult(p >= 0.5, p) for p in [0.0, 0.75, 0.25][: len(texts)]]

    docs = sample_documents()[:3]
    picked = uncertain_candidates(docs, "sentiment", Sentiments(), count=2)
    assert [c.doc.id for c in picked] == [docs[1].id, docs[2].id]
    picked = uncertain_candidates(docs, "relevance", Relevance(), count=3)
    assert [c.doc.id for c in picked] == [docs[1].id, docs[2].id, docs[0].id]  # 0.25, 0.25 (input order), 0.5
    assert [c.predicted for c in picked] == ["environment", "other", "other"]
