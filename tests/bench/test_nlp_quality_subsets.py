"""The relevance bench predicts the held-out rows once; each subset's figures are the ones predicting
that subset alone gives (a tiny model and baseline trained here, no corpora)."""

from __future__ import annotations

import pytest

from bench.nlp_quality import Subsets, evaluations
from nlp.relevance import RelevanceModel, build_relevance_baseline
from nlp.training import datasets
from nlp.training.corpora import LabeledText
from nlp.training.train import evaluate_model, evaluate_pipeline

ENVIRONMENT = [
    "河道出现大量死鱼",
    "工厂排污口污水直排",
    "雾霾严重空气污染",
    "垃圾焚烧厂气味刺鼻",
    "湖面蓝藻暴发",
]
OTHER = ["球队赢得联赛冠军", "新款手机今日发布", "股市午后小幅上涨", "电影票房创新高", "明星演唱会门票售罄"]


def rows(texts: list[str], label: str, source: str) -> list[LabeledText]:
    return [LabeledText(text, label, source) for text in texts]


def fitted(texts: list[LabeledText]) -> RelevanceModel:
    return RelevanceModel(build_relevance_baseline().fit([r.text for r in texts], [r.label for r in texts]))


def test_subset_figures_from_the_shared_predictions_are_the_subsets_own() -> None:
    train = rows(ENVIRONMENT, "environment", "candidates") + rows(OTHER, "other", "news/titles")
    model = fitted(train)
    baseline = fitted(train[1:-1]).pipeline  # another fit: its own predictions
    held_out = [
        *rows(["死鱼漂满河道", "排污口又在排放污水", "空气污染雾霾天"], "environment", "candidates"),
        *rows(["联赛冠军球队", "手机发布会"], "other", "news/titles"),
        *rows(["气候变化的讨论", "评论区在聊球赛", "雾霾天气的说法"], "other", "isclimate/valid"),
        *rows(["气候变暖湖面蓝藻"], "environment", "isclimate/valid"),
    ]
    subsets: Subsets = {
        "issue": datasets.relevance_issue_rows,
        "climate_negatives": datasets.climate_negative_rows,
    }
    split = datasets.Split(train, held_out, "tiny")
    measured = evaluations("relevance", model, baseline, split, subsets)
    assert list(measured) == ["all", "issue", "climate_negatives"]
    for name, pick in {"all": list, **subsets}.items():
        alone = pick(held_out)
        assert measured[name].split.held_out == alone
        assert measured[name].model == evaluate_model("relevance", model, alone)
        assert measured[name].baseline == evaluate_pipeline("relevance", baseline, alone)
    assert (
        len(measured["issue"].split.held_out) == 6 and len(measured["climate_negatives"].split.held_out) == 3
    )


def test_a_subset_filter_must_return_the_held_out_rows_themselves() -> None:
    train = rows(ENVIRONMENT, "environment", "candidates") + rows(OTHER, "other", "news/titles")
    model = fitted(train)
    split = datasets.Split(train, train, "tiny")
    copies = {"copies": lambda held: [LabeledText(r.text, r.label, r.source) for r in held]}
    with pytest.raises(ValueError, match=r"'copies'.*held-out rows themselves"):
        evaluations("relevance", model, model.pipeline, split, copies)
