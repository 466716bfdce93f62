"""``qingshan users`` and ``qingshan serve`` as an administrator runs them: a temp config directory,
a real SQLite file; real processes for ``serve`` and one ``users`` command (the rest in-process: each
process start costs seconds), and a real HTTP request to the served console."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from app.cli import cli
from tests.web.support import WEB_YAML

QINGSHAN = [sys.executable, "-m", "app"]


def run(config: Path, *args: str, stdin: str | None = None) -> Result:
    """The command in this process (click's runner): exit code, stdout and stderr."""
    return CliRunner().invoke(cli, ["--config", str(config), *args], input=stdin, env={"COLUMNS": "160"})


def run_process(config: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QINGSHAN_CONFIG": str(config), "COLUMNS": "160"}
    return subprocess.run(
        [*QINGSHAN, *args], capture_output=True, text=True, env=env, input=stdin, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cli-web")
    (directory / "settings.yaml").write_text(f"home: {directory / 'var'}\n", encoding="utf-8")
    (directory / "web.yaml").write_text(WEB_YAML, encoding="utf-8")
    return directory


def test_users_add_list_passwd_and_token(config: Path) -> None:
    added = run_process(
        config,
        "users",
        "add",
        "Wang",
        "--role",
        "press",
        "--name",
        "王宣传",
        "--password-stdin",
        stdin="wang-password-1\n",
    )
    assert added.returncode == 0, added.stderr  # registered in the real command line
    assert "added user wang (press)" in added.stdout
    listed = run(config, "users", "list")
    assert "wang" in listed.stdout and "王宣传" in listed.stdout and "press" in listed.stdout
    changed = run(config, "users", "passwd", "wang", "--password-stdin", stdin="wang-password-2\n")
    assert changed.exit_code == 0 and "password of wang changed" in changed.stdout
    token = run(config, "users", "token", "wang", "--name", "OA")
    assert token.exit_code == 0 and token.stdout.startswith("qs_")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("users", "add", "wang", "--role", "press", "--password-stdin"), "another-pass-1\n", "已存在"),
        (("users", "add", "li", "--role", "press", "--password-stdin"), "short\n", "至少需要 10 个字符"),
        (
            ("users", "add", "li", "--role", "root", "--password-stdin"),
            "long-enough-1\n",
            "Invalid value for '--role'",
        ),
        (("users", "passwd", "nobody", "--password-stdin"), "long-enough-1\n", "no user named 'nobody'"),
    ],
)
def test_users_errors_are_reported_without_tracebacks(
    config: Path, args: tuple[str, ...], stdin: str, message: str
) -> None:
    run(config, "users", "add", "wang", "--role", "press", "--password-stdin", stdin="wang-password-1\n")
    result = run(config, *args, stdin=stdin)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(params=[1, 2], ids=["one process", "two workers"])
def serving(config: Path, request: pytest.FixtureRequest) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
    process = subprocess.Popen(
        [*QINGSHAN, "serve", "--port", "0", "--workers", str(request.param)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        yield process, process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_serve_prints_its_address_and_serves_the_console(serving: tuple[subprocess.Popen[str], str]) -> None:
    _, first_line = serving
    assert first_line.startswith("qingshan web console: http://127.0.0.1:")
    url = first_line.split(": ", 1)[1]
    page = httpx.get(url + "login", timeout=30)
    assert page.status_code == 200
    assert "登录" in page.text
    assert httpx.get(url + "search", timeout=30, follow_redirects=False).status_code == 303


def test_serve_reports_a_taken_port(config: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run(config, "serve", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
