"""A crawl whose process cannot even be started still gives its write-turn pipes back."""

from __future__ import annotations

import contextlib
import tempfile
import threading

import pytest

import app.service.crawl_process
from app.service.crawl_process import CrawlProcesses


def test_a_crawl_that_cannot_start_ends_its_turn_server(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*args: object, **kwargs: object) -> tempfile._TemporaryFileWrapper[bytes]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app.service.crawl_process.tempfile, "TemporaryFile", no_space)
    failures: list[BaseException] = []

    def crawl() -> None:
        try:
            CrawlProcesses(None, timeout_s=5).run("weibo", contextlib.nullcontext)
        except OSError as exc:
            failures.append(exc)

    runner = threading.Thread(target=crawl, daemon=True)
    runner.start()
    runner.join(60)  # a guard, not a timing: before the fix the turn server waited for ever
    assert not runner.is_alive(), "the crawl job hangs: the crawl's pipe ends were left open"
    assert [exc.errno for exc in failures if isinstance(exc, OSError)] == [28]
