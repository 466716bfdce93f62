"""One crawl of one source in its own process (Scrapy's reactor cannot restart inside the service).

``qingshan crawl SOURCE --once --quiet`` runs through :mod:`app.service.crawl_child`, so the crawl stops
when the service dies. A crawl running past its timeout gets SIGTERM (its pipeline flushes), then SIGKILL.

Each crawl runs in its own process group, and whatever is left of that group when the crawl has exited
is killed: a crawl that died abruptly (SIGKILL, or SIGTERM before Scrapy handles it) leaves its extraction
pool's processes (a multiprocessing forkserver and its workers) behind otherwise. Its stderr goes to a
temporary file, not a pipe, so such leftovers can never keep the service waiting.

Given a ``write_turn``, the crawl holds the writers' turn only while it writes a batch: it asks for it over
a pair of pipes, served by a thread of the service (:mod:`app.service.write_turns`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from app.service.write_turns import WriteTurn, serve_turns, turn_pipes
from config import Settings

logger = logging.getLogger(__name__)

STDERR_TAIL = 2000
KILL_GRACE_S = 30.0


@dataclass(frozen=True)
class CrawlRun:
    """How a crawl process ended."""

    source_id: str
    returncode: int | None
    timed_out: bool
    stopped: bool  # the service asked it to stop (drain)
    stderr_tail: str
    duration_s: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def error(self) -> str:
        """A one-paragraph reason for a failed run."""
        if self.timed_out:
            return f"crawl of {self.source_id} timed out after {self.duration_s:.0f} s"
        lines = [line for line in self.stderr_tail.splitlines() if line.strip()]
        detail = lines[-1] if lines else "no output"
        return f"crawl of {self.source_id} exited with status {self.returncode}: {detail}"


class CrawlProcesses:
    """Starts crawl processes and keeps track of them so a stopping service can stop them too."""

    def __init__(
        self, config_dir: Path | None, *, timeout_s: float, kill_grace_s: float = KILL_GRACE_S
    ) -> None:
        self.config_dir = config_dir
        self.timeout_s = timeout_s
        self.kill_grace_s = kill_grace_s
        self._running: dict[int, subprocess.Popen[bytes]] = {}
        self._stopping = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> CrawlProcesses:
        return cls(settings.config_dir, timeout_s=settings.schedule.crawl_timeout_s)

    def command(self, source_id: str, turn_fds: tuple[int, int] | None = None) -> list[str]:
        config = ["--config", str(self.config_dir)] if self.config_dir is not None else []
        turns = ["--write-turn", f"{turn_fds[0]},{turn_fds[1]}"] if turn_fds is not None else []
        child = [sys.executable, "-m", "app.service.crawl_child", str(os.getpid())]
        return [*child, *config, *turns, "crawl", source_id, "--once", "--quiet"]

    def run(self, source_id: str, write_turn: WriteTurn | None = None) -> CrawlRun:
        """Crawl ``source_id`` once and wait for it (at most the timeout, plus the grace to stop).

        ``write_turn``: the crawl asks for it for each batch it writes (otherwise it needs none)."""
        if write_turn is None:
            return self._run(source_id, None)
        (requests, grants), crawl_ends = turn_pipes()
        server = threading.Thread(
            target=serve_turns,
            args=(requests, grants, write_turn, source_id),
            name=f"qingshan-turns-{source_id}",
            daemon=True,
        )
        server.start()
        try:
            return self._run(source_id, crawl_ends)
        finally:
            server.join()  # the crawl (and its group) is gone: the server read the end of the pipe
            os.close(requests)
            os.close(grants)

    def _run(self, source_id: str, turn_fds: tuple[int, int] | None) -> CrawlRun:
        started = time.monotonic()
        with contextlib.ExitStack() as stack:
            try:  # the crawl's ends are closed here whatever fails: the turn server waits for their end
                stderr = stack.enter_context(tempfile.TemporaryFile())
                process = subprocess.Popen(
                    self.command(source_id, turn_fds),
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    start_new_session=True,
                    pass_fds=turn_fds or (),
                )
            finally:
                for fd in turn_fds or ():  # the crawl's ends: only the crawl holds them now
                    os.close(fd)
            with self._lock:
                self._running[process.pid] = process
                stopping = self._stopping
            if stopping:
                process.terminate()
            try:
                timed_out = self._wait(process)
            finally:
                _kill_group(process)  # leftovers of the crawl (its extraction pool), if any
                with self._lock:
                    self._running.pop(process.pid, None)
            return CrawlRun(
                source_id=source_id,
                returncode=process.returncode,
                timed_out=timed_out,
                stopped=self._stopping,
                stderr_tail=_tail(stderr),
                duration_s=time.monotonic() - started,
            )

    def _wait(self, process: subprocess.Popen[bytes]) -> bool:
        """Wait for the crawl to exit; True if it ran past the timeout (and was stopped)."""
        try:
            process.wait(timeout=self.timeout_s)
            return False
        except subprocess.TimeoutExpired:
            logger.warning("crawl process %d ran past %.0f s: stopping it", process.pid, self.timeout_s)
            process.terminate()
        try:
            process.wait(timeout=self.kill_grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return True

    def stop_all(self) -> int:
        """SIGTERM every running crawl (they flush and exit); later ones are stopped at start."""
        with self._lock:
            self._stopping = True
            running = list(self._running.values())
        for process in running:
            _signal(process, signal.SIGTERM)
        return len(running)

    def kill_all(self) -> None:
        with self._lock:
            running = list(self._running.values())
        for process in running:
            _kill_group(process)


def _signal(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signum)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the crawl's process group (the crawl itself, if still running, and what it started)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _tail(stderr: IO[bytes]) -> str:
    """The end of the crawl's stderr."""
    size = stderr.seek(0, os.SEEK_END)
    stderr.seek(max(0, size - 4 * STDERR_TAIL))
    return stderr.read().decode("utf-8", errors="replace")[-STDERR_TAIL:]
