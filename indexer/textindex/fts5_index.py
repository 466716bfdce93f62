"""SQLite FTS5 as the full-text engine (the alternative embedded engine; see bench/search_engines.py).

It lives in its own SQLite file beside the store of record: derived data, rebuilt or caught up from
the store like tantivy. Terms are the analysed tokens joined by spaces under ``unicode61`` (not
``trigram``, which cannot find two-character words). Filters and facets are SQL over a side table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

from indexer.fields import tag_token
from indexer.query import to_fts5
from indexer.store import SearchFilters, SearchRequest, SortOrder
from indexer.textindex.base import Analyzer, IndexEntry, TextHits, TextIndex, sort_facet, tag_filters

SCHEMA_VERSION = "2"
_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, text, tags, tokenize='unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS meta (
    rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, published_ms INTEGER NOT NULL,
    source TEXT NOT NULL, sentiment TEXT, topics TEXT NOT NULL, provinces TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS meta_published ON meta(published_ms);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_FACET_SQL = {
    "day": "date(m.published_ms / 1000, 'unixepoch', '+8 hours')",
    "source": "m.source",
    "sentiment": "m.sentiment",
}
_FACET_JSON = {"topic": "m.topics", "province": "m.provinces"}


class Fts5Index(TextIndex):
    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._writes = 0  # commits through this connection (data_version counts only the others')

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.executescript(_SCHEMA)
        version = conn.execute("SELECT value FROM state WHERE key='schema_version'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            conn.executescript("DELETE FROM fts; DELETE FROM meta; DELETE FROM state;")
            conn.execute("INSERT INTO state VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        self._conn = conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def high_water(self) -> int:
        row = self._db().execute("SELECT value FROM state WHERE key='high_water'").fetchone()
        return int(row[0]) if row else 0

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))

    def generation(self) -> tuple[int, int]:
        """SQLite's ``data_version`` (changes with every commit by another connection or process)
        and this connection's own writes."""
        version = self._db().execute("PRAGMA data_version").fetchone()[0]
        return int(version), self._writes

    def write(
        self, entries: Sequence[IndexEntry], deleted_ids: Sequence[str] = (), *, commit: bool = True
    ) -> None:
        """Each write is one SQLite transaction (cheap here), whatever ``commit`` says."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            for doc_id in [*deleted_ids, *(e.doc_id for e in entries)]:
                self._delete(db, doc_id)
            for entry in entries:
                self._insert(db, entry)
            if entries:
                top = max(self.high_water(), *(e.seq for e in entries))
                db.execute("INSERT OR REPLACE INTO state VALUES ('high_water', ?)", (str(top),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            self._writes += 1

    def commit(self) -> None:
        """Nothing to do: every write is already committed."""

    def clear(self) -> None:
        self._db().executescript(
            "DELETE FROM fts; DELETE FROM meta; DELETE FROM state WHERE key='high_water';"
        )
        self._writes += 1

    @staticmethod
    def _delete(db: sqlite3.Connection, doc_id: str) -> None:
        row = db.execute("SELECT rowid FROM meta WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            db.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            db.execute("DELETE FROM meta WHERE rowid = ?", (row[0],))

    @staticmethod
    def _insert(db: sqlite3.Connection, entry: IndexEntry) -> None:
        cursor = db.execute(
            "INSERT INTO meta (doc_id, published_ms, source, sentiment, topics, provinces) VALUES (?,?,?,?,?,?)",
            (
                entry.doc_id,
                round(entry.published_at.astimezone(UTC).timestamp() * 1000),
                entry.source,
                entry.sentiment,
                json.dumps(entry.topics, ensure_ascii=False),
                json.dumps(entry.provinces),
            ),
        )
        db.execute(
            "INSERT INTO fts (rowid, title, text, tags) VALUES (?,?,?,?)",
            (cursor.lastrowid, entry.title_terms, entry.text_terms, " ".join(entry.tags)),
        )

    def search(self, node: object, analyzer: Analyzer, request: SearchRequest) -> TextHits:
        where, params = self._where(to_fts5(node, analyzer), request.filters)  # type: ignore[arg-type]
        base = f"FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE {where}"
        db = self._db()
        total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
        order = "m.published_ms DESC, m.doc_id" if request.sort is SortOrder.TIME else "bm25(fts), m.doc_id"
        rows = db.execute(
            f"SELECT m.doc_id, -bm25(fts) {base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, request.limit, request.offset],
        ).fetchall()
        scores: list[float | None] = [None if request.sort is SortOrder.TIME else float(r[1]) for r in rows]
        hits = TextHits(total=total, ids=[r[0] for r in rows], scores=scores)
        if request.facets:
            hits.facets = {
                name: sort_facet(name, self._facet(base, params, name)) if total else []
                for name in request.facets
            }
        return hits

    def _where(self, match: str, filters: SearchFilters) -> tuple[str, list[Any]]:
        clauses = [match]
        for field, values in tag_filters(filters):
            clauses.append("(" + " OR ".join(f'tags : "{tag_token(field, v)}"' for v in values) + ")")
        sql = ["fts MATCH ?"]
        params: list[Any] = [" AND ".join(f"({c})" for c in clauses)]
        if filters.since is not None:
            sql.append("m.published_ms >= ?")
            params.append(round(filters.since.timestamp() * 1000))
        if filters.until is not None:
            sql.append("m.published_ms < ?")
            params.append(round(filters.until.timestamp() * 1000))
        return " AND ".join(sql), params

    def _facet(self, base: str, params: list[Any], name: str) -> dict[str, int]:
        if name in _FACET_SQL:
            expr = _FACET_SQL[name]
            sql = f"SELECT {expr} AS k, count(*) {base} AND {expr} IS NOT NULL GROUP BY k"
        else:
            sql = f"SELECT j.value AS k, count(*) {base.replace('WHERE', f', json_each({_FACET_JSON[name]}) j WHERE', 1)} GROUP BY k"
        return {str(k): int(c) for k, c in self._db().execute(sql, params).fetchall() if k not in (None, "")}

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("Fts5Index is not open")
        return self._conn
