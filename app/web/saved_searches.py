"""Saved searches (监测方案) per user: a name, a query in the query language and the form's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select

from app.web.database import WebDatabase, from_db, utc_now
from app.web.errors import InvalidInput
from app.web.tables import saved_searches

MAX_PER_USER = 200
# Every search page lists its user's searches: the statement is built once.
_OF_USER = (
    select(saved_searches)
    .where(saved_searches.c.user_id == bindparam("user_id"))
    .order_by(saved_searches.c.name)
)


@dataclass(frozen=True)
class SavedSearch:
    id: int
    user_id: int
    name: str
    query: str
    params: dict[str, list[str]]  # the search form's parameters other than q
    created_at: datetime


def _saved(row: Row[Any]) -> SavedSearch:
    m = row._mapping
    created = from_db(m["created_at"])
    assert created is not None
    params = {str(k): [str(v) for v in values] for k, values in dict(m["params"]).items()}
    return SavedSearch(m["id"], m["user_id"], m["name"], m["query"], params, created)


class SavedSearchStore:
    """Rows of ``web_saved_searches``; every method is scoped to one user."""

    def __init__(self, database: WebDatabase) -> None:
        self.database = database

    def save(self, user_id: int, name: str, query: str, params: dict[str, list[str]]) -> SavedSearch:
        """Save (or replace, by name) a search of ``user_id``."""
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise InvalidInput("方案名称须为 1–100 个字符。")
        with self.database.connect(write=True) as conn:
            count = conn.execute(
                select(func.count()).select_from(saved_searches).where(saved_searches.c.user_id == user_id)
            ).scalar_one()
            conn.execute(
                saved_searches.delete().where(
                    saved_searches.c.user_id == user_id, saved_searches.c.name == label
                )
            )
            if count >= MAX_PER_USER:
                raise InvalidInput(f"每位用户最多保存 {MAX_PER_USER} 个方案，请先删除不用的方案。")
            values = {
                "user_id": user_id,
                "name": label,
                "query": query,
                "params": params,
                "created_at": utc_now(),
            }
            conn.execute(saved_searches.insert().values(values))
        found = [s for s in self.list(user_id) if s.name == label]
        return found[0]

    def list(self, user_id: int) -> list[SavedSearch]:
        with self.database.connect() as conn:
            return [_saved(row) for row in conn.execute(_OF_USER, {"user_id": user_id})]

    def delete(self, user_id: int, search_id: int) -> bool:
        """Delete one of ``user_id``'s searches; False when there is no such search of theirs."""
        query = saved_searches.delete().where(
            saved_searches.c.user_id == user_id, saved_searches.c.id == search_id
        )
        with self.database.connect(write=True) as conn:
            return bool(conn.execute(query).rowcount)
