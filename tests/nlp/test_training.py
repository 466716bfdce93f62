"""Training and evaluation: labelled CSVs, metrics, plots, and training on a small subset of the corpora."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from nlp.errors import DataMissingError, LabelError
from nlp.sentiment import SentimentModel
from nlp.training import datasets
from nlp.training.corpora import LabeledText
from nlp.training.evaluation import evaluate_predictions, format_report
from nlp.training.plots import plot_calibration, plot_confusion
from nlp.training.train import add_labels, read_labeled_csv, text_hash, train_task

PNG = b"\x89PNG\r\n\x1a\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_read_labeled_csv_maps_labels_and_dates(tmp_path: Path) -> None:
    path = write(
        tmp_path / "labels.csv",
        "text,label,date,labeled_by\n河水变清了,正面,2026-10-03,li\n偷排污水,negative,2026-11-01T08:00:00+08:00,wang\n"
        '"开会,通知",中性,,li\n,正面,,\n',
    )
    data = read_labeled_csv(path, "sentiment")
    assert [(r.text, r.label) for r in data.rows] == [
        ("河水变清了", "positive"),
        ("偷排污水", "negative"),
        ("开会,通知", "neutral"),
    ]
    assert data.dates == [date(2026, 10, 3), date(2026, 11, 1), None]
    assert data.extra["labeled_by"] == {"li": 2, "wang": 1}


def test_relevance_labels(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "text,label\n雾霾,1\n股市,0\n湿地,环境\n篮球,其他\n")
    assert [r.label for r in read_labeled_csv(path, "relevance").rows] == [
        "environment",
        "other",
        "environment",
        "other",
    ]
    assert read_labeled_csv(path, "relevance").dates is None


def test_bad_label_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "text,label\n好,正面\n坏,很差\n")
    with pytest.raises(LabelError, match=rf"{path}, line 3: unknown sentiment label '很差'"):
        read_labeled_csv(path, "sentiment")


def test_missing_column_and_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path / "cols.csv", "content,label\n好,正面\n")
    with pytest.raises(LabelError, match=r"missing column.*text"):
        read_labeled_csv(path, "sentiment")
    with pytest.raises(LabelError, match="cannot read"):
        read_labeled_csv(tmp_path / "absent.csv", "sentiment")


def test_evaluation_metrics_calibration_and_periods(tmp_path: Path) -> None:
    labels = ["negative", "neutral", "positive"]
    truth = ["negative", "negative", "neutral", "positive", "positive", "neutral"]
    proba = np.asarray(
        [
            [0.9, 0.05, 0.05],
            [0.2, 0.7, 0.1],
            [0.1, 0.8, 0.1],
            [0.1, 0.1, 0.8],
            [0.3, 0.1, 0.6],
            [0.6, 0.3, 0.1],
        ]
    )
    dates = [
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 10, 1),
        date(2026, 10, 2),
        None,
        date(2026, 10, 3),
    ]
    report = evaluate_predictions(truth, proba, labels, dates)
    assert report.per_class["positive"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert report.per_class["negative"]["precision"] == 0.5
    assert report.confusion == [[1, 1, 0], [1, 1, 0], [0, 0, 2]]
    assert report.macro_f1 == pytest.approx((0.5 + 0.5 + 1.0) / 3, abs=1e-4)
    assert report.accuracy == pytest.approx(4 / 6, abs=1e-4)
    assert report.ece is not None and 0.0 <= report.ece <= 1.0
    assert sum(b["count"] for b in report.reliability) == 6
    assert list(report.periods) == ["2026-09", "2026-10"]
    assert report.periods["2026-09"]["support"] == 2
    text = format_report(report)
    assert "macro_f1 0.6667" in text and "2026-10" in text
    assert report.as_dict()["confusion_matrix"] == report.confusion

    confusion = plot_confusion(report, tmp_path / "confusion.png", display={"negative": "负面"})
    calibration = plot_calibration(report, tmp_path / "calibration.png")
    assert confusion.read_bytes()[:8] == PNG
    assert calibration.read_bytes()[:8] == PNG


def test_missing_corpora_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="smp2020_ewect"):
        train_task("sentiment", tmp_path)
    with pytest.raises(DataMissingError, match=r"env_demo_candidates\.jsonl"):
        train_task("relevance", tmp_path)


def test_analyst_labels_never_join_the_held_out_set(tmp_path: Path) -> None:
    held = [LabeledText("测试集里的一句话", "neutral", "smp2020/usual_eval_labeled.txt")]
    split = datasets.Split([LabeledText("训练句", "positive", "smp2020")], held, "tiny")
    path = write(tmp_path / "labels.csv", "text,label\n测试集里的 一句话,负面\n新标注的句子,正面\n")
    rows, record = add_labels(split, read_labeled_csv(path, "sentiment"))
    assert [r.text for r in rows] == ["训练句", "新标注的句子"]
    assert record is not None
    assert record["excluded_held_out"] == 1 and record["trained_on"] == 1
    assert record["text_hashes"] == [text_hash("新标注的句子")]
    assert split.held_out == held


@pytest.mark.slow
def test_sentiment_training_on_a_subset(data_dir: Path, tmp_path: Path) -> None:
    labels = write(tmp_path / "labels.csv", "text,label,labeled_by\n某厂偷排废水河里死鱼,负面,li\n")
    run = train_task(
        "sentiment",
        data_dir,
        folds=2,
        limit=250,
        labels=read_labeled_csv(labels, "sentiment"),
        created_by="t",
    )
    assert isinstance(run.model, SentimentModel)
    card = run.card
    assert card.data["split"] == "SMP2020-EWECT virus_train → usual_eval + virus_eval"
    assert set(card.data["held_out"]) == {"smp2020/usual_eval_labeled.txt", "smp2020/virus_eval_labeled.txt"}
    assert all(sum(c.values()) <= 250 for c in card.data["train"].values())
    assert card.data["analyst_labels"]["trained_on"] == 1
    assert card.data["analyst_labels"]["labeled_by"] == {"li": 1}
    held_out = card.metrics["held_out"]
    assert set(held_out["per_class"]) == {"negative", "neutral", "positive"}
    assert held_out["support"] == run.held_out.support <= 500
    assert 0.4 < held_out["macro_f1"] <= 1.0  # far above chance (0.33) even on 250 posts per corpus
    assert card.metrics["baseline"]["macro_f1"] > 0.3
    cv = card.metrics["cross_validation"]
    assert cv["folds"] == 2 and len(cv["macro_f1_folds"]) == 2


@pytest.mark.slow
def test_relevance_training_on_a_subset(data_dir: Path) -> None:
    run = train_task("relevance", data_dir, limit=200, baseline=False)
    assert run.held_out.labels == ["environment", "other"]
    assert run.card.metrics["held_out"]["f1_environment"] > 0.5
    probabilities = run.model.probabilities(["秋冬季大气污染防治攻坚行动方案印发", "湖人队加时险胜勇士"])
    assert probabilities[0] > probabilities[1]
