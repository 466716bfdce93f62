"""The console at the end of the demo: a demo account (`qingshan users add`), `qingshan serve` as a
subprocess, and a real login over HTTP that opens the pages the story filled."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.demo_support import Cli, StepError, console, current_step, tail

DEMO_USER = "demo"
_TOKEN = re.compile(r'name="(?:csrf_token|login_token)" value="([^"]+)"')


def create_demo_user(cli: Cli) -> str:
    """An admin account ``demo`` with a fresh random password (returned, to be printed)."""
    password = secrets.token_urlsafe(12)
    cli.run(
        "users", "add", DEMO_USER, "--role", "admin", "--name", "演示管理员", "--password-stdin",
        stdin=password + "\n",
    )  # fmt: skip
    return password


@dataclass(frozen=True)
class PageCheck:
    path: str
    status: int
    found: bool  # the expected text is on the page


class ConsoleServer:
    """``qingshan serve`` on the configured port, logged to a file."""

    def __init__(self, cli: Cli, port: int, log: Path) -> None:
        self.cli = cli
        self.port = port
        self.log_path = log
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 60.0) -> None:
        console.print(f"[dim]$ {self.cli.command_line('serve')} &   (log: {self.log_path})[/]")
        with self.log_path.open("a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app", "serve"],
                env=self.cli.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise StepError(
                    current_step(), f"`qingshan serve` exited with {self.process.returncode}", self.log()
                )
            try:
                if httpx.get(f"{self.url}/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise StepError(
                    current_step(), f"the console did not answer at {self.url} in {timeout:.0f} s", self.log()
                )
            time.sleep(0.3)

    def log(self) -> str:
        try:
            return tail(self.log_path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return ""

    def check_pages(self, password: str, pages: list[tuple[str, str]]) -> list[PageCheck]:
        """Log in as the demo user and open each (path, expected text)."""
        with httpx.Client(base_url=self.url, timeout=30) as client:
            form = client.get("/login")
            token = _TOKEN.search(form.text)
            data = {
                "username": DEMO_USER,
                "password": password,
                "login_token": token.group(1) if token else "",
            }
            answer = client.post("/login", data=data, follow_redirects=False)
            if answer.status_code not in (302, 303):
                raise StepError(
                    current_step(), f"logging in as {DEMO_USER} answered {answer.status_code}", self.log()
                )
            checks = []
            for path, expected in pages:
                page = client.get(path)
                checks.append(PageCheck(path, page.status_code, expected in page.text))
            return checks

    def wait(self) -> None:
        """Until Ctrl-C (``--serve``)."""
        if self.process is not None:
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
