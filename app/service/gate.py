"""Index writers take turns: the embedded tantivy index accepts one writing process at a time.

Crawl processes (each batch they store, :mod:`app.service.write_turns`) and post-processing both write the
Store. With an exclusive gate they write one at a time, post-processing first when both wait (it is what
turns stored items into alerts). With fts5 or Elasticsearch the gate is open and everything runs side by
side.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from config import Settings


class GateClosedError(Exception):
    """The service is stopping: a job waiting for its turn gives up."""


def writers_are_exclusive(settings: Settings) -> bool:
    """Whether Store writers must take turns (the embedded store with the tantivy engine)."""
    storage = settings.general.storage
    return storage.backend != "elasticsearch" and storage.engine != "fts5"


class WriterGate:
    """One holder at a time when ``exclusive``; priority waiters go before the others."""

    def __init__(self, *, exclusive: bool) -> None:
        self.exclusive = exclusive
        self._condition = threading.Condition()
        self._busy = False
        self._priority_waiting = 0
        self._waiting = 0
        self._closed = False

    @property
    def waiting(self) -> int:
        """Jobs waiting for their turn."""
        with self._condition:
            return self._waiting

    @property
    def closed(self) -> bool:
        with self._condition:
            return self._closed

    @contextmanager
    def turn(self, *, priority: bool = False, flushing: bool = False) -> Iterator[None]:
        """Wait for the turn (raises :class:`GateClosedError` once the gate is closed), hold it inside.

        ``flushing``: a running crawl's batch, still let in after :meth:`close` (the crawl was told to
        stop and flushes what it has)."""
        if not self.exclusive:
            yield
            return
        self._acquire(priority, flushing)
        try:
            yield
        finally:
            with self._condition:
                self._busy = False
                self._condition.notify_all()

    def close(self) -> None:
        """Wake every waiter with :class:`GateClosedError` (but a flushing crawl's batch); the current
        holder finishes."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def _acquire(self, priority: bool, flushing: bool) -> None:
        with self._condition:
            self._waiting += 1
            if priority:
                self._priority_waiting += 1
            try:
                while True:
                    if self._closed and not flushing:
                        raise GateClosedError("the service is stopping")
                    if not self._busy and (priority or not self._priority_waiting):
                        break
                    self._condition.wait()
                self._busy = True
            finally:
                self._waiting -= 1
                if priority:
                    self._priority_waiting -= 1
