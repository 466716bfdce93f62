"""Alerts fixtures: a temp config directory, a real SQLite store (FTS5 index), the alerts database on the
same file, and real local receivers for e-mail and webhooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from alerts import AlertDatabase, AlertService
from app.wiring import index_tokenizer
from config import Settings, load_settings
from indexer.analysis import analyze
from indexer.document import Document
from indexer.sqlite_store import SqliteStore
from indexer.store import Store
from indexer.textindex.fts5_index import Fts5Index
from tests.alerts.receivers import SmtpReceiver, WebhookReceiver

TEST_RULES = [
    {
        "id": "water-incident",
        "name": "水污染突发事件",
        "query": "(死鱼 | 偷排 | 饮用水) -演练",
        "fire": {"min_items": 3, "min_negative_share": 0.4},
    },
    {"id": "air-pollution", "name": "大气污染舆情", "query": "雾霾 | 异味", "fire": {"min_items": 5}},
]

TEST_ROUTING = {
    "national": {"name": "生态环境部宣传教育司", "channels": []},
    "offices": [
        {
            "region": "320100",
            "name": "南京市生态环境局宣传教育处",
            "contacts": [{"name": "王敏", "role": "新闻发言人", "phone": "025-00000000"}],
        },
        {"region": "320000", "name": "江苏省生态环境厅宣传教育处", "channels": ["province-hook"]},
    ],
}


def analyzer(text: str) -> list[str]:
    return analyze(text, index_tokenizer)


def write_config(
    directory: Path, alerts: Mapping[str, object], routing: Mapping[str, object] | None = None
) -> Settings:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "settings.yaml").write_text("home: var\n", encoding="utf-8")
    (directory / "alerts.yaml").write_text(yaml.safe_dump(dict(alerts), allow_unicode=True), encoding="utf-8")
    (directory / "routing.yaml").write_text(
        yaml.safe_dump(dict(routing or TEST_ROUTING), allow_unicode=True), encoding="utf-8"
    )
    return load_settings(directory)


def alerts_config(mail_url: str | None, hook_url: str | None, **overrides: object) -> dict[str, object]:
    """Test rules and channels; ``overrides`` replace top-level keys of alerts.yaml."""
    config: dict[str, object] = {
        "rules": TEST_RULES,
        "channels": [
            {"id": "press-mail", "url": mail_url},
            {"id": "press-hook", "url": hook_url},
            {"id": "province-hook", "url": hook_url, "min_level": "II"},
        ],
        "default_channels": ["press-mail", "press-hook"],
    }
    config.update(overrides)
    return config


@dataclass
class Workspace:
    settings: Settings
    store: Store
    database: AlertDatabase
    service: AlertService

    def add(self, documents: list[Document]) -> None:
        self.store.upsert(documents)

    def evaluate(self, event_id: str, now: datetime) -> str:
        return self.service.evaluate_event(event_id, now).action


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver()
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


def open_workspace(settings: Settings) -> Workspace:
    store = SqliteStore(
        settings.database_url(), Fts5Index(settings.home / "index" / "fts5.sqlite"), index_tokenizer
    )
    store.open()
    database = AlertDatabase(settings.database_url())
    database.open()
    return Workspace(
        settings, store, database, AlertService.from_settings(settings, database, store, analyzer)
    )


WorkspaceFactory = Callable[..., Workspace]


@pytest.fixture
def make_workspace(tmp_path: Path) -> Iterator[WorkspaceFactory]:
    """``make_workspace(alerts_dict, routing=None)`` → an open Workspace in a fresh directory."""
    opened: list[Workspace] = []

    def make(alerts: Mapping[str, object], routing: Mapping[str, object] | None = None) -> Workspace:
        workspace = open_workspace(write_config(tmp_path / f"cfg{len(opened)}", alerts, routing))
        opened.append(workspace)
        return workspace

    yield make
    for workspace in opened:
        workspace.database.close()
        workspace.store.close()
