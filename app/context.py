"""Shared CLI plumbing: load settings and open the store with clear errors instead of tracebacks."""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy.exc import SQLAlchemyError

from app.wiring import open_store
from config import ConfigError, Settings, load_settings
from indexer.errors import IndexerError
from indexer.store import Store


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def load_settings_or_exit(config_dir: Path | None) -> Settings:
    try:
        return load_settings(config_dir)
    except ConfigError as exc:
        fail(str(exc))


def open_store_or_exit(settings: Settings, *, read_only: bool = False) -> Store:
    try:
        return open_store(settings, read_only=read_only)
    except IndexerError as exc:
        fail(str(exc))


# Errors of the file system under the database, the indices or the archives: said plainly, no traceback.
_DISK_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EDQUOT, errno.EIO}


def storage_error_message(exc: BaseException) -> str:
    """One line for a database or disk error, with what to check."""
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    lowered = reason.lower()
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        hint = "the database or its directory is not writable: check permissions and mounts"
    elif "full" in lowered or "i/o error" in lowered or "no space" in lowered or "too large" in lowered:
        hint = "the disk may be full"
    else:
        hint = "check the database and the disk"
    return f"storage error: {reason} ({hint})"


@contextmanager
def storage_errors_exit() -> Iterator[None]:
    """Last resort around a command: a database or disk error ends it with a one-line reason (exit 2)."""
    try:
        yield
    except (SQLAlchemyError, IndexerError) as exc:
        fail(storage_error_message(exc) if isinstance(exc, SQLAlchemyError) else str(exc))
    except OSError as exc:
        if exc.errno not in _DISK_ERRNOS:
            raise
        fail(f"storage error: {exc.strerror}: {exc.filename or ''} (check permissions and free space)")
