"""Event clustering on hand-written stories, with the state in a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from nlp.events import EventClusterer, EventItem, EventStore, EventStoreError, event_id_for
from nlp.events.clusterer import region_agreement
from nlp.events.tables import event_items, item_keys
from nlp.events.vectors import hashtags
from tests.nlp.test_events_stories import (
    FISH_KILL,
    HAZE,
    OTHER_FISH_KILL,
    PINGJIANG,
    SHIJIAZHUANG,
    START,
    YANCHENG,
    all_items,
)


def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'qingshan.db'}"


@pytest.fixture
def clusterer(tmp_path: Path) -> Iterator[EventClusterer]:
    clusterer = EventClusterer(EventStore(database(tmp_path)))
    clusterer.open()
    yield clusterer
    clusterer.close()


def test_fish_kill_spreading_over_a_day_is_one_event(clusterer: EventClusterer) -> None:
    assignments = {a.item_id: a for a in clusterer.add_many(all_items())}
    fish_event = event_id_for("weibo-1")
    assert {assignments[i.id].event_id for i in FISH_KILL} == {fish_event}
    assert assignments["weibo-1"].reason == "new"
    assert assignments["weibo-2"].reason == "repost"
    assert {assignments[i].reason for i in ("news-1", "weibo-3", "official-1", "news-2")} == {"similar"}
    assert {assignments[i.id].event_id for i in HAZE} == {event_id_for("haze-1")}
    assert assignments[OTHER_FISH_KILL.id].event_id == event_id_for(OTHER_FISH_KILL.id)  # other province


def test_event_state_is_kept_in_sql(clusterer: EventClusterer, tmp_path: Path) -> None:
    clusterer.add_many(all_items())
    state = clusterer.event(event_id_for("weibo-1"))
    assert state is not None
    assert state.item_count == len(FISH_KILL)
    assert (
        state.title == "平江县三市镇一河段出现大量死鱼 环保部门已介入调查"
    )  # the first news title, not the post
    assert state.regions[PINGJIANG] == 5
    assert state.topics == {"water": 5, "enforcement": 2}
    assert state.first_seen == START
    assert "死鱼" in state.centroid
    engine = create_engine(database(tmp_path))
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(event_items)).scalar() == len(all_items())
        keys = connection.execute(
            select(item_keys.c.kind, item_keys.c.key).where(item_keys.c.item_id == "news-1")
        ).all()
    engine.dispose()
    assert set(keys) == {
        ("region", PINGJIANG),
        ("region", "430600"),
        ("province", "430000"),
        ("topic", "water"),
    }


def test_adding_again_keeps_the_event_and_updates_engagement(clusterer: EventClusterer) -> None:
    first = clusterer.add(FISH_KILL[0])
    again = clusterer.add(replace(FISH_KILL[0], title="改过的标题"))
    assert again.event_id == first.event_id
    assert again.reason == "known"
    assert clusterer.event(first.event_id) is not None
    assert clusterer.event(first.event_id).item_count == 1  # type: ignore[union-attr]


def test_restarted_service_continues_the_same_events(tmp_path: Path) -> None:
    first = EventClusterer(EventStore(database(tmp_path)))
    first.open()
    first.add_many(FISH_KILL[:3])
    first.close()

    late_post = EventItem(
        id="weibo-9",
        title="",
        text="三市镇河里的死鱼还没捞完，河水还是发黑，上游那家厂子偷排的事到底查得怎么样了？",
        published_at=START + timedelta(hours=30),
        source="weibo",
        source_type="social",
        regions=(PINGJIANG,),
        topics=("water",),
        sentiment="negative",
    )
    second = EventClusterer(EventStore(database(tmp_path)))
    second.open()
    assignment = second.add(late_post)
    second.close()
    assert assignment.event_id == event_id_for("weibo-1")
    assert assignment.reason == "similar"


def test_same_story_after_the_window_opens_a_new_event(clusterer: EventClusterer) -> None:
    clusterer.add(FISH_KILL[2])
    much_later = replace(FISH_KILL[2], id="news-9", published_at=START + timedelta(days=10))
    assert clusterer.add(much_later).reason == "new"


def test_copy_joins_the_event_of_its_original(clusterer: EventClusterer) -> None:
    clusterer.add(HAZE[0])
    copy = EventItem(
        id="copy-1",
        title="转载",
        text="完全不同的文字也会跟随原文",
        published_at=START + timedelta(hours=2),
        source="aggregator",
        duplicate_of=HAZE[0].id,
    )
    assignment = clusterer.add(copy)
    assert (assignment.event_id, assignment.reason) == (event_id_for("haze-1"), "duplicate")


def test_region_agreement() -> None:
    assert region_agreement([PINGJIANG], {"430600": 1}) == pytest.approx(0.10)
    assert region_agreement(["430000"], {PINGJIANG: 1}) == pytest.approx(0.05)
    assert region_agreement([YANCHENG], {PINGJIANG: 2}) == pytest.approx(-1.0)
    assert region_agreement([], {SHIJIAZHUANG: 1}) == 0.0


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        EventItem(id="x", title="", text="", published_at=datetime(2024, 6, 3), source="s")


def test_unusable_database_is_reported(tmp_path: Path) -> None:
    store = EventStore(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'q.db'}")
    with pytest.raises(EventStoreError, match="cannot open"):
        store.open()
    with pytest.raises(EventStoreError, match="not open"):
        store.event_of("x")


def _post(item_id: str, minutes: float, text: str, **fields: object) -> EventItem:
    return EventItem(
        id=item_id,
        title="",
        text=text,
        published_at=START + timedelta(minutes=minutes),
        source="weibo",
        source_type="social",
        **fields,  # type: ignore[arg-type]
    )


TAGGED_FIRST = _post(
    "tag-1",
    0,
    "平江县三市镇的河里漂满了死鱼，河水发黑发臭，是不是上游的厂子又偷排了？#三市河怎么了#",
    regions=(PINGJIANG,),
)
TAGGED_REPLY = _post("tag-2", 30, "家里的孩子还能喝自来水吗？求个准信 #三市河怎么了#", regions=(PINGJIANG,))


def test_a_shared_hashtag_brings_a_short_post_into_the_event(clusterer: EventClusterer) -> None:
    clusterer.add(TAGGED_FIRST)
    assignment = clusterer.add(TAGGED_REPLY)
    assert (assignment.event_id, assignment.reason) == (event_id_for("tag-1"), "similar")


def test_without_the_hashtag_the_short_post_stays_apart(clusterer: EventClusterer) -> None:
    clusterer.add(replace(TAGGED_FIRST, text=TAGGED_FIRST.text.replace("#三市河怎么了#", "")))
    untagged = replace(TAGGED_REPLY, text=TAGGED_REPLY.text.replace("#三市河怎么了#", ""))
    assert clusterer.add(untagged).reason == "new"


def test_a_shared_hashtag_does_not_cross_provinces(clusterer: EventClusterer) -> None:
    clusterer.add(TAGGED_FIRST)
    elsewhere = replace(TAGGED_REPLY, id="tag-3", regions=(YANCHENG,))
    assert clusterer.add(elsewhere).reason == "new"


def test_hashtags_are_read_from_the_text() -> None:
    assert hashtags("#泾县死鱼# 转发 #泾县死鱼# #琴溪河# # 不是 标签 #") == ["#泾县死鱼#", "#琴溪河#"]
    assert hashtags("没有话题") == []
