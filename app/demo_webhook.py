"""The demo's local webhook receiver: a JSON endpoint on 127.0.0.1 (stdlib http.server, in-process) that
writes every request body to ``<directory>/NNN.json``; a repeated ``Idempotency-Key`` is acknowledged
and counted, not written again (as the product expects of receivers)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from app.ports import free_port

PATH = "/hooks/qingshan"


@dataclass(frozen=True)
class CapturedHook:
    path: Path
    key: str
    body: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.body.get("title") or self.body.get("subject") or "")


class WebhookCapture:
    """Records JSON posts; ``url`` is the apprise ``json://`` URL that reaches it."""

    def __init__(self, directory: Path, host: str = "127.0.0.1") -> None:
        self.directory = directory
        self.host = host
        self.port = free_port()
        self.duplicates = 0
        self._lock = threading.Lock()
        self._hooks: list[CapturedHook] = []
        self._keys: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"json://{self.host}:{self.port}{PATH}"

    @property
    def hooks(self) -> list[CapturedHook]:
        with self._lock:
            return list(self._hooks)

    def accept(self, key: str, raw: bytes) -> None:
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = {"unparsed": raw.decode("utf-8", "replace")}
        with self._lock:
            if key and key in self._keys:
                self.duplicates += 1
                return
            self._keys.add(key)
            path = self.directory / f"{len(self._hooks) + 1:03d}.json"
            path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
            self._hooks.append(CapturedHook(path, key, body if isinstance(body, dict) else {"body": body}))

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        capture = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0") or 0)
                capture.accept(self.headers.get("Idempotency-Key", ""), self.rfile.read(length))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-webhook", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> WebhookCapture:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
