"""``qingshan extract FILE|URL [--json]``: a real process on saved pages and on a loopback HTTP server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli

PAGES = Path(__file__).parent / "fixtures" / "pages"
ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/utf8.html": (200, "text/html; charset=utf-8", (PAGES / "utf8_news.html").read_bytes()),
    "/gbk-lying.html": (200, "text/html; charset=utf-8", (PAGES / "gbk_undeclared.html").read_bytes()),
    "/gbk-plain.html": (200, "text/html", (PAGES / "gbk_undeclared.html").read_bytes()),
    "/gone.html": (404, "text/html", b"<html><body>not found</body></html>"),
    "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    "/feed.xml": (200, "application/xml", b'<?xml version="1.0"?><rss><channel></channel></rss>'),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/utf8.html")
            self.end_headers()
            return
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"no route"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def qingshan(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160"}
    env.pop("QINGSHAN_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", "extract", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def invoke(*args: str, config: Path | None = None) -> tuple[int, str, str]:
    env = {"QINGSHAN_CONFIG": str(config)} if config else {"QINGSHAN_CONFIG": ""}
    result = CliRunner().invoke(cli, ["extract", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_saved_page_as_text() -> None:
    result = qingshan(str(PAGES / "gbk_undeclared.html"))
    assert result.returncode == 0, result.stderr
    assert "title:        市生态环境局部署秋冬季秸秆禁烧工作" in result.stdout
    assert "published at: 2026-11-18 16:05:00+08:00" in result.stdout
    assert "encoding:     gb18030" in result.stdout
    assert "卫星遥感火点核查" in result.stdout


def test_saved_page_as_json_is_exactly_one_object() -> None:
    result = qingshan("--json", str(PAGES / "utf8_news.html"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"title", "text", "published_at", "author", "encoding"} <= set(data)
    assert data["title"] == "青溪河下游出现大量死鱼 区生态环境局已启动调查"
    assert data["published_at"] == "2026-11-20T09:30:00+08:00"
    assert data["author"] == "李明远"
    assert data["encoding"] == "utf-8"
    assert data["text"].startswith("11月19日傍晚")


def test_url_behind_a_lying_header(server: str) -> None:
    result = qingshan("--json", f"{server}/gbk-lying.html")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["encoding"] == "gb18030"
    assert data["title"] == "市生态环境局部署秋冬季秸秆禁烧工作"


def test_missing_file_is_a_clear_error_without_traceback() -> None:
    result = qingshan("/nonexistent/page.html")
    assert result.returncode == 2
    assert "error: no such file: /nonexistent/page.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("path", ["/utf8.html", "/gbk-plain.html", "/moved"])
def test_urls(server: str, path: str) -> None:
    code, out, err = invoke("--json", f"{server}{path}")
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] in (
        "青溪河下游出现大量死鱼 区生态环境局已启动调查",
        "市生态环境局部署秋冬季秸秆禁烧工作",
    )
    assert data["url"].startswith(server)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/gone.html", "HTTP 404"),
        ("/logo.png", "not an HTML page (Content-Type: image/png)"),
        ("/feed.xml", "RSS/Atom feed"),
    ],
)
def test_url_errors(server: str, path: str, message: str) -> None:
    code, out, err = invoke(f"{server}{path}")
    assert code == 2
    assert message in err
    assert out == ""


def test_unreachable_url() -> None:
    with socket_on_free_port() as port:
        pass  # closed again: nothing listens there
    code, _, err = invoke(f"http://127.0.0.1:{port}/")
    assert code == 2
    assert "cannot fetch" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("这只是一段纯文本，没有任何标记。".encode(), "no HTML markup"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not text"),
        (b"", "empty"),
    ],
)
def test_file_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    code, out, err = invoke(str(path))
    assert code == 2
    assert message in err
    assert out == ""


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path))
    assert code == 2
    assert "not a file" in err


def test_source_rules_are_applied(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        """sources:
  - id: qingyuan-daily
    name: 清源日报
    kind: site
    start_urls: ["https://news.example.cn/env/"]
    extraction:
      title: "css:.info::text"
      remove: ["xpath://p[contains(., '截至20日上午')]"]
  - id: some-weibo
    name: 微博
    kind: weibo
""",
        encoding="utf-8",
    )
    code, out, err = invoke(
        "--json", "--source", "qingyuan-daily", str(PAGES / "utf8_news.html"), config=tmp_path
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["title"].startswith("发布时间：2026-11-20 09:30")
    assert "截至20日上午" not in data["text"]
    code, _, err = invoke("--source", "nope", str(PAGES / "utf8_news.html"), config=tmp_path)
    assert code == 2
    assert "unknown source 'nope'" in err
    code, _, err = invoke("--source", "some-weibo", str(PAGES / "utf8_news.html"), config=tmp_path)
    assert code == 2
    assert "no article extraction rules" in err


class socket_on_free_port:
    """Reserve a free loopback port for the duration of a ``with`` block; yields the port number."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return int(self.sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
