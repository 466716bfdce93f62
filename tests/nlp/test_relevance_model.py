"""The shipped relevance model (environment vs other) on sentences written for these tests."""

from __future__ import annotations

import pytest

from nlp.errors import LabelError
from nlp.models import ModelRegistry
from nlp.relevance import RelevanceModel, parse_relevance

pytestmark = pytest.mark.xdist_group("shipped_relevance")

ENVIRONMENTAL = [
    "市生态环境局将于12月1日上午召开全市大气污染防治工作会议。",
    "秋冬季大气污染防治攻坚行动方案印发",
    "某县自来水出现异味，居民担心水源被污染。",
]
OTHER = [
    "今日A股三大指数集体收涨，券商板块领涨。",
    "湖人队加时险胜勇士",
    "新款手机发布会定于下周举行",
]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> RelevanceModel:
    loaded, entry = ModelRegistry(tmp_path_factory.mktemp("registry")).load("relevance")
    assert entry.shipped
    assert isinstance(loaded, RelevanceModel)
    return loaded


def test_environmental_items_are_relevant(model: RelevanceModel) -> None:
    assert [r.relevant for r in model.predict(ENVIRONMENTAL)] == [True] * len(ENVIRONMENTAL)


def test_other_news_is_not(model: RelevanceModel) -> None:
    assert [r.relevant for r in model.predict(OTHER)] == [False] * len(OTHER)


def test_incident_report_ranks_above_other_news(model: RelevanceModel) -> None:
    incident = "某化工厂夜间偷排废水，下游河道出现大量死鱼。"
    probabilities = model.probabilities([incident, *OTHER])
    assert probabilities[0] > 5 * max(probabilities[1:])


def test_threshold_decides(model: RelevanceModel) -> None:
    text = ENVIRONMENTAL[0]
    p = float(model.probabilities([text])[0])
    assert RelevanceModel(model.pipeline, threshold=min(p + 0.01, 0.99)).predict([text])[0].relevant is False
    assert RelevanceModel(model.pipeline, threshold=max(p - 0.01, 0.01)).predict([text])[0].relevant is True
    assert model.predict([]) == []


def test_parse_relevance() -> None:
    assert [parse_relevance(x) for x in ("1", "环境", "other", "0", "其他")] == [
        "environment",
        "environment",
        "other",
        "other",
        "other",
    ]
    with pytest.raises(LabelError, match="unknown relevance label"):
        parse_relevance("maybe")
