"""Login rate limiting: failed attempts per user name and per client address in a sliding window.

The failures live in the database of record (``web_login_failures``), so every worker process of
``qingshan serve --workers N`` counts the same attempts: an attacker gets the configured number of
guesses, not N times it. argon2's cost slows guessing further.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import delete, func, insert, select

from app.web.database import WebDatabase
from app.web.errors import LoginThrottled
from app.web.tables import login_failures

PRUNE_EVERY_S = 300.0  # old failures are deleted at most this often (per process)


class LoginThrottle:
    """At most ``max_failures`` failed logins per user name and ``max_per_address`` per client address
    within ``window_s`` seconds, counted in ``database``."""

    def __init__(
        self,
        database: WebDatabase,
        max_failures: int,
        window_s: float,
        *,
        max_per_address: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.database = database
        self.max_failures = max_failures
        self.max_per_address = max_per_address or max_failures
        self.window_s = window_s
        self.clock = clock
        self._pruned_at = float("-inf")

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()[:64]}", f"addr:{address[:64]}"

    def check(self, *keys: str) -> None:
        """Raise :class:`LoginThrottled` when any key has used up its failures."""
        now = self.clock()
        query = (
            select(login_failures.c.key, func.count(), func.min(login_failures.c.at))
            .where(login_failures.c.key.in_(keys), login_failures.c.at > now - self.window_s)
            .group_by(login_failures.c.key)
        )
        with self.database.connect() as conn:
            rows = conn.execute(query).all()
        waits = [oldest + self.window_s - now for key, count, oldest in rows if count >= self._limit(key)]
        longest = max(waits, default=0.0)
        if longest > 0:
            raise LoginThrottled(int(longest) + 1)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self.database.connect(write=True) as conn:
            conn.execute(insert(login_failures), [{"key": key, "at": now} for key in keys])
            if now - self._pruned_at >= PRUNE_EVERY_S:
                conn.execute(delete(login_failures).where(login_failures.c.at <= now - self.window_s))
                self._pruned_at = now

    def succeeded(self, key: str) -> None:
        with self.database.connect(write=True) as conn:
            conn.execute(delete(login_failures).where(login_failures.c.key == key))

    def _limit(self, key: str) -> int:
        return self.max_per_address if key.startswith("addr:") else self.max_failures
