"""``auto_workers``: the cores this process may use, at least one, at most MAX_AUTO_WORKERS."""

from __future__ import annotations

import os

import pytest

from config import cpus


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (3, 3), (8, 8), (20, cpus.MAX_AUTO_WORKERS)])
def test_workers_follow_the_affinity_up_to_the_cap(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert cpus.auto_workers() == workers


def test_without_affinity_the_cpu_count_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert cpus.auto_workers() == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert cpus.auto_workers() == 4
