"""Crawl state on a real SQLite file: seen ids, HTTP validators, health."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawlers.errors import CrawlStateError
from crawlers.health import HealthStatus, SourceHealth
from crawlers.state import CrawlState, Validators


@pytest.fixture
def state(tmp_path: Path) -> Iterator[CrawlState]:
    with CrawlState(f"sqlite:///{tmp_path / 'sub' / 'q.db'}") as opened:
        yield opened


def test_seen_ids_per_source(state: CrawlState) -> None:
    assert state.mark_seen("a", ["1", "2", "2"]) == 2
    assert state.mark_seen("a", ["2", "3"]) == 1
    assert state.seen_ids("a", ["1", "3", "4"]) == {"1", "3"}
    assert state.seen_ids("b", ["1"]) == set()
    assert state.seen_count("a") == 3


def test_many_ids_at_once(state: CrawlState) -> None:
    ids = [str(i) for i in range(1500)]
    state.mark_seen("a", ids)
    assert state.seen_ids("a", [*ids, "x"]) == set(ids)


def test_validators_are_replaced(state: CrawlState) -> None:
    state.save_validators({"http://x/1": Validators('"e1"', "Fri, 20 Nov 2026 01:00:00 GMT")})
    state.save_validators({"http://x/1": Validators('"e2"', None), "http://x/2": Validators(None, "d")})
    assert state.validators(["http://x/1", "http://x/2", "http://x/3"]) == {
        "http://x/1": Validators('"e2"', None),
        "http://x/2": Validators(None, "d"),
    }


def test_health_round_trip(state: CrawlState) -> None:
    when = datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC)
    health = SourceHealth(
        source="s",
        status=HealthStatus.DEGRADED,
        status_reason="login_wall",
        status_since=when,
        errors={"blocked:login_wall": 1},
        usual_rate_per_h=1.5,
        interval_s=600,
        next_due_at=when,
    )
    state.save_health(health)
    state.save_health(health)
    assert state.health("s") == health
    assert state.all_health() == [health]
    assert state.health("other") is None


def test_health_times_in_another_zone_keep_their_instant(state: CrawlState) -> None:
    shanghai = timezone(timedelta(hours=8))
    when = datetime(2026, 11, 20, 9, 2, 3, tzinfo=shanghai)
    state.save_health(SourceHealth(source="s", status_since=when, next_due_at=when))
    stored = state.health("s")
    assert stored is not None
    assert stored.status_since == when and stored.next_due_at == when  # same instant
    assert stored.next_due_at is not None and stored.next_due_at.utcoffset() == timedelta(0)


def test_survives_reopening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    with CrawlState(url) as first:
        first.mark_seen("a", ["1"])
    with CrawlState(url) as second:
        assert second.seen_ids("a", ["1"]) == {"1"}


def test_unusable_database_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CrawlStateError, match="cannot open crawl state"):
        CrawlState(f"sqlite:///{blocker / 'q.db'}").open()
    with pytest.raises(CrawlStateError, match="not open"):
        CrawlState("sqlite://").seen_ids("a", ["1"])
