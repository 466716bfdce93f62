"""Session-wide test set-up.

The segmenter is process-wide state: the app installs the configured one (shipped dictionary plus the
topic keywords) when it opens a store. Install the default configuration's segmenter once at the
start so every test sees the same tokens whatever ran before it in the same worker.
"""

from __future__ import annotations

import pytest

from app.wiring import configure_segmenter
from config import load_settings


@pytest.fixture(scope="session", autouse=True)
def configured_segmenter() -> None:
    configure_segmenter(load_settings(None))
