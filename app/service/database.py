"""The service's connection to the database of record: one engine, its tables created on open.

SQLite files get WAL and a long busy timeout (crawl processes write the same file); every database
error surfaces as :class:`ServiceDatabaseError` naming the database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from app.service.errors import ServiceDatabaseError
from app.service.tables import metadata
from config.sql import make_engine

logger = logging.getLogger(__name__)


class ServiceDatabase:
    """The service tables in the database at ``url``; ``open()`` before use, ``close()`` after."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    def open(self) -> None:
        try:
            engine = make_engine(self.url)
            metadata.create_all(engine)
        except (SQLAlchemyError, OSError) as exc:
            raise ServiceDatabaseError(
                f"cannot open the service tables at {self.url}: {_reason(exc)}"
            ) from exc
        self._engine = engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> ServiceDatabase:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise ServiceDatabaseError("the service database is not open: call open() first")
        return self._engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction (committed on success)."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise ServiceDatabaseError(f"service database {self.url}: {exc}") from exc

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise ServiceDatabaseError(f"service database {self.url}: {exc}") from exc


def _reason(exc: BaseException) -> str:
    """The database driver's message (first line), without SQLAlchemy's statement and link."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
