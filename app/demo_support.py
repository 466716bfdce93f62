"""What the demo's steps share: the console, the step error, the real CLI and the real service as
subprocesses, and waiting for a condition with a clear failure."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from rich.console import Console

console = Console(highlight=False)
T = TypeVar("T")
OUTPUT_TAIL = 4000


class StepError(Exception):
    """A demo step failed: which step, what was run and what it said."""

    def __init__(self, step: str, message: str, output: str = "") -> None:
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message
        self.output = output


_current_step = ["start"]


@contextmanager
def step(name: str) -> Iterator[None]:
    """Name the step for errors raised inside it (StepErrors keep their own step)."""
    previous = _current_step[0]
    _current_step[0] = name
    try:
        yield
    except StepError:
        raise
    except Exception as exc:  # any other failure still names the step
        raise StepError(name, f"{type(exc).__name__}: {exc}") from exc
    finally:
        _current_step[0] = previous


def current_step() -> str:
    return _current_step[0]


def tail(text: str, limit: int = OUTPUT_TAIL) -> str:
    return text if len(text) <= limit else "…" + text[-limit:]


class Cli:
    """``python -m app ARGS`` (the ``qingshan`` CLI) against the demo config."""

    def __init__(self, config: Path, log: Path, *, timeout: float = 300.0) -> None:
        self.config = config
        self.log = log
        self.timeout = timeout
        self.env = {**os.environ, "QINGSHAN_CONFIG": str(config), "COLUMNS": "120", "NO_COLOR": "1"}

    def command_line(self, *args: str) -> str:
        return "qingshan " + " ".join(_quote(a) for a in args)

    def run(self, *args: str, show: bool = True, stdin: str | None = None) -> str:
        """Run the command; on success return its stdout (printed when ``show``), else raise StepError."""
        line = self.command_line(*args)
        if show:
            console.print(f"[dim]$ {line}[/]")
        try:
            result = subprocess.run(
                [sys.executable, "-m", "app", *args],
                env=self.env,
                input=stdin,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise StepError(current_step(), f"`{line}` did not finish in {self.timeout:.0f} s") from exc
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"$ {line}\n{result.stdout}{result.stderr}\n")
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise StepError(current_step(), f"`{line}` exited with {result.returncode}", tail(output))
        if show and result.stdout.strip():
            console.print(result.stdout.rstrip(), markup=False, highlight=False)
        return result.stdout


def _quote(arg: str) -> str:
    return f"'{arg}'" if any(c in arg for c in ' |"()') else arg


class ServiceProcess:
    """``qingshan run`` in the background, its output in a log file."""

    def __init__(self, cli: Cli, log: Path, *args: str) -> None:
        self.cli = cli
        self.log_path = log
        self.args = ("run", *args)
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        console.print(f"[dim]$ {self.cli.command_line(*self.args)} &   (log: {self.log_path})[/]")
        with self.log_path.open("a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app", *self.args],
                env=self.cli.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise StepError(
                current_step(),
                f"the service (`{self.cli.command_line(*self.args)}`) exited with {self.process.returncode}",
                tail(self.log()),
            )

    def stop(self, timeout: float = 90.0) -> int | None:
        """SIGTERM (the service drains), SIGKILL if it does not stop in ``timeout``."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def wait_for(
    condition: Callable[[], T | None],
    what: str,
    *,
    timeout: float,
    every: float = 0.5,
    alive: Callable[[], None] | None = None,
    output: Callable[[], str] | None = None,
) -> T:
    """Poll ``condition`` until it returns something truthy; StepError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if alive is not None:
            alive()
        if time.monotonic() > deadline:
            raise StepError(
                current_step(),
                f"gave up after {timeout:.0f} s waiting for {what}",
                tail(output()) if output else "",
            )
        time.sleep(every)


def reap_orphans(config: Path) -> list[int]:
    """Kill processes left behind by the demo's service (crawl helpers whose parent was killed): any
    process still running with this ``QINGSHAN_CONFIG`` in its environment. Returns their ids."""
    marker = f"QINGSHAN_CONFIG={config}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in environment:
            found.append(int(entry.name))
    for pid in found:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    if found:
        console.print(f"[yellow]killed {len(found)} process(es) the service left behind: {found}[/]")
    return found
