"""The post-processing queue on a real SQLite file: queued once, released only if not queued again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.service.database import ServiceDatabase
from app.service.queue import PostprocessQueue
from indexer.document import Document, SourceType


def document(doc_id: str) -> Document:
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    return Document(
        id=doc_id,
        url=f"http://127.0.0.1/{doc_id}",
        source="newsa",
        source_type=SourceType.NEWS,
        title=doc_id,
        published_at=moment,
        fetched_at=moment,
    )


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[PostprocessQueue]:
    database = ServiceDatabase(f"sqlite:///{tmp_path / 'q.db'}")
    database.open()
    yield PostprocessQueue(database)
    database.close()


def test_a_document_stored_twice_is_queued_once(queue: PostprocessQueue) -> None:
    queue.enqueue([document("a"), document("b")])
    queue.enqueue([document("a")])
    assert queue.pending() == 2
    assert {entry.doc_id for entry in queue.claim(10)} == {"a", "b"}


def test_claim_is_oldest_first_and_done_releases(queue: PostprocessQueue) -> None:
    queue.enqueue([document("first")])
    queue.enqueue([document("second")])
    claimed = queue.claim(1)
    assert [entry.doc_id for entry in claimed] == ["first"]
    queue.done(claimed)
    assert [entry.doc_id for entry in queue.claim(10)] == ["second"]


def test_a_document_stored_again_while_processed_stays_queued(queue: PostprocessQueue) -> None:
    queue.enqueue([document("a"), document("b")])
    claimed = queue.claim(10)
    queue.enqueue([document("a")])  # a crawl refreshed it meanwhile
    queue.done(claimed)
    assert [entry.doc_id for entry in queue.claim(10)] == ["a"]


def test_the_crawl_side_queue_owns_its_connection(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    queue = PostprocessQueue.open_at(url)
    queue.enqueue([document("a")])
    queue.close()
    with ServiceDatabase(url) as database:
        assert PostprocessQueue(database).pending() == 1
