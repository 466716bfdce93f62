"""Shared CLI plumbing: load settings and open the store with clear errors instead of tracebacks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

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
