"""Index writers take turns: post-processing before waiting crawls; a closed gate sends waiters home."""

from __future__ import annotations

import threading

import pytest

from app.service.gate import GateClosedError, WriterGate
from tests.service.support import wait_until_waiting


def test_priority_waiter_goes_first() -> None:
    gate = WriterGate(exclusive=True)
    order: list[str] = []

    def job(name: str, priority: bool) -> None:
        with gate.turn(priority=priority):
            order.append(name)

    with gate.turn():
        crawl = threading.Thread(target=job, args=("crawl", False))
        crawl.start()
        wait_until_waiting(gate, 1)
        postprocess = threading.Thread(target=job, args=("postprocess", True))
        postprocess.start()
        wait_until_waiting(gate, 2)
    crawl.join()
    postprocess.join()
    assert order == ["postprocess", "crawl"]


def test_closing_the_gate_wakes_waiters_with_an_error() -> None:
    gate = WriterGate(exclusive=True)
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with gate.turn():
                pass
        except GateClosedError as exc:
            errors.append(exc)

    with gate.turn():
        waiter = threading.Thread(target=job)
        waiter.start()
        wait_until_waiting(gate, 1)
        gate.close()
        waiter.join()
    assert len(errors) == 1
    with pytest.raises(GateClosedError), gate.turn():
        pass


def test_an_open_gate_lets_everyone_in() -> None:
    gate = WriterGate(exclusive=False)
    with gate.turn(), gate.turn(priority=True):
        assert gate.waiting == 0


def test_a_flushing_batch_still_gets_its_turn_after_the_gate_closed() -> None:
    gate = WriterGate(exclusive=True)
    order: list[str] = []

    def flush() -> None:
        with gate.turn(flushing=True):
            order.append("flushed")

    with gate.turn():
        flusher = threading.Thread(target=flush)
        flusher.start()
        wait_until_waiting(gate, 1)
        gate.close()
        order.append("holder done")
    flusher.join()
    assert order == ["holder done", "flushed"]
    assert gate.closed
    with pytest.raises(GateClosedError), gate.turn():
        pass
