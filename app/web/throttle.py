"""Login rate limiting: failed attempts per user name and per client address in a sliding window.

In memory, per process (the console runs as one process); argon2's cost slows guessing further.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from app.web.errors import LoginThrottled

_MAX_KEYS = 50_000


class LoginThrottle:
    """At most ``max_failures`` failed logins per user name and ``max_per_address`` per client address
    within ``window_s`` seconds."""

    def __init__(
        self,
        max_failures: int,
        window_s: float,
        *,
        max_per_address: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.max_per_address = max_per_address or max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()[:64]}", f"addr:{address}"

    def check(self, *keys: str) -> None:
        """Raise :class:`LoginThrottled` when any key has used up its failures."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(key, now) for key in keys]
        longest = max(waits, default=0.0)
        if longest > 0:
            raise LoginThrottled(int(longest) + 1)

    def _wait(self, key: str, now: float) -> float:
        recent = self._recent(key, now)
        limit = self.max_per_address if key.startswith("addr:") else self.max_failures
        if len(recent) < limit:
            return 0.0
        return recent[0] + self.window_s - now

    def _recent(self, key: str, now: float) -> deque[float]:
        attempts = self._failures.get(key, deque())
        while attempts and attempts[0] <= now - self.window_s:
            attempts.popleft()
        return attempts

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= _MAX_KEYS:
                self._prune(now)
            for key in keys:
                attempts = self._recent(key, now)
                attempts.append(now)
                self._failures[key] = attempts

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _prune(self, now: float) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]
        while len(self._failures) >= _MAX_KEYS:
            del self._failures[next(iter(self._failures))]
