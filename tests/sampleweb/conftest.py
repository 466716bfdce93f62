"""Fixtures: a started sample web (clock frozen at the scenario start) and an httpx client bound to it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.sampleweb import SampleWeb
from app.sampleweb.testing import running_sample_web


@pytest.fixture
def sample_web() -> Iterator[SampleWeb]:
    with running_sample_web() as web:
        yield web


@pytest.fixture
def client(sample_web: SampleWeb) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sample_web.base_url, timeout=10) as http:
        yield http
