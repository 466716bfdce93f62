"""Read-only views of what the service did, for the narration: service jobs, stored documents, hotspots
and alerts — through the product's own readers (the same ones `qingshan status`, the console and
`qingshan alerts` use), while the service keeps running in its own process."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from alerts import AlertDatabase
from alerts.queries import AlertDetail, AlertQueries
from alerts.records import AlertRecord
from app.commands.hotspots import rank_hotspots
from app.sampleweb.groundtruth import GroundTruthItem
from app.service.status import ServiceStatus, read_status
from app.wiring import build_store
from config import Settings
from indexer.document import Document
from nlp.events import Hotspot


@dataclass(frozen=True)
class Coverage:
    """Published (the sample web's ground truth) against stored, overall and per site."""

    published: int
    stored_of_published: int
    stored_total: int
    by_site: dict[str, tuple[int, int]]  # site → (published, stored)
    missing: list[GroundTruthItem]


class DemoState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def status(self) -> ServiceStatus:
        return read_status(self.settings)

    def documents(self) -> list[Document]:
        store = build_store(self.settings, read_only=True)
        store.open()
        try:
            return list(store.iter_documents())
        finally:
            store.close()

    def coverage(self, truth: list[GroundTruthItem], documents: list[Document]) -> Coverage:
        stored_urls = {d.url for d in documents}
        published = [item for item in truth if not item.robots_disallowed]
        by_site: dict[str, tuple[int, int]] = {}
        counts = Counter(item.source for item in published)
        stored = Counter(item.source for item in published if item.url in stored_urls)
        for site in sorted(counts):
            by_site[site] = (counts[site], stored[site])
        missing = [item for item in published if item.url not in stored_urls]
        return Coverage(len(published), sum(stored.values()), len(documents), by_site, missing)

    def hotspots(self, end: datetime, *, days: float = 3, limit: int = 5) -> list[Hotspot]:
        return rank_hotspots(self.settings, end, days, limit, region=None, topic=None)

    def _alerts(self) -> AlertQueries:
        database = AlertDatabase(self.settings.database_url())
        database.open()
        return AlertQueries(database)

    def alerts(self) -> list[AlertRecord]:
        queries = self._alerts()
        try:
            return queries.list_alerts(limit=1000)
        finally:
            queries.database.close()

    def alert_detail(self, alert_id: int) -> AlertDetail:
        queries = self._alerts()
        try:
            return queries.detail(alert_id)
        finally:
            queries.database.close()

    def pending_outbox(self) -> int:
        queries = self._alerts()
        try:
            return len(queries.outbox(status="pending", limit=1000))
        finally:
            queries.database.close()
