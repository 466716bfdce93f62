"""``qingshan nlp train|evaluate|compare|models|promote`` on a tiny corpus written by the test.

The data directory mimics ../shared/data's layout (SMP2020, NLPCC 2013, weibo_senti_100k, COVID-19
Weibo) with a few template sentences, so training takes seconds. The registry lives in a temp home.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import cli

pytestmark = pytest.mark.xdist_group("nlp_models_cli")

PLACES = ["城东", "城西", "河口", "湖边", "新区", "老街", "江北", "山脚"]
POSITIVE = ["{}的河水变清了，真开心", "{}治理效果很好，点赞", "{}蓝天白云，空气真好", "{}湿地公园太美了"]
NEUTRAL = ["{}明天召开工作会议", "{}本周开展例行监测", "{}发布季度通报", "{}监测站点位置调整"]
NEGATIVE = ["{}工厂偷排污水，太可恶", "{}河里全是死鱼，好恶心", "{}臭气熏天没人管", "{}投诉三个月不处理"]


def sentences(templates: list[str], places: list[str]) -> list[str]:
    return [t.format(p) for t in templates for p in places]


def smp_rows(places: list[str]) -> list[dict[str, str]]:
    rows = []
    for label, templates in (("happy", POSITIVE), ("neutral", NEUTRAL), ("angry", NEGATIVE)):
        rows += [
            {"id": str(i), "content": s, "label": label} for i, s in enumerate(sentences(templates, places))
        ]
    return rows


def write_corpora(root: Path) -> Path:
    smp = root / "sentiment" / "smp2020_ewect"
    smp.mkdir(parents=True)
    (smp / "virus_train.txt").write_text(
        json.dumps(smp_rows(PLACES[:6]), ensure_ascii=False), encoding="utf-8"
    )
    (smp / "usual_eval_labeled.txt").write_text(
        json.dumps(smp_rows(PLACES[6:7]), ensure_ascii=False), "utf-8"
    )
    (smp / "virus_eval_labeled.txt").write_text(json.dumps(smp_rows(PLACES[7:]), ensure_ascii=False), "utf-8")
    nlpcc = root / "sentiment" / "nlpcc2013_weibo_emotion"
    nlpcc.mkdir(parents=True)
    with (nlpcc / "Nlpcc2013Train.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["标签", "文本"])
        for tag, templates in (("happiness", POSITIVE), ("none", NEUTRAL), ("anger", NEGATIVE)):
            writer.writerows([tag, s + "[哈哈]"] for s in sentences(templates, ["某地", "本市"]))
    weibo = root / "sentiment" / "weibo_senti_100k_partial"
    weibo.mkdir(parents=True)
    lines = [f"1\t{s}[微笑]\tx" for s in sentences(POSITIVE, ["今天", "昨天"])]
    lines += [f"0\t{s}[怒]\tx" for s in sentences(NEGATIVE, ["今天", "昨天"])]
    (weibo / "part0.tsv.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    covid = root / "sentiment" / "covid19_weibo_7emotions"
    covid.mkdir(parents=True)
    with (covid / "labeledData.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["review", "label"])
        writer.writerows([s, "2"] for s in sentences(POSITIVE, ["大家"]))
        writer.writerows([s, "6"] for s in sentences(NEGATIVE, ["大家"]))
    return root


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("nlpcli")
    config = base / "config"
    config.mkdir()
    (config / "settings.yaml").write_text(
        f"home: {base / 'home'}\ndata_dir: {base / 'data'}\n", encoding="utf-8"
    )
    (config / "nlp.yaml").write_text("training:\n  folds: 2\n", encoding="utf-8")
    write_corpora(base / "data")
    eval_csv = base / "eval.csv"
    with eval_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "date"])
        writer.writerow(["南岸的河水变清了，真开心", "正面", "2026-10-02"])
        writer.writerow(["南岸明天召开工作会议", "中性", "2026-10-05"])
        writer.writerow(["南岸工厂偷排污水，太可恶", "负面", "2026-11-01"])
        writer.writerow(["北岸河里全是死鱼，好恶心", "negative", "2026-11-03"])
        writer.writerow(["北岸发布季度通报", "neutral", ""])
        writer.writerow(["分析员标注过的句子，太可恶", "负面", "2026-11-04"])
    return config, base


def invoke(config: Path, *args: str) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, list(args), env={"QINGSHAN_CONFIG": str(config), "COLUMNS": "200"})


@pytest.fixture(scope="module")
def trained(workspace: tuple[Path, Path]) -> tuple[Path, Path]:
    config, base = workspace
    labels = base / "labels.csv"
    labels.write_text("text,label,labeled_by\n分析员标注过的句子，太可恶,负面,li\n", encoding="utf-8")
    result = invoke(config, "nlp", "train", "--task", "sentiment", "--labels", str(labels), "--baseline")
    assert result.exit_code == 0, result.output
    assert "registered sentiment model v1" in result.output
    assert "cross-validation (2 folds)" in result.output
    assert "analyst labels: 1 trained on" in result.output
    return workspace


def test_train_registers_without_activating(trained: tuple[Path, Path]) -> None:
    config, base = trained
    card = json.loads((base / "home" / "models" / "sentiment" / "v1" / "card.json").read_text("utf-8"))
    assert card["version"] == "v1"
    assert card["data"]["analyst_labels"]["file"].endswith("labels.csv")
    assert card["data"]["analyst_labels"]["labeled_by"] == {"li": 1}
    assert card["metrics"]["cross_validation"]["folds"] == 2
    result = invoke(config, "nlp", "models", "--task", "sentiment", "--json")
    assert result.exit_code == 0, result.output
    listing = json.loads(result.output)
    assert listing["active"] == "default"
    assert [v["version"] for v in listing["versions"]] == ["default", "v1"]
    assert listing["versions"][1]["analyst_labels"].endswith("labels.csv")


def test_evaluate_json_excludes_texts_trained_on(trained: tuple[Path, Path]) -> None:
    config, base = trained
    result = invoke(
        config,
        "nlp",
        "evaluate",
        "--task",
        "sentiment",
        "--data",
        str(base / "eval.csv"),
        "--model",
        "v1",
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["model"] == "v1"
    assert set(report["per_class"]) == {"negative", "neutral", "positive"}
    assert {"precision", "recall", "f1", "support"} <= set(report["per_class"]["negative"])
    assert report["excluded_seen_in_training"] == 1  # the analyst's label is not scored
    assert report["support"] == 5
    assert list(report["periods"]) == ["2026-10", "2026-11"]
    assert report["macro_f1"] > 0.5


def test_evaluate_text_and_plots(trained: tuple[Path, Path], tmp_path: Path) -> None:
    config, base = trained
    plots = tmp_path / "plots"
    result = invoke(
        config,
        "nlp",
        "evaluate",
        "--task",
        "sentiment",
        "--data",
        str(base / "eval.csv"),
        "--plots",
        str(plots),
    )
    assert result.exit_code == 0, result.output
    assert "sentiment model default" in result.output
    assert "macro_f1" in result.output and "positive" in result.output
    for name in ("confusion.png", "calibration.png"):
        assert (plots / name).read_bytes()[:4] == b"\x89PNG"


def test_compare_two_versions(trained: tuple[Path, Path]) -> None:
    config, base = trained
    result = invoke(
        config,
        "nlp",
        "compare",
        "default",
        "v1",
        "--task",
        "sentiment",
        "--data",
        str(base / "eval.csv"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload["models"]) == {"default", "v1"}
    delta = payload["models"]["v1"]["macro_f1"] - payload["models"]["default"]["macro_f1"]
    assert payload["delta_macro_f1"] == pytest.approx(delta, abs=1e-3)
    table = invoke(
        config, "nlp", "compare", "default", "v1", "--task", "sentiment", "--data", str(base / "eval.csv")
    )
    assert table.exit_code == 0 and "macro_f1" in table.output


def test_promote_switches_active(trained: tuple[Path, Path]) -> None:
    config, base = trained
    result = invoke(config, "nlp", "promote", "v1", "--task", "sentiment")
    assert result.exit_code == 0, result.output
    assert "active model is now v1" in result.output
    assert (base / "home" / "models" / "sentiment" / "ACTIVE").read_text().strip() == "v1"
    listing = invoke(config, "nlp", "models")
    assert listing.exit_code == 0
    assert "active: v1" in listing.output and "relevance models (active: default)" in listing.output
    back = invoke(config, "nlp", "promote", "default", "--task", "sentiment")
    assert back.exit_code == 0


def test_unknown_version_and_bad_labels(trained: tuple[Path, Path], tmp_path: Path) -> None:
    config, _ = trained
    result = invoke(config, "nlp", "promote", "v7", "--task", "sentiment")
    assert result.exit_code == 2
    assert "no sentiment model version 'v7'" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\n好,棒\n", encoding="utf-8")
    result = invoke(config, "nlp", "evaluate", "--task", "sentiment", "--data", str(bad))
    assert result.exit_code == 2
    assert f"{bad}, line 2: unknown sentiment label" in result.output


def test_missing_corpora_are_one_line(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    config, _ = workspace
    result = invoke(config, "nlp", "train", "--task", "relevance", "--data-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "env_demo_candidates.jsonl is missing" in result.output


def test_corrupt_model_is_a_clear_error_without_traceback(trained: tuple[Path, Path]) -> None:
    """A real process: a corrupt registered model names its file, exits 2, prints no traceback."""
    config, base = trained
    broken = base / "home" / "models" / "sentiment" / "v1"
    copy = base / "home" / "models" / "sentiment" / "v99"
    copy.mkdir()
    (copy / "card.json").write_text((broken / "card.json").read_text("utf-8"), encoding="utf-8")
    (copy / "model.skops").write_bytes(b"PK\x03\x04 this is not a model")
    env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
    command = [sys.executable, "-m", "app", "nlp", "evaluate", "--task", "sentiment"]
    result = subprocess.run(
        [*command, "--data", str(base / "eval.csv"), "--model", "v99"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert str(copy / "model.skops") in result.stderr
    assert "Traceback" not in result.stderr
