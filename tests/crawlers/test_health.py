"""Health after runs: ok, degraded (blocked or repeated failures), silent; adaptive intervals."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from config.models.sources import HealthSettings
from crawlers.health import HealthStatus, RunOutcome, SourceHealth, apply_run, current_status
from crawlers.polling import IntervalBounds, next_interval

T0 = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
SETTINGS = HealthSettings(failures_to_degrade=3, silent_factor=4.0, silent_min_h=6.0, rate_smoothing=0.5)


def run(
    at: datetime,
    *,
    new: int = 0,
    ok: bool = True,
    errors: dict[str, int] | None = None,
    blocked: str | None = None,
) -> RunOutcome:
    return RunOutcome(
        source="s",
        started_at=at,
        finished_at=at + timedelta(minutes=1),
        pages_fetched=3,
        listings_ok=1 if ok else 0,
        new_items=new,
        errors=Counter(errors or {}),
        blocked=blocked,
    )


def test_a_good_run_is_ok_and_counted() -> None:
    health = apply_run(SourceHealth(source="s"), run(T0, new=4, errors={"http_500": 1}), SETTINGS)
    assert health.status is HealthStatus.OK
    assert (health.pages_fetched, health.new_items, health.errors) == (3, 4, {"http_500": 1})
    assert health.last_success_at == T0 + timedelta(minutes=1)


def test_blocked_degrades_at_once() -> None:
    health = apply_run(SourceHealth(source="s"), run(T0, blocked="login_wall"), SETTINGS)
    assert health.status is HealthStatus.DEGRADED
    assert health.status_reason == "login_wall"
    assert health.status_since == T0


def test_repeated_failures_degrade_since_the_first_failure() -> None:
    health = SourceHealth(source="s")
    for hour in range(3):
        health = apply_run(health, run(T0 + timedelta(hours=hour), ok=False, errors={"timeout": 1}), SETTINGS)
        assert (health.status is HealthStatus.DEGRADED) == (hour == 2)
    assert health.status_reason == "3 failed runs: timeout"
    assert health.status_since == T0
    recovered = apply_run(health, run(T0 + timedelta(hours=4), new=1), SETTINGS)
    assert recovered.status is HealthStatus.OK
    assert recovered.consecutive_failures == 0


def test_silence_is_measured_against_the_usual_rate() -> None:
    health = apply_run(SourceHealth(source="s"), run(T0, new=2), SETTINGS)
    health = apply_run(health, run(T0 + timedelta(hours=1), new=2), SETTINGS)
    assert health.usual_rate_per_h > 1
    last_item = health.last_new_item_at
    quiet = apply_run(health, run(T0 + timedelta(hours=5), new=0), SETTINGS)
    assert quiet.status is HealthStatus.OK
    silent = apply_run(quiet, run(T0 + timedelta(hours=8), new=0), SETTINGS)
    assert silent.status is HealthStatus.SILENT
    assert silent.status_since == last_item


def test_current_status_turns_silent_without_runs() -> None:
    health = apply_run(SourceHealth(source="s"), run(T0, new=1), SETTINGS)
    assert current_status(health, T0 + timedelta(hours=1), SETTINGS)[0] is HealthStatus.OK
    status, reason, since = current_status(health, T0 + timedelta(days=1), SETTINGS)
    assert (status, reason, since) == (HealthStatus.SILENT, "no new items", health.last_new_item_at)
    assert (
        current_status(health, T0 + timedelta(hours=2), SETTINGS, silent_after_h=1)[0] is HealthStatus.SILENT
    )


def test_intervals_adapt_within_bounds() -> None:
    bounds = IntervalBounds(min_s=60, max_s=600)
    assert next_interval(0, new_items=0, failed=False, blocked=False, bounds=bounds) == 90
    assert next_interval(400, new_items=3, failed=False, blocked=False, bounds=bounds) == 200
    assert next_interval(100, new_items=3, failed=False, blocked=False, bounds=bounds) == 60
    assert next_interval(500, new_items=0, failed=False, blocked=False, bounds=bounds) == 600
    assert next_interval(200, new_items=0, failed=True, blocked=False, bounds=bounds) == 400
    assert next_interval(60, new_items=0, failed=False, blocked=True, bounds=bounds) == 600
