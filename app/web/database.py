"""The console's connection to the database of record: creates its tables and seeds the roles."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError

from app.web.errors import UserStoreError
from app.web.roles import Role
from app.web.tables import metadata, roles
from indexer.sqlite_store import make_engine

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    """Now as stored: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_db(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class WebDatabase:
    """The web tables in the database at ``url``; ``open()`` creates them (idempotent)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    def open(self) -> None:
        try:
            engine = make_engine(self.url)
            metadata.create_all(engine)
            with engine.begin() as conn:
                self._seed_roles(conn)
        except (SQLAlchemyError, OSError) as exc:
            raise UserStoreError(f"无法打开用户数据库：{exc}") from exc
        self._engine = engine

    @staticmethod
    def _seed_roles(conn: Connection) -> None:
        present = set(conn.execute(select(roles.c.name)).scalars())
        missing = [{"name": role.value, "label": role.label_zh} for role in Role if role.value not in present]
        if missing:
            conn.execute(roles.insert(), missing)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise UserStoreError("用户数据库尚未打开。")
        return self._engine

    @contextmanager
    def connect(self, *, write: bool = False) -> Iterator[Connection]:
        """A connection (a transaction when ``write``); database errors become UserStoreError."""
        try:
            with self.engine.begin() if write else self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            logger.error("web database %s: %s", self.url, exc)
            raise UserStoreError("用户数据库读写失败，请稍后再试。") from exc
