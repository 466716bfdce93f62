"""Digest fixtures: one real tantivy store per test module holding the hand-written corpus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from alerts.digest import DigestInputs, HotspotInput, Names, Period, SourceCoverage
from config import load_settings
from indexer.document import Document, Sentiment, SourceType
from indexer.store import Store
from tests.digest.corpus import (
    DAY,
    PERIOD_END,
    PERIOD_START,
    SOURCES,
    TZ,
    all_documents,
    at,
    fish_event,
    smell_event,
)
from tests.indexer.conftest import make_store

REGION_NAMES = {
    "110000": "北京市",
    "130000": "河北省",
    "130100": "石家庄市",
    "320000": "江苏省",
    "320100": "南京市",
    "320115": "江宁区",
    "440000": "广东省",
    "440300": "深圳市",
}
GENERATED_AT = PERIOD_END + timedelta(minutes=5)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    instance = make_store("tantivy", tmp_path_factory.mktemp("store"))
    instance.open()
    instance.upsert(all_documents())
    yield instance
    instance.close()


def names() -> Names:
    topics = {topic.id: topic.name for topic in load_settings(None).topics.topics}
    return Names(REGION_NAMES, topics, {key: name for key, (name, _) in SOURCES.items()})


def coverage() -> tuple[SourceCoverage, ...]:
    """Seven sources: 微博 silent since 09:10 on the 9th, the board blocked by a login wall."""
    problems = {
        "weibo": SourceCoverage("weibo", "微博搜索", "silent", at(9, 9, 10), "no new items"),
        "board": SourceCoverage("board", "领导留言板", "degraded", at(9, 22, 0), "login_wall"),
    }
    return tuple(problems.get(key, SourceCoverage(key, name, "ok")) for key, (name, _) in SOURCES.items())


def hotspot(
    event_id: str, title: str, heat: float, documents: list[Document], terms: tuple[str, ...]
) -> HotspotInput:
    """A hot event over ``documents`` (all of one region and topic), counted from them."""
    return HotspotInput(
        event_id=event_id,
        title=title,
        heat=heat,
        items=len(documents),
        sources=len({d.source for d in documents}),
        negative_items=sum(d.sentiment is Sentiment.NEGATIVE for d in documents),
        rated_items=sum(d.sentiment is not None for d in documents),
        official_items=sum(d.source_type is SourceType.OFFICIAL for d in documents),
        first_seen=documents[0].published_at,
        last_seen=documents[-1].published_at,
        regions=tuple(documents[0].regions),
        topics=tuple(documents[0].topics),
        item_ids=tuple(d.id for d in documents),
        key_terms=terms,
    )


def fish_hotspot() -> HotspotInput:
    return hotspot(
        "ev-fish", "江宁秦淮河支流出现大面积死鱼", 48.5, fish_event(), ("死鱼", "偷排", "秦淮河", "江宁区")
    )


def smell_hotspot() -> HotspotInput:
    return hotspot(
        "ev-smell", "石家庄化工园区夜间异味扰民", 40.0, smell_event(), ("异味", "化工园区", "石家庄", "夜间")
    )


def digest_inputs(**overrides: object) -> DigestInputs:
    values: dict[str, object] = {
        "day": DAY,
        "period": Period(PERIOD_START, PERIOD_END, TZ),
        "generated_at": GENERATED_AT,
        "sources": coverage(),
        "hotspots": (fish_hotspot(),),
        "alerts": None,
        "names": names(),
        "console_url": "http://127.0.0.1:8080",
    }
    values.update(overrides)
    return DigestInputs(**values)  # type: ignore[arg-type]
