"""Post-processing on a real store and real event tables: near-duplicates, events, idempotence, restarts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.postprocess import Postprocessor
from app.service.database import ServiceDatabase
from app.service.queue import PostprocessQueue
from app.service.tables import postprocess_items
from app.wiring import open_store
from config import Settings
from indexer.document import SHANGHAI, Document, SourceType
from indexer.store import Store
from nlp.events.tables import event_items

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
FISH = (
    "11月20日上午，青溪县青溪河下游河段出现大面积死鱼，沿岸村民称河水发黑并伴有刺鼻异味。"
    "青溪县生态环境分局已派员现场采样，初步怀疑与上游一家化工企业夜间偷排废水有关，具体原因正在调查。"
    "村民表示，这段河道过去半年已多次出现类似情况，希望有关部门尽快查明死鱼原因并公布水质监测结果。"
)
FISH_FOLLOW_UP = (
    "记者从青溪县生态环境分局获悉，青溪河死鱼事件调查取得进展：上游化工企业夜间偷排未经处理的废水，"
    "导致河水溶解氧骤降、鱼类大量死亡。该化工企业已被责令停产整改，相关责任人被立案调查，"
    "青溪河下游水质监测结果将每日向社会公布。"
)
VOLUNTEERS = (
    "六五环境日当天，滨江市三百余名环保志愿者走进社区和学校，开展垃圾分类宣传和河岸清洁活动。"
    "志愿者们向居民发放宣传手册，讲解厨余垃圾、可回收物的投放方法，倡导绿色低碳的生活方式。"
)


def doc(doc_id: str, title: str, text: str, minutes: int, source: str = "newsa") -> Document:
    moment = T0 + timedelta(minutes=minutes)
    return Document(
        id=doc_id,
        url=f"http://127.0.0.1/{source}/{doc_id}.html",
        source=source,
        source_type=SourceType.NEWS,
        title=title,
        text=text,
        published_at=moment,
        fetched_at=moment,
    )


ORIGINAL = doc("fish1", "青溪河出现大面积死鱼 环保部门介入调查", FISH, 0)
REPRINT = doc("fish2", "青溪河出现大面积死鱼", FISH, 40, source="newsb")
FOLLOW_UP = doc("fish3", "青溪河死鱼事件调查：化工企业偷排废水被责令停产", FISH_FOLLOW_UP, 300)
OTHER = doc("volunteers", "滨江市志愿者开展六五环境日宣传活动", VOLUNTEERS, 120)


class RecordingObserver:
    """Records which events it was told about; fails the first ``failures`` times (an outage)."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[list[str]] = []

    def events_changed(self, store: Store, event_ids: Sequence[str], now: datetime) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("alert database unavailable")
        assert all(d.event_id for d in store.get_many([ORIGINAL.id])), (
            "evaluated before event ids were written"
        )
        self.calls.append(list(event_ids))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def database(settings: Settings) -> Iterator[ServiceDatabase]:
    with ServiceDatabase(settings.database_url()) as database:
        yield database


def ingest(store: Store, database: ServiceDatabase, documents: list[Document]) -> None:
    """What the ingest writer does: upsert, then queue."""
    store.upsert(documents)
    PostprocessQueue(database).enqueue(documents)


def postprocessor(
    settings: Settings, database: ServiceDatabase, observer: RecordingObserver
) -> Postprocessor:
    processor = Postprocessor.from_settings(settings, database, [observer])
    processor.open()
    return processor


def count(database: ServiceDatabase, table: object) -> int:
    with database.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def stored(store: Store) -> dict[str, Document]:
    return {d.id: d for d in store.iter_documents()}


def test_a_batch_gets_duplicates_and_events_written_back(
    settings: Settings, store: Store, database: ServiceDatabase
) -> None:
    ingest(store, database, [OTHER, FOLLOW_UP, REPRINT, ORIGINAL])
    observer = RecordingObserver()
    processor = postprocessor(settings, database, observer)
    result = processor.drain(store)
    processor.close()
    docs = stored(store)
    assert result.documents == 4
    assert docs["fish2"].duplicate_of == "fish1"
    assert docs["fish1"].duplicate_of is None and docs["fish3"].duplicate_of is None
    assert docs["fish1"].event_id == docs["fish2"].event_id == docs["fish3"].event_id
    assert docs["volunteers"].event_id not in {None, docs["fish1"].event_id}
    assert all(d.simhash is not None for d in docs.values())
    assert sorted(observer.calls[0]) == sorted({d.event_id for d in docs.values() if d.event_id})
    assert processor.pending() == 0


def test_processing_again_changes_and_doubles_nothing(
    settings: Settings, store: Store, database: ServiceDatabase
) -> None:
    ingest(store, database, [ORIGINAL, REPRINT, FOLLOW_UP, OTHER])
    processor = postprocessor(settings, database, RecordingObserver())
    processor.drain(store)
    before = stored(store)
    ingest(store, database, [ORIGINAL, REPRINT, FOLLOW_UP, OTHER])  # stored again: analysis fields reset
    assert stored(store)["fish1"].event_id is None
    processor.drain(store)
    processor.close()
    assert stored(store) == before
    assert count(database, event_items) == 4
    assert count(database, postprocess_items) == 4


def test_a_restarted_postprocessor_still_knows_earlier_texts(
    settings: Settings, store: Store, database: ServiceDatabase
) -> None:
    ingest(store, database, [ORIGINAL, OTHER])
    first = postprocessor(settings, database, RecordingObserver())
    first.drain(store)
    first.close()
    ingest(store, database, [REPRINT])
    second = postprocessor(settings, database, RecordingObserver())
    second.drain(store)
    second.close()
    docs = stored(store)
    assert docs["fish2"].duplicate_of == "fish1"
    assert docs["fish2"].event_id == docs["fish1"].event_id


def test_a_failure_after_writing_leaves_the_batch_queued_and_a_retry_completes_it(
    settings: Settings, store: Store, database: ServiceDatabase
) -> None:
    ingest(store, database, [ORIGINAL, REPRINT, FOLLOW_UP, OTHER])
    observer = RecordingObserver(failures=1)
    processor = postprocessor(settings, database, observer)
    with pytest.raises(RuntimeError, match="unavailable"):
        processor.drain(store)
    assert processor.pending() == 4
    first_events = {d.id: d.event_id for d in stored(store).values()}
    processor.drain(store)
    processor.close()
    assert processor.pending() == 0
    assert {d.id: d.event_id for d in stored(store).values()} == first_events
    assert len(observer.calls) == 1
    assert count(database, event_items) == 4
