"""A crawl process holds the writers' turn only while it writes: it asks the service for it over a pipe.

With the tantivy index (one writing process at a time) the service hands out the turn (its
:class:`~app.service.gate.WriterGate`). A crawl process fetches, extracts and analyses without it; for
each batch it asks (``w``), the service waits for the gate and answers ``g`` (granted) or ``n``
(refused: the service could not give it, an error it logs; a crawl told to stop still gets its last
turns); the crawl opens the store, writes the batch, closes the store and says ``d`` (done). The service post-processes what was stored before it gives the turn to anyone else, so a batch
reaches the alert rules before another crawl writes.

A crawl killed at any point loses nothing: a batch it had not written yet is not marked seen (the next
crawl fetches it again); one it wrote is post-processed when the service reads the end of the pipe (the
crawl's death) instead of ``d``, and opening the store brings the index up to the store of record.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

logger = logging.getLogger(__name__)

WANT, GRANTED, REFUSED, DONE = b"w", b"g", b"n", b"d"

# The service's side of one turn: entered when the crawl asks, left when it is done (or gone).
WriteTurn = Callable[[], AbstractContextManager[None]]


class TurnRefusedError(Exception):
    """The service did not give the writers' turn (it failed to, or it is gone)."""


class TurnClient:
    """In a crawl process: the writers' turn, asked of the service (one thread at a time)."""

    def __init__(self, requests: int, grants: int) -> None:
        self.requests = requests
        self.grants = grants
        for fd in (requests, grants):
            os.set_inheritable(fd, False)  # not for the extraction pool or any other child

    @classmethod
    def parse(cls, value: str) -> TurnClient:
        """From ``REQUESTS_FD,GRANTS_FD`` (the crawl child's ``--write-turn`` option)."""
        requests, grants = (int(part) for part in value.split(","))
        return cls(requests, grants)

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for the turn and hold it inside; raises :class:`TurnRefusedError` if refused."""
        try:
            os.write(self.requests, WANT)
            answer = os.read(self.grants, 1)
        except OSError as exc:
            raise TurnRefusedError(f"the service is gone: {exc}") from exc
        if answer != GRANTED:
            raise TurnRefusedError(
                "the service refused the turn" if answer == REFUSED else "the service is gone"
            )
        try:
            yield
        finally:
            with contextlib.suppress(OSError):  # the service is gone: nothing waits for the answer
                os.write(self.requests, DONE)


def turn_pipes() -> tuple[tuple[int, int], tuple[int, int]]:
    """``(service_ends, crawl_ends)``: (requests read end, grants write end) and (requests write end,
    grants read end)."""
    requests_read, requests_write = os.pipe()
    grants_read, grants_write = os.pipe()
    return (requests_read, grants_write), (requests_write, grants_read)


def serve_turns(requests: int, grants: int, write_turn: WriteTurn, source_id: str) -> None:
    """In the service, for one crawl process: give it the turn each time it asks, until it exits."""
    while _read(requests) == WANT:
        granted = False
        try:
            with write_turn():
                granted = True
                if _send(grants, GRANTED):
                    _read(requests)  # done, or the end of the pipe: the crawl died holding the turn
        except Exception as exc:
            if granted:
                logger.exception("the writers' turn of the crawl of %s ended with an error", source_id)
            else:
                logger.exception("crawl of %s: the writers' turn could not be given (%s)", source_id, exc)
                _send(grants, REFUSED)


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 1)
    except OSError:
        return b""


def _send(fd: int, message: bytes) -> bool:
    try:
        os.write(fd, message)
    except OSError:  # the crawl is gone (EPIPE)
        return False
    return True
