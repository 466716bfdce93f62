"""The embedded store: SQL of record (SQLite file in WAL mode by default) + a derived full-text index.

All writes go through one writer (a lock per process; SQLite's own lock between processes). The text
index (tantivy or FTS5) is rebuilt or caught up from the sequence numbers of the store of record.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from config.sql import make_engine as config_make_engine
from indexer.analysis import Tokenizer, analyze, analyze_joined
from indexer.document import Document
from indexer.errors import IndexBusyError, StoreUnavailableError
from indexer.fields import document_tags
from indexer.highlight import highlight, snippet
from indexer.query import highlight_terms, parse
from indexer.store import ProgressCallback, SearchHit, SearchRequest, SearchResult, Store, StoreStats
from indexer.tables import (
    counters,
    document_to_row,
    documents,
    documents_by_ids,
    metadata,
    row_to_document,
)
from indexer.textindex.base import IndexEntry, TextIndex

logger = logging.getLogger(__name__)

SEQ_COUNTER = "documents_seq"
_BATCH = 500
_COMMIT_EVERY = 10_000


def make_engine(database_url: str) -> Engine:
    """A SQLAlchemy engine; SQLite files get WAL, a busy timeout and foreign keys (config.sql)."""
    return config_make_engine(database_url, busy_timeout_s=30, foreign_keys=True)


class SqliteStore(Store):
    """Documents in SQL, search through ``text_index``; ``tokenizer`` segments Chinese text."""

    def __init__(
        self, database_url: str, text_index: TextIndex, tokenizer: Tokenizer, *, read_only: bool = False
    ) -> None:
        self.database_url = database_url
        self.text_index = text_index
        self.tokenizer = tokenizer
        self.read_only = read_only
        self._engine: Engine | None = None
        self._write_lock = threading.Lock()

    # lifecycle ------------------------------------------------------------------------------
    def open(self) -> None:
        try:
            self._engine = make_engine(self.database_url)
            if not self.read_only:
                metadata.create_all(self._engine)
            self.text_index.open()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreUnavailableError(
                f"cannot open the store at {self.database_url}: {_reason(exc)}"
            ) from exc
        if not self.read_only:
            try:
                self.catch_up()
            except IndexBusyError:
                # another process is writing: the rows ahead of the index are its batch in flight (it
                # indexes them itself), or a dead writer's, which the next writer to open catches up
                logger.info(
                    "text index %s is being written elsewhere: catch-up left to its writer",
                    self.text_index.name,
                )

    def close(self) -> None:
        self.text_index.close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreUnavailableError("the store is not open")
        return self._engine

    def analyzer(self, text: str) -> list[str]:
        return analyze(text, self.tokenizer)

    # writes ---------------------------------------------------------------------------------
    def upsert(self, documents_: Iterable[Document]) -> int:
        """Write in SQL batches; the text index commits every ``_COMMIT_EVERY`` documents and at the end.
        A batch the database refuses (read-only, disk full) is rolled back: StoreUnavailableError."""
        try:
            return self._upsert_all(documents_)
        except (SQLAlchemyError, OSError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreUnavailableError(
                f"cannot write to the store at {self.database_url}: {reason}"
            ) from exc

    def _upsert_all(self, documents_: Iterable[Document]) -> int:
        written = 0
        uncommitted = 0
        batch: list[Document] = []
        try:
            for doc in documents_:
                batch.append(doc)
                if len(batch) >= _BATCH:
                    count = self._upsert_batch(batch)
                    written, uncommitted, batch = written + count, uncommitted + count, []
                    if uncommitted >= _COMMIT_EVERY:
                        self._commit_index()
                        uncommitted = 0
            if batch:
                written += self._upsert_batch(batch)
        finally:
            self._commit_index()
        return written

    def _commit_index(self) -> None:
        with self._write_lock:
            self.text_index.commit()

    def _upsert_batch(self, batch: list[Document]) -> int:
        unique = list({doc.id: doc for doc in batch}.values())  # last write of an id wins
        entries_input = [(doc, self._analyze_doc(doc)) for doc in unique]  # segment outside the lock
        with self._write_lock:
            with self.engine.begin() as conn:
                first = self._reserve_seq(conn, len(unique))
                rows = [{**document_to_row(doc), "seq": first + i} for i, doc in enumerate(unique)]
                conn.execute(self._upsert_statement(), rows)
            entries = [self._entry(doc, first + i, terms) for i, (doc, terms) in enumerate(entries_input)]
            self.text_index.write(entries, commit=False)
        return len(unique)

    def _upsert_statement(self) -> Any:
        dialect = self.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(documents)
        columns = {c.name: stmt.excluded[c.name] for c in documents.columns if c.name != "id"}
        return stmt.on_conflict_do_update(index_elements=[documents.c.id], set_=columns)

    def _reserve_seq(self, conn: Any, count: int) -> int:
        """Reserve ``count`` sequence numbers atomically; returns the first."""
        result = conn.execute(
            update(counters)
            .where(counters.c.name == SEQ_COUNTER)
            .values(value=counters.c.value + count)
            .returning(counters.c.value)
        ).scalar()
        if result is None:
            start = conn.execute(select(func.coalesce(func.max(documents.c.seq), 0))).scalar_one()
            conn.execute(counters.insert().values(name=SEQ_COUNTER, value=start + count))
            result = start + count
        return int(result) - count + 1

    def _analyze_doc(self, doc: Document) -> tuple[str, str]:
        return analyze_joined(doc.title, self.tokenizer), analyze_joined(doc.text, self.tokenizer)

    @staticmethod
    def _entry(doc: Document, seq: int, terms: tuple[str, str]) -> IndexEntry:
        return IndexEntry(
            doc_id=doc.id,
            seq=seq,
            title_terms=terms[0],
            text_terms=terms[1],
            tags=document_tags(doc),
            published_at=doc.published_at,
            source=doc.source,
            sentiment=doc.sentiment.value if doc.sentiment else None,
            topics=list(doc.topics),
            provinces=doc.provinces,
        )

    def delete(self, doc_ids: Sequence[str]) -> int:
        with self._write_lock:
            with self.engine.begin() as conn:
                count = conn.execute(documents.delete().where(documents.c.id.in_(list(doc_ids)))).rowcount
            self.text_index.write([], deleted_ids=list(doc_ids))
        return int(count or 0)

    # the derived index ------------------------------------------------------------------------
    def catch_up(self, progress: ProgressCallback | None = None) -> int:
        """Feed the text index every document written after its high-water mark."""
        mark = self.text_index.high_water()
        with self.engine.connect() as conn:
            pending = conn.execute(select(func.count()).where(documents.c.seq > mark)).scalar_one()
        if pending == 0:
            return 0
        logger.info("text index %s is %d document(s) behind: catching up", self.text_index.name, pending)
        done = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(documents).where(documents.c.seq > mark).order_by(documents.c.seq).limit(_BATCH)
                ).fetchall()
            if not rows:
                self._commit_index()
                return done
            entries = [
                self._entry(d, r.seq, self._analyze_doc(d)) for r in rows for d in [row_to_document(r)]
            ]
            with self._write_lock:
                self.text_index.write(entries, commit=(done // _BATCH) % (_COMMIT_EVERY // _BATCH) == 0)
            mark = rows[-1].seq
            done += len(rows)
            if progress is not None:
                progress(done, pending)

    def reindex(self, progress: ProgressCallback | None = None) -> int:
        with self._write_lock:
            self.text_index.clear()
        return self.catch_up(progress)

    # reads ------------------------------------------------------------------------------------
    def get(self, doc_id: str) -> Document | None:
        found = self.get_many([doc_id])
        return found[0] if found else None

    def get_many(self, doc_ids: Sequence[str]) -> list[Document]:
        if not doc_ids:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(documents_by_ids, {"ids": list(doc_ids)}).fetchall()
        by_id = {row.id: row_to_document(row) for row in rows}
        return [by_id[i] for i in doc_ids if i in by_id]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())

    def iter_documents(self, batch_size: int = 1000) -> Iterator[Document]:
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(documents)
                    .where(documents.c.seq > last)
                    .order_by(documents.c.seq)
                    .limit(batch_size)
                ).fetchall()
            if not rows:
                return
            yield from (row_to_document(row) for row in rows)
            last = rows[-1].seq

    def search(self, request: SearchRequest) -> SearchResult:
        return self._search(request, None)

    def search_at(self, request: SearchRequest, generation: Hashable) -> SearchResult:
        return self._search(request, generation)

    def _search(self, request: SearchRequest, generation: Hashable | None) -> SearchResult:
        """With ``generation`` (just read by the caller) the text index need not look again."""
        node = parse(request.query)
        try:
            if generation is None:
                hits = self.text_index.search(node, self.analyzer, request)
            else:
                hits = self.text_index.search_at(node, self.analyzer, request, generation)
        except OperationalError as exc:  # pragma: no cover - defensive: engines get only compiled input
            raise StoreUnavailableError(f"search failed: {exc}") from exc
        docs = {doc.id: doc for doc in self.get_many(hits.ids)}
        terms = highlight_terms(node) if request.highlight else []
        result_hits = [
            SearchHit(
                document=docs[doc_id],
                score=score,
                title_html=highlight(docs[doc_id].title, terms),
                snippet_html=snippet(docs[doc_id].text, terms),
            )
            for doc_id, score in zip(hits.ids, hits.scores, strict=True)
            if doc_id in docs
        ]
        return SearchResult(total=hits.total, hits=result_hits, facets=hits.facets)

    def generation(self) -> Hashable | None:
        """The text index's: search sees a write (its rows and terms) once the index commits it."""
        return self.text_index.generation()

    def stats(self) -> StoreStats:
        with self.engine.connect() as conn:
            by_source: dict[str, int] = dict(
                conn.execute(select(documents.c.source, func.count()).group_by(documents.c.source)).fetchall()
            )
            first, last = conn.execute(
                select(func.min(documents.c.published_at), func.max(documents.c.published_at))
            ).one()
        return StoreStats(
            documents=sum(by_source.values()),
            by_source={str(k): int(v) for k, v in by_source.items()},
            first_published=first,
            last_published=last,
            size_bytes=self._database_size() + self.text_index.size_bytes(),
            backend=f"embedded ({self.engine.dialect.name} + {self.text_index.name})",
        )

    def _database_size(self) -> int:
        if not self.database_url.startswith("sqlite:///"):
            return 0
        path = Path(self.database_url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def _reason(exc: BaseException) -> str:
    """The database driver's message (first line), without SQLAlchemy's statement and link."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
