"""Fixtures shared by the service tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings, load_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shipped settings with a home of its own in ``tmp_path``."""
    (tmp_path / "settings.yaml").write_text(f"home: {tmp_path / 'var'}\n", encoding="utf-8")
    return load_settings(tmp_path)
