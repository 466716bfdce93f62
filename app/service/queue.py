"""Documents waiting for post-processing, in SQL so that nothing stored is skipped after a crash.

The ingest writer calls :meth:`PostprocessQueue.enqueue` right after each upsert (before marking the
documents seen); post-processing :meth:`claim`\\s a batch and calls :meth:`done` once its results are
written. ``done`` removes a row only if it still holds the claimed token: a document stored again while
it was being processed stays queued and is processed again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select

from app.service.database import ServiceDatabase
from app.service.tables import postprocess_queue
from indexer.document import Document

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuedDocument:
    doc_id: str
    token: str


class PostprocessQueue:
    """The ``postprocess_queue`` table (see the module docstring)."""

    def __init__(self, database: ServiceDatabase, *, owns_database: bool = False) -> None:
        self.database = database
        self._owns_database = owns_database

    @classmethod
    def open_at(cls, database_url: str) -> PostprocessQueue:
        """A queue with its own connection to ``database_url`` (``close()`` releases it)."""
        database = ServiceDatabase(database_url)
        database.open()
        return cls(database, owns_database=True)

    def close(self) -> None:
        if self._owns_database:
            self.database.close()

    def enqueue(self, documents: Sequence[Document]) -> None:
        """Queue ``documents`` (again, if they are queued already)."""
        ids = list(dict.fromkeys(doc.id for doc in documents))
        if not ids:
            return
        now = datetime.now(UTC)
        rows = [{"doc_id": doc_id, "token": uuid.uuid4().hex, "enqueued_at": now} for doc_id in ids]
        with self.database.begin() as connection:
            connection.execute(_upsert(connection.dialect.name), rows)

    def claim(self, limit: int) -> list[QueuedDocument]:
        """The oldest ``limit`` queued documents (they stay queued until :meth:`done`)."""
        query = (
            select(postprocess_queue.c.doc_id, postprocess_queue.c.token)
            .order_by(postprocess_queue.c.enqueued_at, postprocess_queue.c.doc_id)
            .limit(limit)
        )
        with self.database.connect() as connection:
            return [QueuedDocument(row.doc_id, row.token) for row in connection.execute(query)]

    def done(self, entries: Sequence[QueuedDocument]) -> None:
        """Remove ``entries`` unless they were queued again since they were claimed."""
        if not entries:
            return
        statement = delete(postprocess_queue).where(
            postprocess_queue.c.doc_id == bindparam("queued_id"),
            postprocess_queue.c.token == bindparam("queued_token"),
        )
        params = [{"queued_id": e.doc_id, "queued_token": e.token} for e in entries]
        with self.database.begin() as connection:
            connection.execute(statement, params)

    def pending(self) -> int:
        with self.database.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(postprocess_queue)).scalar_one())


def _upsert(dialect: str) -> Any:
    """INSERT … ON CONFLICT (doc_id) DO UPDATE: a new token and time for a queued document."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(postprocess_queue)
    return statement.on_conflict_do_update(
        index_elements=[postprocess_queue.c.doc_id],
        set_={"token": statement.excluded.token, "enqueued_at": statement.excluded.enqueued_at},
    )
