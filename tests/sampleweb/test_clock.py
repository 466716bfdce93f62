"""SampleClock: speed, set, advance, and time-zone handling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.sampleweb import SCENARIO_START, SampleClock


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        return self.value


def test_frozen_clock_stays_put() -> None:
    ticks = FakeMonotonic()
    clock = SampleClock(speed=0, monotonic=ticks)
    ticks.value += 3600
    assert clock.now() == SCENARIO_START


def test_speed_is_scenario_minutes_per_real_second() -> None:
    ticks = FakeMonotonic()
    clock = SampleClock(speed=20, monotonic=ticks)
    ticks.value += 3
    assert clock.now() == SCENARIO_START + timedelta(minutes=60)


def test_set_advance_and_speed_change_keep_continuity() -> None:
    ticks = FakeMonotonic()
    clock = SampleClock(speed=10, monotonic=ticks)
    clock.set(datetime(2026, 11, 21, 0, 0, tzinfo=UTC))
    assert clock.now().utcoffset() == timedelta(hours=8)
    assert clock.now().hour == 8
    clock.advance(timedelta(hours=2))
    ticks.value += 6  # 60 scenario minutes at speed 10
    assert clock.now() == datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
    clock.set_speed(0)
    ticks.value += 1000
    assert clock.now() == datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def test_naive_times_and_negative_speed_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SampleClock(start=datetime(2026, 11, 20, 8, 0))
    with pytest.raises(ValueError, match=">= 0"):
        SampleClock(speed=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        SampleClock().set(datetime(2026, 11, 20, 8, 0))
