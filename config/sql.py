"""The one way every package opens its SQL database: SQLAlchemy engines with the same SQLite settings.

State (crawl state, events, alerts, outbox, users, labels, service jobs) and the documents of record all
live in SQL through SQLAlchemy Core. On SQLite — a single file that the service, its crawl processes
and the web console open at the same time — every connection gets WAL (readers never block the writer),
``synchronous=NORMAL`` (durable at each checkpoint; safe with WAL) and a busy timeout long enough for a
crawl's batch commit. Any other database (PostgreSQL when several workers share one deployment) gets a
pool that checks connections before use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

DEFAULT_BUSY_TIMEOUT_S = 60.0
SQLITE_FILE_PREFIX = "sqlite:///"


def make_engine(
    url: str,
    *,
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    foreign_keys: bool = False,
    create_directory: bool = True,
) -> Engine:
    """An engine for ``url``; a SQLite file's directory is created unless ``create_directory`` is off."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if create_directory and url.startswith(SQLITE_FILE_PREFIX):
        Path(url.removeprefix(SQLITE_FILE_PREFIX)).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_s, "check_same_thread": False})
    pragmas = [
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}",
    ]
    if foreign_keys:
        pragmas.append("PRAGMA foreign_keys=ON")

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    event.listen(engine, "connect", on_connect)
    return engine
