"""The baseline of the search benchmark: the same search as a plain ``LIKE '%term%'`` scan in SQL.

It does the same work as the engines, on the store of record's own SQLite file: the matching
documents of the date window into a temporary table (one scan), the total, the day / source /
sentiment counts, the 20 newest hits with their title and text, highlighted and snippeted with the
same functions the store uses. No relevance ranking (LIKE has none): newest first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from indexer.highlight import highlight, snippet

Groups = Sequence[Sequence[str]]  # AND of ORs of plain terms

_FACETS = {
    "day": "date(published_at, '+8 hours')",
    "source": "source",
    "sentiment": "sentiment",
}


def sql_datetime(value: datetime) -> str:
    """How the store of record writes a datetime in SQLite (naive UTC, SQLAlchemy's format)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def like_escape(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def where_clause(groups: Groups) -> tuple[str, list[str]]:
    """``(title LIKE ? OR text LIKE ? OR ...) AND (...)`` with its parameters."""
    clauses, params = [], []
    for group in groups:
        ors = []
        for term in group:
            ors.append("title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\'")
            params += [like_escape(term)] * 2
        clauses.append("(" + " OR ".join(ors) + ")")
    return " AND ".join(clauses), params


class LikeScan:
    """Read-only connection to the store's SQLite file; :meth:`search` returns (total, hits, facets)."""

    def __init__(self, database: Path, limit: int = 20) -> None:
        self.database = database
        self.limit = limit
        self._conn: sqlite3.Connection | None = None

    def open(self) -> None:
        self._conn = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        self._conn.execute("PRAGMA temp_store=MEMORY")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def search(self, groups: Groups, since: datetime) -> tuple[int, list[tuple[str, str]], dict[str, int]]:
        """Total, the newest hits as (title_html, snippet_html), and the number of facet buckets."""
        conn = self._db()
        where, params = where_clause(groups)
        conn.execute("DROP TABLE IF EXISTS temp.hits")
        conn.execute(
            "CREATE TEMP TABLE hits AS SELECT id, published_at, source, sentiment FROM documents "
            f"WHERE published_at >= ? AND {where}",
            [sql_datetime(since), *params],
        )
        total = int(conn.execute("SELECT count(*) FROM temp.hits").fetchone()[0])
        facets = {
            name: len(conn.execute(f"SELECT {expr}, count(*) FROM temp.hits GROUP BY 1").fetchall())
            for name, expr in _FACETS.items()
        }
        rows = conn.execute(
            "SELECT d.title, d.text FROM temp.hits h JOIN documents d ON d.id = h.id "
            "ORDER BY h.published_at DESC LIMIT ?",
            (self.limit,),
        ).fetchall()
        terms = [term for group in groups for term in group]
        hits = [(highlight(title, terms), snippet(text, terms)) for title, text in rows]
        return total, hits, facets

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("LikeScan is not open")
        return self._conn
