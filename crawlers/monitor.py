"""The run monitor: counts what one crawl of one source did and, when it closes, updates its health.

HTTP validators (ETag / Last-Modified) are kept back until the run has finished cleanly: were they saved
earlier, a crash after a 200 but before its items were stored would turn the next run into a 304 and
lose those items.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from crawlers.context import CrawlContext
from crawlers.health import RunOutcome, SourceHealth, apply_run
from crawlers.polling import next_interval
from crawlers.state import Validators

logger = logging.getLogger(__name__)

CLEAN_FINISH = "finished"


class RunMonitor:
    """Counters of one run; thread-safe because the store writer reports from its own thread."""

    def __init__(self, context: CrawlContext, started_at: datetime | None = None) -> None:
        self.context = context
        self.started_at = started_at or datetime.now(UTC)
        self.pages_fetched = 0
        self.not_modified = 0
        self.listings_ok = 0
        self.new_items = 0
        self.errors: Counter[str] = Counter()
        self.blocked: str | None = None
        self._validators: dict[str, Validators] = {}
        self._lock = threading.Lock()
        self.health: SourceHealth | None = None

    def page_fetched(self) -> None:
        with self._lock:
            self.pages_fetched += 1

    def listing_ok(self) -> None:
        with self._lock:
            self.listings_ok += 1

    def page_not_modified(self) -> None:
        with self._lock:
            self.not_modified += 1
            self.listings_ok += 1

    def items_stored(self, count: int) -> None:
        with self._lock:
            self.new_items += count

    def error(self, kind: str) -> None:
        with self._lock:
            self.errors[kind] += 1
        logger.info("source %s: %s", self.context.source_id, kind)

    def block(self, kind: str) -> None:
        """The site refused us: the run ends and the source is degraded."""
        with self._lock:
            self.blocked = self.blocked or kind
            self.errors[f"blocked:{kind}"] += 1
        logger.warning("source %s is blocked (%s): marking it degraded", self.context.source_id, kind)

    def remember_validators(self, url: str, validators: Validators) -> None:
        with self._lock:
            self._validators[url] = validators

    def finish(self, reason: str, now: datetime | None = None) -> SourceHealth:
        """Close the run: health and polling interval saved, validators too if the run was clean."""
        run = self._outcome(reason, now or datetime.now(UTC))
        state = self.context.state
        previous = state.health(self.context.source_id) or SourceHealth(source=self.context.source_id)
        health = apply_run(previous, run, self.context.crawl.health, self.context.base.silent_after_h)
        interval = next_interval(
            previous.interval_s,
            new_items=run.new_items,
            failed=run.failed,
            blocked=run.blocked is not None,
            bounds=self.context.bounds,
        )
        health = replace(
            health, interval_s=interval, next_due_at=run.finished_at + timedelta(seconds=interval)
        )
        state.save_health(health)
        if reason == CLEAN_FINISH and not run.errors and not run.blocked:
            state.save_validators(self._validators)
        self.health = health
        logger.info(
            "source %s run %s: %d pages, %d not modified, %d new items, errors %s → %s",
            run.source,
            reason,
            run.pages_fetched,
            run.not_modified,
            run.new_items,
            dict(run.errors),
            health.status.value,
        )
        return health

    def _outcome(self, reason: str, now: datetime) -> RunOutcome:
        with self._lock:
            return RunOutcome(
                source=self.context.source_id,
                started_at=self.started_at,
                finished_at=now,
                pages_fetched=self.pages_fetched,
                not_modified=self.not_modified,
                listings_ok=self.listings_ok,
                new_items=self.new_items,
                errors=Counter(self.errors),
                blocked=self.blocked,
                finish_reason=reason,
            )
