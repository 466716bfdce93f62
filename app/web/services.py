"""What the console reads and writes, opened once per process: the Store, the web tables, events,
crawl health, and the alerts and model registry when those modules are present.

    services = Services.open(settings)          # raises WebError / IndexerError with the reason
    app = create_app(settings, services=services)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from alerts import AlertDatabase, AlertsError, AlertService
from app.web.database import WebDatabase
from app.web.labels import Labels
from app.web.saved_searches import SavedSearchStore
from app.web.secret import secret_key
from app.web.sessions import SessionStore
from app.web.throttle import LoginThrottle
from app.web.tokens import TokenStore
from app.web.users import UserStore, make_hasher
from app.wiring import build_store, open_store
from config import Settings
from crawlers.errors import CrawlStateError
from crawlers.state import CrawlState
from indexer.search_cache import SearchCache
from indexer.store import Store
from nlp.events import EventStore, EventStoreError

logger = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    store: Store
    database: WebDatabase
    users: UserStore
    sessions: SessionStore
    tokens: TokenStore
    saved: SavedSearchStore
    throttle: LoginThrottle
    labels: Labels
    search: SearchCache  # the search page and API search through it (the export does not)
    events: EventStore | None = None
    crawl_state: CrawlState | None = None
    alert_database: AlertDatabase | None = None
    alerts: AlertService | None = None
    models: Any | None = None
    owns_store: bool = True
    problems: dict[str, str] = field(default_factory=dict)  # part → why it is unavailable

    @classmethod
    def open(cls, settings: Settings, *, store: Store | None = None) -> Services:
        """Open everything; a given ``store`` is used as is and left open at :meth:`close`."""
        database = WebDatabase(settings.database_url())
        database.open()
        try:
            key = secret_key(settings)
            opened_store = store if store is not None else open_web_store(settings)
        except BaseException:
            database.close()
            raise
        web = settings.web
        services = cls(
            settings=settings,
            store=opened_store,
            database=database,
            users=UserStore(
                database, make_hasher(web.password_hashing), min_password_length=web.password_min_length
            ),
            sessions=SessionStore(database, key, lifetime=timedelta(hours=web.session_hours)),
            tokens=TokenStore(database),
            saved=SavedSearchStore(database),
            throttle=LoginThrottle(
                database,
                web.login_throttle.max_failures,
                web.login_throttle.window_s,
                max_per_address=web.login_throttle.max_failures_per_address,
            ),
            labels=Labels(settings),
            search=SearchCache(opened_store, web.search_cache_entries),
            owns_store=store is None,
        )
        services.open_optional_parts()
        return services

    def open_optional_parts(self) -> None:
        """Events, crawl health and alerts; a part that cannot open is logged and shown as unavailable."""
        url = self.settings.database_url()
        self.open_alerts(url)
        events = EventStore(url)
        try:
            events.open()
            self.events = events
        except EventStoreError as exc:
            self.problems["events"] = str(exc)
            logger.error("events are unavailable in the console: %s", exc)
        crawl_state = CrawlState(url)
        try:
            crawl_state.open()
            self.crawl_state = crawl_state
        except CrawlStateError as exc:
            self.problems["sources"] = str(exc)
            logger.error("crawl health is unavailable in the console: %s", exc)

    def open_alerts(self, url: str) -> None:
        from app.commands.alerts import analyzer, nlp_heat

        database = AlertDatabase(url)
        try:
            database.open()
            self.alerts = AlertService.from_settings(
                self.settings, database, self.store, analyzer, heat=nlp_heat(self.settings)
            )
            self.alert_database = database
        except AlertsError as exc:
            database.close()
            self.problems["alerts"] = str(exc)
            logger.error("alerts are unavailable in the console: %s", exc)

    def close(self) -> None:
        for part in (self.events, self.crawl_state, self.alert_database):
            if part is not None:
                part.close()
        if self.owns_store:
            self.store.close()
        self.database.close()

    @property
    def digests_dir(self) -> Path:
        return self.settings.home / "digests"


def open_web_store(settings: Settings) -> Store:
    """The store, read-only (crawlers write it). A missing embedded database is created first."""
    url = settings.database_url()
    embedded = settings.general.storage.backend == "embedded" and url.startswith("sqlite:///")
    if embedded and not Path(url.removeprefix("sqlite:///")).exists():
        logger.info("no database at %s yet: creating an empty store", url)
        fresh = build_store(settings)
        fresh.open()
        fresh.close()
    return open_store(settings, read_only=True)
