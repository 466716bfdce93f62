"""``python -m app.sampleweb`` serves until stopped."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx


def test_module_serves_on_a_free_port() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "app.sampleweb", "--port", "0", "--speed", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()
            match = re.search(r"sample web at (http://127\.0\.0\.1:\d+)", banner)
            assert match is not None, banner
            clock = httpx.get(f"{match.group(1)}/_control/clock").json()
            assert clock["speed"] == 5.0
        finally:
            process.terminate()
