"""Helpers for tests in any package: a started sample web with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from app.sampleweb.clock import SCENARIO_START, SampleClock
from app.sampleweb.server import SampleWeb


@contextmanager
def running_sample_web(start: datetime = SCENARIO_START, speed: float = 0.0) -> Iterator[SampleWeb]:
    """A started ``SampleWeb`` on 127.0.0.1 (free port); the clock is frozen at ``start`` unless ``speed`` > 0.

    Example pytest fixture::

        @pytest.fixture
        def sample_web() -> Iterator[SampleWeb]:
            with running_sample_web() as web:
                yield web
    """
    with SampleWeb(clock=SampleClock(start=start, speed=speed)) as web:
        yield web
