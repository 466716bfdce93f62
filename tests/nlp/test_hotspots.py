"""Heat, bursts and hotspot rankings over the hand-written stories, in a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from config import load_settings
from nlp.events import (
    BurstDetector,
    EventClusterer,
    EventItem,
    EventStats,
    EventStore,
    HeatIndex,
    HeatWeights,
    HotspotRanker,
    event_id_for,
)
from tests.nlp.test_events_stories import FISH_KILL, PINGJIANG, START, all_items

DAY = timedelta(days=1)


@pytest.fixture
def clusterer(tmp_path: Path) -> Iterator[EventClusterer]:
    clusterer = EventClusterer(EventStore(f"sqlite:///{tmp_path / 'qingshan.db'}"))
    clusterer.open()
    yield clusterer
    clusterer.close()


def stats(**counts: int) -> EventStats:
    values = {
        "items": 0,
        "sources": 0,
        "engagement": 0,
        "recent_items": 0,
        "mainstream_items": 0,
        "official_items": 0,
        "negative_items": 0,
        "rated_items": 0,
    } | counts
    return EventStats(**values, first_seen=START, last_seen=START)


def test_heat_formula() -> None:
    heat = HeatIndex()
    assert heat.score(stats()).heat == 0.0
    saturated = stats(
        items=200,
        sources=30,
        engagement=100_000,
        recent_items=120,
        mainstream_items=3,
        official_items=1,
        negative_items=5,
        rated_items=5,
    )
    assert heat.score(saturated).heat == 100.0
    half_negative = heat.score(stats(items=1, sources=1, negative_items=1, rated_items=2))
    assert half_negative.negative == 0.5
    assert half_negative.volume == pytest.approx(0.1308, abs=1e-4)  # ln 2 / ln 201
    expected = 100 * (0.25 * half_negative.volume + 0.15 * half_negative.sources + 0.10 * 0.5)
    assert half_negative.heat == pytest.approx(expected, abs=0.01)


def test_heat_weights_must_sum_to_one() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        HeatIndex(weights=HeatWeights(volume=0.9))


def test_heat_from_settings_uses_configured_weights() -> None:
    heat = HeatIndex.from_settings(load_settings())
    assert heat.weights == HeatWeights()
    assert heat.velocity_window == timedelta(hours=6)


def test_fish_kill_is_the_hottest_event_of_its_day(clusterer: EventClusterer) -> None:
    clusterer.add_many(all_items())
    ranking = HotspotRanker(clusterer.store).rank(START - DAY, START + 2 * DAY)
    assert [spot.event_id for spot in ranking][:1] == [event_id_for("weibo-1")]
    top = ranking[0]
    assert top.stats.items == len(FISH_KILL)
    assert top.stats.sources == 4  # weibo, 岳阳日报, the county bureau, 人民网
    assert top.stats.official_items == 1
    assert top.stats.mainstream_items == 1
    assert top.regions[0] == PINGJIANG
    assert top.topics == ["water", "enforcement"]
    assert 0 < ranking[-1].heat.heat < top.heat.heat <= 100


def test_ranking_by_period_region_and_topic(clusterer: EventClusterer) -> None:
    clusterer.add_many(all_items())
    ranker = HotspotRanker(clusterer.store)
    hebei = ranker.rank(START - DAY, START + 2 * DAY, region="130000")
    assert [spot.event_id for spot in hebei] == [event_id_for("haze-1")]
    water = {spot.event_id for spot in ranker.rank(START - DAY, START + 2 * DAY, topic="water")}
    assert water == {event_id_for("weibo-1"), event_id_for("yancheng-1")}
    next_day = ranker.rank(START + DAY, START + 2 * DAY)
    assert [(spot.event_id, spot.stats.items) for spot in next_day] == [(event_id_for("weibo-1"), 1)]
    assert ranker.rank(START - DAY, START + 2 * DAY, limit=1)[0].event_id == event_id_for("weibo-1")


def background_item(day: int, number: int) -> EventItem:
    """A routine water-quality item, every other day for two weeks before the fish kill."""
    return EventItem(
        id=f"routine-{day}-{number}",
        title=f"第{day}期水质周报",
        text=f"本期全县{day}个断面水质达标，河长巡河{number}次。",
        published_at=START - timedelta(days=day, hours=3),
        source="county-site",
        source_type="official",
        regions=(PINGJIANG,),
        topics=("water",),
        sentiment="neutral",
    )


def test_fish_kill_is_a_burst_against_two_quiet_weeks(clusterer: EventClusterer) -> None:
    clusterer.add_many(background_item(day, 1) for day in range(2, 16, 2))
    clusterer.add_many(all_items())
    end = START + timedelta(hours=6)  # the day up to the bureau's notice
    found = {(b.kind, b.key): b for b in BurstDetector(clusterer.store).detect(end)}
    assert set(found) == {("topic", "water")}  # 4 fish-kill items with topics + 盐城
    water = found[("topic", "water")]
    assert (water.count, water.baseline, water.ratio) == (5, 0.5, 10.0)
    assert water.p_value == pytest.approx(1.72e-4, rel=0.01)  # P(X >= 5 | Poisson(0.5))
    lenient = BurstDetector(clusterer.store, max_p_value=0.01).detect(end)
    assert {(b.kind, b.key) for b in lenient} == {
        ("topic", "water"),
        ("region", PINGJIANG),  # 4 items against 0.5 a day
        ("province", "430000"),
    }
    assert ("topic", "air") not in found  # two haze items: below the minimum count


def test_steady_topic_does_not_burst(clusterer: EventClusterer) -> None:
    clusterer.add_many(background_item(day, n) for day in range(15) for n in (1, 2, 3))
    assert BurstDetector(clusterer.store).detect(START) == []
