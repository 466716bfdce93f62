"""The scenario clock: maps real time to scenario time, with a speed factor, and can be set or advanced."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The scenario's reference instant; content times are offsets from it.
SCENARIO_START = datetime(2026, 11, 20, 8, 0, tzinfo=SHANGHAI)


class SampleClock:
    """Scenario time = ``start`` + real seconds elapsed × ``speed`` scenario minutes.

    ``speed`` is scenario minutes per real second (0 = frozen). Thread-safe; ``now()`` is aware (+08:00).
    """

    def __init__(
        self,
        start: datetime = SCENARIO_START,
        speed: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("SampleClock start must be timezone-aware")
        if speed < 0:
            raise ValueError("SampleClock speed must be >= 0")
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._start = start.astimezone(SHANGHAI)
        self._anchor_scenario = self._start
        self._anchor_real = monotonic()
        self._speed = speed

    @property
    def start(self) -> datetime:
        """The scenario time the clock was created at."""
        return self._start

    @property
    def speed(self) -> float:
        """Scenario minutes per real second."""
        with self._lock:
            return self._speed

    def now(self) -> datetime:
        """The current scenario time."""
        with self._lock:
            return self._now_locked()

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (the speed is kept)."""
        if when.tzinfo is None:
            raise ValueError("SampleClock.set needs a timezone-aware datetime")
        with self._lock:
            self._anchor_scenario = when.astimezone(SHANGHAI)
            self._anchor_real = self._monotonic()

    def advance(self, delta: timedelta) -> None:
        """Move scenario time by ``delta`` (may be negative)."""
        with self._lock:
            self._anchor_scenario = self._now_locked() + delta
            self._anchor_real = self._monotonic()

    def set_speed(self, speed: float) -> None:
        """Change the speed from now on, without a jump."""
        if speed < 0:
            raise ValueError("SampleClock speed must be >= 0")
        with self._lock:
            self._anchor_scenario = self._now_locked()
            self._anchor_real = self._monotonic()
            self._speed = speed

    def _now_locked(self) -> datetime:
        elapsed = self._monotonic() - self._anchor_real
        return self._anchor_scenario + timedelta(minutes=elapsed * self._speed)
