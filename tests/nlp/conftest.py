"""Fixtures for the NLP tests: the third-party data directory (tests needing it are marked shared_data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import load_settings


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``settings.data_dir`` (``../shared/data``); skips the test when the corpora are not there."""
    path = load_settings().data_dir
    if not path.is_dir():
        path = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"third-party corpora not found at {path} (see ../shared/data/README.md)")
    return path
