"""One service per database: a lease row in ``service_lock`` refreshed by a heartbeat.

A service takes the lock when no row exists, when the holder stopped cleanly, when the holder's heartbeat
is older than the lease, or at once when the holder ran on this host and its process is gone (``kill -9``).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from app.service.database import ServiceDatabase
from app.service.errors import ServiceLockedError
from app.service.tables import service_lock

logger = logging.getLogger(__name__)

LOCK_NAME = "service"


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) the service lock."""

    token: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    stopped_at: datetime | None

    def running(self, now: datetime, lease: timedelta) -> bool:
        """Whether this holder still counts as a running service."""
        if self.stopped_at is not None or now - self.heartbeat_at > lease:
            return False
        return self.host != socket.gethostname() or process_alive(self.pid)


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class InstanceLock:
    """The single-instance lease (see the module docstring)."""

    def __init__(
        self, database: ServiceDatabase, *, lease: timedelta, pid: int | None = None, host: str | None = None
    ) -> None:
        self.database = database
        self.lease = lease
        self.token = uuid.uuid4().hex
        self.host = host or socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()

    def acquire(self, now: datetime) -> None:
        """Take the lock or raise :class:`ServiceLockedError` naming the holder."""
        holder = self.holder()
        other = holder is not None and holder.token != self.token and holder.pid != self.pid
        if other and holder is not None and holder.running(now, self.lease):
            raise ServiceLockedError(_locked_message(holder, now))
        values = {
            "token": self.token,
            "host": self.host,
            "pid": self.pid,
            "started_at": now,
            "heartbeat_at": now,
            "stopped_at": None,
        }
        try:
            with self.database.begin() as connection:
                if holder is None:
                    connection.execute(insert(service_lock).values(name=LOCK_NAME, **values))
                    return
                taken = connection.execute(
                    update(service_lock)
                    .where(service_lock.c.name == LOCK_NAME, service_lock.c.token == holder.token)
                    .values(values)
                ).rowcount
        except IntegrityError as exc:
            raise ServiceLockedError("another qingshan service started at the same moment") from exc
        if not taken:
            raise ServiceLockedError("another qingshan service took the lock at the same moment")
        if holder.stopped_at is None:
            logger.warning(
                "took over the service lock of pid %d on %s (gone or silent)", holder.pid, holder.host
            )

    def heartbeat(self, now: datetime) -> None:
        """Refresh the lease; raises :class:`ServiceLockedError` if another service took it meanwhile."""
        with self.database.begin() as connection:
            kept = connection.execute(
                update(service_lock)
                .where(service_lock.c.name == LOCK_NAME, service_lock.c.token == self.token)
                .values(heartbeat_at=now)
            ).rowcount
        if not kept:
            raise ServiceLockedError("the service lock was taken over by another service")

    def release(self, now: datetime) -> None:
        with self.database.begin() as connection:
            connection.execute(
                update(service_lock)
                .where(service_lock.c.name == LOCK_NAME, service_lock.c.token == self.token)
                .values(stopped_at=now, heartbeat_at=now)
            )

    def holder(self) -> LockHolder | None:
        with self.database.connect() as connection:
            row = connection.execute(select(service_lock).where(service_lock.c.name == LOCK_NAME)).first()
        if row is None:
            return None
        return LockHolder(
            token=row.token,
            host=row.host,
            pid=row.pid,
            started_at=row.started_at,
            heartbeat_at=row.heartbeat_at,
            stopped_at=row.stopped_at,
        )


def _locked_message(holder: LockHolder, now: datetime) -> str:
    age = int((now - holder.heartbeat_at).total_seconds())
    return (
        f"another qingshan service runs on this database (pid {holder.pid} on {holder.host}, "
        f"last heartbeat {age} s ago); stop it first (SIGTERM), or wait until its lock expires"
    )
