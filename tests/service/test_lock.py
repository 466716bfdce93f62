"""The single-instance lock: held by a live service, taken over from a dead or silent one."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.service import ServiceLockedError
from app.service.database import ServiceDatabase
from app.service.lock import InstanceLock

LEASE = timedelta(seconds=60)
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[ServiceDatabase]:
    with ServiceDatabase(f"sqlite:///{tmp_path / 'lock.db'}") as database:
        yield database


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(["sleep", "60"])
    yield process
    process.kill()
    process.wait()


def test_a_live_service_keeps_the_lock(
    database: ServiceDatabase, other_process: subprocess.Popen[bytes]
) -> None:
    InstanceLock(database, lease=LEASE, pid=other_process.pid).acquire(T0)
    with pytest.raises(ServiceLockedError, match=f"pid {other_process.pid}"):
        InstanceLock(database, lease=LEASE).acquire(T0 + timedelta(seconds=5))


def test_the_lock_of_a_killed_service_is_taken_at_once(
    database: ServiceDatabase, other_process: subprocess.Popen[bytes]
) -> None:
    first = InstanceLock(database, lease=LEASE, pid=other_process.pid)
    first.acquire(T0)
    other_process.kill()
    other_process.wait()
    second = InstanceLock(database, lease=LEASE)
    second.acquire(T0 + timedelta(seconds=1))
    holder = second.holder()
    assert holder is not None and holder.token == second.token
    with pytest.raises(ServiceLockedError, match="taken over"):
        first.heartbeat(T0 + timedelta(seconds=2))


def test_a_silent_service_on_another_host_loses_the_lock_after_the_lease(database: ServiceDatabase) -> None:
    remote = InstanceLock(database, lease=LEASE, pid=1, host="elsewhere")
    remote.acquire(T0)
    remote.heartbeat(T0 + timedelta(seconds=30))
    with pytest.raises(ServiceLockedError):
        InstanceLock(database, lease=LEASE).acquire(T0 + timedelta(seconds=60))
    InstanceLock(database, lease=LEASE).acquire(T0 + timedelta(seconds=91))


def test_a_released_lock_is_free(database: ServiceDatabase, other_process: subprocess.Popen[bytes]) -> None:
    first = InstanceLock(database, lease=LEASE, pid=other_process.pid)
    first.acquire(T0)
    first.release(T0 + timedelta(seconds=1))
    holder = first.holder()
    assert holder is not None and not holder.running(T0 + timedelta(seconds=2), LEASE)
    InstanceLock(database, lease=LEASE).acquire(T0 + timedelta(seconds=2))
