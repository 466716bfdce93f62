"""One crawl of one source in its own process (Scrapy's reactor cannot restart inside the service).

``qingshan crawl SOURCE --once --quiet`` runs through :mod:`app.service.crawl_child`, so the crawl stops
when the service dies. A crawl running past its timeout gets SIGTERM (its pipeline flushes), then SIGKILL.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

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
        self._running: dict[int, subprocess.Popen[str]] = {}
        self._stopping = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> CrawlProcesses:
        return cls(settings.config_dir, timeout_s=settings.schedule.crawl_timeout_s)

    def command(self, source_id: str) -> list[str]:
        config = ["--config", str(self.config_dir)] if self.config_dir is not None else []
        child = [sys.executable, "-m", "app.service.crawl_child", str(os.getpid())]
        return [*child, *config, "crawl", source_id, "--once", "--quiet"]

    def run(self, source_id: str) -> CrawlRun:
        """Crawl ``source_id`` once and wait for it (at most the timeout, plus the grace to stop)."""
        started = time.monotonic()
        process = subprocess.Popen(
            self.command(source_id), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        with self._lock:
            self._running[process.pid] = process
            stopping = self._stopping
        if stopping:
            process.terminate()
        try:
            stderr, timed_out = self._wait(process)
        finally:
            with self._lock:
                self._running.pop(process.pid, None)
        return CrawlRun(
            source_id=source_id,
            returncode=process.returncode,
            timed_out=timed_out,
            stopped=self._stopping,
            stderr_tail=stderr[-STDERR_TAIL:],
            duration_s=time.monotonic() - started,
        )

    def _wait(self, process: subprocess.Popen[str]) -> tuple[str, bool]:
        try:
            _, stderr = process.communicate(timeout=self.timeout_s)
            return stderr or "", False
        except subprocess.TimeoutExpired:
            logger.warning("crawl process %d ran past %.0f s: stopping it", process.pid, self.timeout_s)
            process.terminate()
        try:
            _, stderr = process.communicate(timeout=self.kill_grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
        return stderr or "", True

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
            _signal(process, signal.SIGKILL)


def _signal(process: subprocess.Popen[str], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signum)
