"""skops serialization, the model registry (register / promote / ACTIVE) and hot reloading."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skops.io as sio
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from nlp.errors import ModelLoadError, ModelNotFoundError
from nlp.models import ActiveModel, ModelCard, ModelRegistry, load_model, save_model
from nlp.sentiment import SentimentModel, build_sentiment_pipeline

POSITIVE = [
    "河水变清了真开心",
    "治理效果很好点赞",
    "蓝天白云空气真好",
    "环保部门真给力",
    "湿地公园太美了",
    "整改到位群众满意",
]
NEUTRAL = [
    "明天召开工作会议",
    "本周开展例行监测",
    "通知请各单位参会",
    "发布季度空气质量通报",
    "会议定于周四举行",
    "监测站点位置调整",
]
NEGATIVE = [
    "工厂偷排污水太可恶",
    "河里全是死鱼好恶心",
    "臭气熏天没人管",
    "投诉三个月不处理",
    "垃圾堆成山太脏了",
    "污染严重孩子咳嗽",
]


def tiny_pipeline(seed: int = 0) -> Any:
    texts = [*POSITIVE, *NEUTRAL, *NEGATIVE] * 2
    labels = ["positive"] * 6 + ["neutral"] * 6 + ["negative"] * 6
    pipeline = build_sentiment_pipeline(n_features=2**10)
    pipeline.set_params(classifier__calibration_folds=3, classifier__random_state=seed)
    return pipeline.fit(texts, labels * 2)


@pytest.fixture(scope="module")
def fitted() -> Any:
    return tiny_pipeline()


class Untrusted(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """A transformer skops does not know: loading a file that holds it must be refused."""

    def fit(self, x: Any, y: Any = None) -> Untrusted:
        return self

    def transform(self, x: Any) -> Any:
        return np.zeros((len(x), 1))


def test_skops_round_trip(tmp_path: Path, fitted: Any) -> None:
    path = tmp_path / "model.skops"
    save_model(fitted, path)
    loaded = load_model(path)
    texts = ["河水终于变清了", "工厂偷排污水", "召开会议"]
    assert list(loaded.predict(texts)) == list(fitted.predict(texts))
    np.testing.assert_allclose(loaded.predict_proba(texts), fitted.predict_proba(texts), atol=0.02)
    assert not list(tmp_path.glob(".tmp-*"))  # the temporary file was renamed into place


def test_untrusted_types_are_refused(tmp_path: Path) -> None:
    pipeline = Pipeline([("odd", Untrusted()), ("lr", LogisticRegression())]).fit(["a", "b"], [0, 1])
    path = tmp_path / "evil.skops"
    sio.dump(pipeline, path)
    with pytest.raises(ModelLoadError, match="not trusted") as caught:
        load_model(path)
    assert str(path) in str(caught.value)
    assert "Untrusted" in str(caught.value)


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04truncated"])
def test_corrupt_file_names_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.skops"
    path.write_bytes(content)
    with pytest.raises(ModelLoadError) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_zip_without_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.txt", "hello")
    with pytest.raises(ModelLoadError, match=str(path)):
        load_model(path)


def test_register_promote_and_hot_reload(tmp_path: Path, fitted: Any) -> None:
    registry = ModelRegistry(tmp_path / "models")
    assert registry.active_version("sentiment") == "default"
    active = ActiveModel(registry, "sentiment")
    assert active.get().version == "default"
    assert isinstance(active.get().model, SentimentModel)

    first = registry.register(fitted, ModelCard(task="sentiment", data={"split": "tiny"}))
    second = registry.register(tiny_pipeline(seed=1), ModelCard(task="sentiment"))
    assert (first.card.version, second.card.version) == ("v1", "v2")
    assert [v.card.version for v in registry.versions("sentiment")] == ["default", "v1", "v2"]
    assert registry.get("sentiment", "v1").card.data == {"split": "tiny"}
    assert registry.active_version("sentiment") == "default"  # registering does not activate

    registry.promote("sentiment", "v1")
    assert (tmp_path / "models" / "sentiment" / "ACTIVE").read_text().strip() == "v1"
    assert active.get().version == "v1"
    assert isinstance(active.get().model, SentimentModel)
    registry.promote("sentiment", "v2")
    assert active.get().version == "v2"
    registry.promote("sentiment", "default")
    assert active.get().version == "default"
    assert not list((tmp_path / "models" / "sentiment").glob(".active-*"))


def test_pinned_version_ignores_promotion(tmp_path: Path, fitted: Any) -> None:
    registry = ModelRegistry(tmp_path)
    registry.register(fitted, ModelCard(task="sentiment"))
    pinned = ActiveModel(registry, "sentiment", pinned="v1")
    registry.promote("sentiment", "default")
    assert pinned.get().version == "v1"


def test_unknown_version_and_task(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path)
    with pytest.raises(ModelNotFoundError, match="no sentiment model version 'v9'"):
        registry.promote("sentiment", "v9")
    with pytest.raises(ModelNotFoundError, match="unknown task"):
        registry.versions("weather")
    assert not (tmp_path / "sentiment" / "ACTIVE").exists()


def test_corrupt_registered_model_is_a_clear_error(tmp_path: Path, fitted: Any) -> None:
    registry = ModelRegistry(tmp_path)
    entry = registry.register(fitted, ModelCard(task="sentiment"))
    entry.model_file.write_bytes(b"garbage")
    with pytest.raises(ModelLoadError, match=str(entry.model_file)):
        registry.load("sentiment", "v1")
    (entry.path / "card.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelLoadError, match=r"card\.json"):
        registry.versions("sentiment")


def test_wrong_task_model_is_refused(tmp_path: Path, fitted: Any) -> None:
    registry = ModelRegistry(tmp_path)
    registry.register(fitted, ModelCard(task="relevance"))
    with pytest.raises(ModelLoadError, match="not a relevance model"):
        registry.load("relevance", "v1")


def test_settings_options_reach_the_model(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path, options={"sentiment": {"incident_shift": 0.0}})
    model, _ = registry.load("sentiment")
    assert model.incident_shift == 0.0
