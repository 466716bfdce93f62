"""The lean scoring path gives the shipped pipelines' ``predict_proba``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline

from nlp.features.hashing import counts_matrix
from nlp.features.scoring import pipeline_probabilities, tfidf_rows
from nlp.models import ModelRegistry
from nlp.relevance import build_relevance_baseline

pytestmark = pytest.mark.xdist_group("shipped_sentiment")

TEXTS = [
    "某化工厂夜间偷排废水，下游河道出现大量死鱼，村民多次举报却无人处理。",
    "市生态环境局通报：经整改，该河段水质已恢复至III类。",
    "今天天气不错，不是不开心！！[哈哈] @某人: //转发 http://t.cn/x",
    "【快讯】",
    "a",
    "",
    " ",
    "没有污染，真好？",
    "空气质量指数AQI达到152，PM2.5浓度超标，请减少户外活动。" * 20,
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> ModelRegistry:
    return ModelRegistry(tmp_path_factory.mktemp("registry"))


@pytest.mark.parametrize("task", ["sentiment", "relevance"])
def test_lean_path_is_predict_proba(registry: ModelRegistry, task: str) -> None:
    pipeline, _ = registry.load_pipeline(task)
    lean = pipeline_probabilities(pipeline, TEXTS)
    assert lean is not None
    np.testing.assert_allclose(lean, pipeline.predict_proba(TEXTS), rtol=1e-10, atol=1e-12)


def test_other_pipelines_are_left_to_predict_proba(tmp_path: Path) -> None:
    baseline = build_relevance_baseline().fit(
        ["河水污染", "股市大涨", "空气污染", "球赛"], ["environment", "other"] * 2
    )
    assert pipeline_probabilities(baseline, ["河水"]) is None
    assert pipeline_probabilities(Pipeline([("tfidf", TfidfTransformer())]), ["x"]) is None


def test_tfidf_rows_is_the_transformer() -> None:
    rng = np.random.default_rng(5)
    hashes = rng.integers(0, 2**63, 400, dtype=np.uint64) % np.uint64(97)
    rows = np.sort(rng.integers(0, 9, 400))
    rows[rows == 4] = 5  # an empty row
    counts = counts_matrix(hashes, rows, 10, 128)
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    expected = transformer.transform(counts.copy()).toarray()
    np.testing.assert_allclose(
        tfidf_rows(counts, transformer.idf_).toarray(), expected, rtol=1e-12, atol=1e-15
    )
