"""The alerts database: an engine on the app's database of record, with the alerts tables created."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from alerts.errors import AlertDatabaseError
from alerts.tables import metadata
from indexer.sqlite_store import make_engine

logger = logging.getLogger(__name__)


class AlertDatabase:
    """``open()`` creates the engine and the tables (idempotent); ``close()`` disposes of the engine."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._engine: Engine | None = None

    def open(self) -> None:
        try:
            self._engine = make_engine(self.database_url)
            metadata.create_all(self._engine)
        except SQLAlchemyError as exc:
            raise AlertDatabaseError(
                f"cannot open the alerts database {self.database_url}: {_reason(exc)}"
            ) from exc

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise AlertDatabaseError("the alerts database is not open")
        return self._engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction: committed when the block ends, rolled back on an exception."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read-only use of a connection."""
        with self.engine.connect() as conn:
            yield conn

    def __enter__(self) -> AlertDatabase:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reason(exc: BaseException) -> str:
    """The database driver's message (first line), without SQLAlchemy's statement and link."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
