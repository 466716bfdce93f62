"""The shipped sentiment model on sentences written for these tests (not from any corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import LabelError
from nlp.models import ModelRegistry
from nlp.sentiment import SentimentModel, parse_sentiment

pytestmark = pytest.mark.xdist_group("shipped_sentiment")


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> SentimentModel:
    registry = ModelRegistry(tmp_path_factory.mktemp("registry"))
    loaded, entry = registry.load("sentiment")
    assert entry.shipped and entry.card.version == "default"
    assert isinstance(loaded, SentimentModel)
    return loaded


@pytest.mark.parametrize(
    "text",
    [
        "某化工厂夜间偷排废水，下游河道出现大量死鱼，村民多次举报却无人处理。",
        "小区旁边的垃圾焚烧厂臭气熏天，孩子天天咳嗽，投诉了三个月都没人管！",
        "某县自来水出现异味，居民担心水源被污染。",
    ],
)
def test_incident_reports_are_negative(model: SentimentModel, text: str) -> None:
    (result,) = model.predict([text])
    assert result.label == "negative"
    assert result.label_zh == "负面"


@pytest.mark.parametrize(
    "text",
    [
        "河道整改以后水终于变清了，岸边还修了步道，这次环保部门真给力，点赞！",
        "今天的空气真好，蓝天白云，心情舒畅！",
    ],
)
def test_praise_of_rectification_is_positive(model: SentimentModel, text: str) -> None:
    (result,) = model.predict([text])
    assert result.label == "positive"
    assert result.label_zh == "正面"


@pytest.mark.parametrize(
    "text",
    [
        "市生态环境局将于12月1日上午召开全市大气污染防治工作会议。",
        "通知：明天上午九点在三楼会议室召开环境监测工作例会。",
    ],
)
def test_a_notice_is_neutral(model: SentimentModel, text: str) -> None:
    (result,) = model.predict([text])
    assert result.label == "neutral"
    assert result.label_zh == "中性"


def test_negation_flips_praise(model: SentimentModel) -> None:
    good, bad = model.predict(["这家企业的环保整改做得很好。", "这家企业的环保整改做得不好。"])
    assert good.label == "positive"
    assert bad.label == "negative"
    assert bad.probabilities["negative"] > good.probabilities["negative"] + 0.2


def test_incident_terms_shift_towards_negative(model: SentimentModel) -> None:
    text = "据通报，该河段上午发生柴油泄漏，相关部门正在处置。"
    plain = SentimentModel(model.pipeline, incident_shift=0.0).predict([text])[0]
    shifted = SentimentModel(model.pipeline, incident_shift=1.0).predict([text])[0]
    assert shifted.probabilities["negative"] > plain.probabilities["negative"]
    assert shifted.label == "negative"


def test_probabilities_are_a_distribution(model: SentimentModel) -> None:
    results = model.predict(["今天的空气真好", "会议通知", "偷排污水"])
    for result in results:
        assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
        assert result.score == max(result.probabilities.values()) or result.score == pytest.approx(
            max(result.probabilities.values()), abs=1e-4
        )
    assert model.predict([]) == []


def test_parse_sentiment_accepts_chinese_and_english() -> None:
    assert [parse_sentiment(x) for x in ("正面", " neutral ", "NEG", "负面")] == [
        "positive",
        "neutral",
        "negative",
        "negative",
    ]
    with pytest.raises(LabelError, match="unknown sentiment label"):
        parse_sentiment("开心")


def test_shipped_files_are_small() -> None:
    from nlp.models import SHIPPED_MODELS_DIR

    model_file = Path(SHIPPED_MODELS_DIR) / "sentiment" / "default" / "model.skops"
    assert model_file.stat().st_size < 5_000_000
