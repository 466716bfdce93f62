"""A console site for tests: a temp home with a filled store, events, crawl health, digests and one
user per role; and helpers to log in and read CSRF tokens like a browser does."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from alerts import AlertDatabase, AlertService
from app.commands.alerts import analyzer, nlp_heat
from app.web.database import WebDatabase
from app.web.roles import Role
from app.web.users import UserStore, make_hasher
from app.wiring import build_store
from config import Settings, load_settings
from crawlers.health import HealthStatus, SourceHealth
from crawlers.state import CrawlState
from indexer.document import Document
from indexer.store import Store
from nlp.events import Engagement, EventClusterer, EventItem
from tests.web.documents import all_documents

USERNAMES = {
    Role.ADMIN: "admin",
    Role.ANALYST: "analyst",
    Role.PRESS: "press",
    Role.SPOKESPERSON: "spokesperson",
}
PASSWORDS = {role: f"{role.value}-pass-2026" for role in Role}
SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
# Cheap argon2 so tests stay fast; the shipped defaults are the library's recommended ones.
WEB_YAML = f"""secret_key: {SECRET}
password_hashing:
  time_cost: 1
  memory_kib: 1024
  parallelism: 1
login_throttle:
  max_failures: 3
  max_failures_per_address: 5
  window_s: 600
"""
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
FISH_ALERT_AT = datetime(2026, 11, 20, 8, tzinfo=UTC)  # 16:00 in Shanghai
HOSTILE_DIGEST_HTML = "<html><body><h1>舆情日报</h1><script>alert('digest')</script></body></html>"


@dataclass(frozen=True)
class Site:
    root: Path
    settings: Settings
    event_id: str  # the fish-kill event
    documents: tuple[Document, ...]


def event_item(doc: Document) -> EventItem:
    e = doc.engagement
    return EventItem(
        id=doc.id,
        title=doc.title,
        text=doc.text,
        published_at=doc.published_at,
        source=doc.source,
        source_type=doc.source_type.value,
        regions=tuple(doc.regions),
        topics=tuple(doc.topics),
        sentiment=doc.sentiment.value if doc.sentiment else None,
        engagement=Engagement(e.reposts, e.comments, e.likes, e.reads),
        parent_id=doc.parent_id,
    )


def cluster(settings: Settings, docs: list[Document]) -> list[Document]:
    clusterer = EventClusterer.from_settings(settings)
    clusterer.open()
    try:
        assignments = {a.item_id: a.event_id for a in clusterer.add_many(event_item(d) for d in docs)}
    finally:
        clusterer.close()
    return [d.model_copy(update={"event_id": assignments[d.id]}) for d in docs]


def write_config(root: Path) -> Path:
    config = root / "config"
    config.mkdir(parents=True)
    (config / "settings.yaml").write_text(f"home: {root / 'home'}\n", encoding="utf-8")
    (config / "web.yaml").write_text(WEB_YAML, encoding="utf-8")
    return config


def add_users(settings: Settings) -> None:
    database = WebDatabase(settings.database_url())
    database.open()
    try:
        users = UserStore(database, make_hasher(settings.web.password_hashing))
        for role in Role:
            users.add(USERNAMES[role], PASSWORDS[role], role, display_name=f"测试{role.label_zh}")
    finally:
        database.close()


def add_health(settings: Settings) -> None:
    now = datetime(2026, 11, 21, 8, tzinfo=UTC)
    with CrawlState(settings.database_url()) as state:
        state.save_health(
            SourceHealth("cenews", HealthStatus.OK, last_run_at=now, last_success_at=now, new_items=40)
        )
        state.save_health(
            SourceHealth(
                "weibo",
                HealthStatus.DEGRADED,
                status_reason="<b>captcha</b>",
                last_run_at=now,
                consecutive_failures=4,
                last_run_errors={"http_418": 3},
            )
        )


DAILY_PDF = "2026/2026-11-20.pdf"
DAILY_HTML = "2026/2026-11-20.html"
MONTHLY_PDF = "monthly/2026-10.pdf"


def add_digests(settings: Settings) -> None:
    """Archive files laid out as alerts.digest writes them (hand-made content)."""
    digests = settings.home / "digests"
    (digests / "2026").mkdir(parents=True)
    (digests / "monthly").mkdir()
    (digests / DAILY_PDF).write_bytes(MINIMAL_PDF)
    (digests / DAILY_HTML).write_text(HOSTILE_DIGEST_HTML, encoding="utf-8")
    (digests / "2026" / "2026-11-20.json").write_text('{"day": "2026-11-20"}', encoding="utf-8")
    (digests / "2026" / "2026-11-19.pdf").write_bytes(MINIMAL_PDF)
    (digests / MONTHLY_PDF).write_bytes(MINIMAL_PDF)
    (digests / "2026" / "notes.exe").write_bytes(b"MZ")  # not a digest type: never listed or served
    (digests / "2026" / ".draft.pdf").write_bytes(MINIMAL_PDF)  # hidden: never listed or served
    (settings.home / "secret.txt").write_text("outside the archive", encoding="utf-8")


def add_alerts(settings: Settings, store: Store, docs: list[Document]) -> None:
    """The fish kill fired on the 20th (its deadlines are long past); the reservoir fires now."""
    database = AlertDatabase(settings.database_url())
    database.open()
    try:
        service = AlertService.from_settings(settings, database, store, analyzer, heat=nlp_heat(settings))
        fish, reservoir = docs[0].event_id, docs[-1].event_id
        assert fish and reservoir
        service.evaluate_events([fish], FISH_ALERT_AT)
        service.evaluate_events([reservoir], datetime.now(UTC))
    finally:
        database.close()


def build_site(root: Path) -> Site:
    settings = load_settings(write_config(root))
    settings.home.mkdir(parents=True)
    docs = cluster(settings, all_documents())
    store = build_store(settings)
    store.open()
    try:
        store.upsert(docs)
        add_alerts(settings, store, docs)
    finally:
        store.close()
    add_users(settings)
    add_health(settings)
    add_digests(settings)
    return Site(root, settings, docs[0].event_id or "", tuple(docs))


_TOKEN = re.compile(r'name="(?:csrf_token|login_token)" value="([^"]+)"')


def form_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match is not None, "no CSRF token in the page"
    return match.group(1)


def login(client: httpx.Client, role: Role, password: str | None = None) -> httpx.Response:
    page = client.get("/login")
    data = {
        "username": USERNAMES[role],
        "password": password or PASSWORDS[role],
        "login_token": form_token(page.text),
    }
    return client.post("/login", data=data, follow_redirects=False)


def csrf(client: httpx.Client) -> str:
    return form_token(client.get("/account").text)


class LiveServer:
    """The app served by a real uvicorn on 127.0.0.1 (a free port), in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # see app.commands.web.bind
        self.socket.bind(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)


@contextmanager
def served(site: Site) -> Iterator[LiveServer]:
    """A console on ``site`` with its own services, served on 127.0.0.1 for the duration."""
    from app.web.app import create_app
    from app.web.services import Services

    services = Services.open(site.settings)
    live = LiveServer(create_app(site.settings, services=services)).start()
    try:
        yield live
    finally:
        live.stop()
        services.close()
