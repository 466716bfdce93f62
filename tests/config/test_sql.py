"""config.sql.make_engine: every SQLite connection gets the same settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from config.sql import make_engine


def pragma(url: str, name: str, **options: object) -> object:
    engine = make_engine(url, **options)  # type: ignore[arg-type]
    try:
        with engine.connect() as connection:
            return connection.execute(text(f"PRAGMA {name}")).scalar()
    finally:
        engine.dispose()


def test_sqlite_files_get_wal_a_busy_timeout_and_their_directory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'dir' / 'q.db'}"
    assert pragma(url, "journal_mode") == "wal"
    assert pragma(url, "busy_timeout", busy_timeout_s=12.5) == 12_500
    assert pragma(url, "synchronous") == 1  # NORMAL
    assert (tmp_path / "new" / "dir" / "q.db").is_file()


def test_foreign_keys_only_when_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    assert pragma(url, "foreign_keys") == 0
    assert pragma(url, "foreign_keys", foreign_keys=True) == 1


def test_a_missing_directory_is_an_error_when_not_created(tmp_path: Path) -> None:
    with pytest.raises(OperationalError, match="unable to open database file"):
        pragma(f"sqlite:///{tmp_path / 'missing' / 'q.db'}", "journal_mode", create_directory=False)
