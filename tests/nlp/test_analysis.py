"""The analysis of one text and of batches, with the shipped default models (original sentences)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config import load_settings
from nlp.analysis import Analysis, AnalysisInput, Analyzer
from nlp.models import ModelRegistry
from nlp.regions import RegionError
from nlp.relevance import RelevanceResult
from nlp.simhash import hamming
from nlp.summary import split_sentences

FISH_KILL_TITLE = "秦淮河段出现大面积死鱼 环保部门连夜取样"
FISH_KILL = (
    "11月19日晚，南京市鼓楼区秦淮河段水面漂浮大量死鱼，绵延近一公里。"
    "附近居民怀疑上游一家化工企业夜间偷排废水，河水发黑并散发刺鼻气味。"
    "区生态环境局已连夜派人取样检测，并对涉事企业下达了停产整改通知。"
    "据了解，该区今年还将举办第三届梅花节，吸引游客前来观赏。"
    "环保志愿者表示将持续关注河道水质变化。"
)
PARK_POST = "周末带孩子去新建的湿地公园看候鸟，空气清新，环境越来越好了，点赞！"
HAZE_NEWS = "北京今日启动重污染天气橙色预警，PM2.5浓度持续升高，请市民减少户外活动。"
OFF_TOPIC = "这家新开的火锅店味道不错，服务也很热情，下次还会再来。"


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    registry = ModelRegistry(tmp_path_factory.mktemp("models"))  # nothing promoted: the shipped defaults
    sentiment, _ = registry.load("sentiment")
    relevance, _ = registry.load("relevance")
    return Analyzer.from_settings(load_settings(), sentiment=sentiment, relevance=relevance)


def test_an_incident_report(analyzer: Analyzer) -> None:
    result = analyzer.analyze(FISH_KILL, title=FISH_KILL_TITLE)
    assert result.sentiment == "negative"
    assert result.sentiment_score == max(result.sentiment_probabilities.values())
    assert sum(result.sentiment_probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert result.topics[0] == "water"
    assert {"死鱼", "偷排"} <= set(result.topic_hits["water"])
    assert result.regions == ["320106"]  # 鼓楼区 of 南京, not of 福州
    assert ("鼓楼区", "320106") in {(m.surface, m.code) for m in result.region_mentions}
    assert "死鱼" in result.keywords[:5]
    assert "秦淮河" in result.keywords
    sentences = [s.text for s in split_sentences(result.summary)]
    assert sentences and all(sentence in FISH_KILL for sentence in sentences)
    assert sentences[0].startswith("11月19日晚")
    assert "梅花节" not in result.summary
    assert 0 < result.simhash < 2**64


def test_positive_and_neutral_items(analyzer: Analyzer) -> None:
    park, haze = analyzer.analyze_many([AnalysisInput(PARK_POST), AnalysisInput(HAZE_NEWS)])
    assert park.sentiment == "positive"
    assert "ecology" in park.topics  # 湿地
    assert haze.relevant is True
    assert haze.topics == ["air"]
    assert haze.topic_hits["air"] == ["重污染天气", "PM2.5"]
    assert haze.regions == ["110000"]
    assert haze.summary == HAZE_NEWS  # a one-sentence text is its own summary


def test_off_topic_text(analyzer: Analyzer) -> None:
    result = analyzer.analyze(OFF_TOPIC)
    assert result.relevant is False
    assert result.relevance is not None and result.relevance < 0.5
    assert result.topics == [] and result.regions == []


def test_batch_equals_one_by_one_and_keeps_order(analyzer: Analyzer) -> None:
    inputs = [
        AnalysisInput(FISH_KILL, title=FISH_KILL_TITLE),
        AnalysisInput(PARK_POST),
        AnalysisInput(""),
        AnalysisInput(HAZE_NEWS),
        AnalysisInput(OFF_TOPIC),
    ] * 3
    small_chunks = Analyzer.from_settings(
        load_settings(), sentiment=analyzer.sentiment, relevance=analyzer.relevance
    )
    small_chunks.chunk_size = 2
    batch = small_chunks.analyze_many(inputs)
    single = [analyzer.analyze(i.text, title=i.title) for i in inputs]
    assert [_comparable(a) for a in batch] == [_comparable(a) for a in single]


def test_empty_text(analyzer: Analyzer) -> None:
    result = analyzer.analyze("")
    assert result.sentiment is None and result.relevance is None
    assert (result.topics, result.regions, result.keywords, result.summary, result.simhash) == (
        [],
        [],
        [],
        "",
        0,
    )


def test_title_only(analyzer: Analyzer) -> None:
    result = analyzer.analyze("", title="青溪县通报化工厂偷排废水致河道死鱼")
    assert result.sentiment == "negative"
    assert result.topics == ["water"]
    assert result.summary == ""


def test_home_region_resolves_an_ambiguous_district(analyzer: Analyzer) -> None:
    text = "鼓楼区开展河道清淤，两条黑臭水体完成整治。"
    assert analyzer.analyze(text, home_region="350100").regions == ["350102"]  # 福州
    assert analyzer.analyze(text, home_region="320100").regions == ["320106"]  # 南京
    with pytest.raises(RegionError, match="999999"):
        analyzer.analyze(text, home_region="999999")


def test_emoticons_mentions_and_links_do_not_change_the_fingerprint(analyzer: Analyzer) -> None:
    post = "小区旁的河道又变成黑臭水体了，夏天根本不敢开窗，希望有关部门管一管。"
    repost = f"[怒]//@环保小卫士:{post} http://t.cn/abc123"
    a, b = analyzer.analyze_many([AnalysisInput(post), AnalysisInput(repost)])
    assert hamming(a.simhash, b.simhash) == 0
    assert b.summary.startswith("[怒]//@环保小卫士:")  # the summary quotes the post as written


def test_without_models_topics_are_not_gated() -> None:
    bare = Analyzer.from_settings(load_settings())
    result = bare.analyze(HAZE_NEWS)
    assert result.sentiment is None and result.relevant is None
    assert result.topics == ["air"]


def test_off_topic_verdict_raises_the_bar() -> None:
    class NeverRelevant:
        def predict(self, texts: Any) -> list[RelevanceResult]:
            return [RelevanceResult(False, 0.1) for _ in texts]

    gated = Analyzer.from_settings(load_settings(), relevance=NeverRelevant())
    assert gated.analyze("城市雾霾治理取得成效。").topics == []  # one hit
    assert gated.analyze("雾霾天气持续，雾霾治理刻不容缓。").topics == ["air"]  # two hits


def test_to_dict_is_json_ready(analyzer: Analyzer) -> None:
    import json

    data = analyzer.analyze(HAZE_NEWS).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False))["regions"] == ["110000"]
    assert data["simhash_hex"] == f"{data['simhash']:016x}"


def _comparable(analysis: Analysis) -> tuple[Any, ...]:
    return (
        analysis.sentiment,
        analysis.sentiment_score,
        analysis.relevance,
        analysis.topics,
        analysis.regions,
        analysis.keywords,
        analysis.summary,
        analysis.simhash,
    )


def test_models_dir_is_not_needed(tmp_path: Path) -> None:
    """A fresh clone works: the shipped defaults load without any registered version."""
    registry = ModelRegistry(tmp_path / "nothing-here")
    assert registry.active_version("sentiment") == "default"
