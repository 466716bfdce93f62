"""Incremental clustering of items into events, persistent and stable.

Each item is compared with the events seen within ``window`` of its publication time:

    score = cos(item vector, event centroid)   (TF-IDF words and #hashtags#, see nlp.events.vectors)
          + 0.05 per shared key term (the item's 5 heaviest terms among the event's 10), at most 0.15
          + region agreement: +0.10 same city, +0.05 same province only, -1.0 (a veto) no common province
            (only when both sides have regions)
          + 0.05 when they share a topic

An event is a candidate only if it shares at least ``min_shared_terms`` (2) of the item's 10 heaviest terms
among its own 20 heaviest, so one common word (全球变暖) does not pull unrelated items together.
The item joins the best-scoring event if the score reaches ``join_threshold``; otherwise it opens a new
event. A repost (``parent_id``) or a copy (``duplicate_of``) of an item already placed joins that item's
event directly. An item is placed once: its event never changes, an event's id (derived from its first
item) never changes, and events are never merged or split, so ids shown to users stay valid.

State lives in SQL (:class:`~nlp.events.store.EventStore`); ``open`` rebuilds the in-memory index (recent
events' centroids and an inverted index of their heaviest terms) from it, so a restarted service
continues where it stopped. Feed items roughly in publication order (``add_many`` sorts a batch).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from nlp.events.items import EventItem
from nlp.events.store import EventState, EventStore
from nlp.events.vectors import TermVector, add_into, cosine, item_vector
from nlp.keywords import KeywordExtractor, default_keyword_extractor

if TYPE_CHECKING:
    from config import Settings

logger = logging.getLogger(__name__)

KEY_TERMS_ITEM, KEY_TERMS_EVENT, KEY_TERM_BONUS, KEY_TERM_BONUS_MAX = 5, 10, 0.05, 0.15
SHARED_TERMS_ITEM, SHARED_TERMS_EVENT = 10, 20
# no common province is a veto: a local event does not spread into a province it has never touched
SAME_CITY_BONUS, SAME_PROVINCE_BONUS, OTHER_PROVINCE_PENALTY, SHARED_TOPIC_BONUS = 0.10, 0.05, -1.0, 0.05
NEWS_KINDS = frozenset({"news", "official"})
PRUNE_EVERY = timedelta(hours=1)
Reason = Literal["new", "similar", "repost", "duplicate", "known"]


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an item went: ``reason`` is new (opened the event), similar, repost, duplicate, or known
    (placed before; only its engagement was updated)."""

    item_id: str
    event_id: str
    reason: Reason
    score: float | None = None

    @property
    def created(self) -> bool:
        return self.reason == "new"


def event_id_for(item_id: str) -> str:
    """The stable id of the event an item opens."""
    return "ev-" + hashlib.sha1(item_id.encode("utf-8")).hexdigest()[:16]


def provinces_and_cities(codes: Iterable[str]) -> tuple[set[str], set[str]]:
    codes = list(codes)
    return {code[:2] for code in codes}, {code[:4] for code in codes if code[2:4] != "00"}


def top_terms(vector: TermVector, count: int) -> set[str]:
    return {term for term, _ in sorted(vector.items(), key=lambda item: -item[1])[:count]}


class EventClusterer:
    """Places items into events (see the module docstring for the score)."""

    def __init__(
        self,
        store: EventStore,
        *,
        keywords: KeywordExtractor | None = None,
        window: timedelta = timedelta(hours=72),
        join_threshold: float = 0.30,
        item_terms: int = 30,
        event_terms: int = 100,
        indexed_terms: int = 20,
        max_chars: int = 3000,
        min_shared_terms: int = 2,
    ) -> None:
        self.store = store
        self.keywords = keywords or default_keyword_extractor()
        self.window = window
        self.join_threshold = join_threshold
        self.item_terms = item_terms
        self.event_terms = event_terms
        self.indexed_terms = indexed_terms
        self.max_chars = max_chars
        self.min_shared_terms = min_shared_terms
        self._states: dict[str, EventState] = {}
        self._postings: dict[str, set[str]] = {}
        self._indexed: dict[str, set[str]] = {}
        self._pruned_at: datetime | None = None

    @classmethod
    def from_settings(cls, settings: Settings, database_url: str | None = None) -> EventClusterer:
        """A clusterer on the app's database (``settings.database_url()`` unless given)."""
        events = settings.nlp.events
        return cls(
            EventStore(database_url or settings.database_url()),
            window=timedelta(hours=events.window_hours),
            join_threshold=events.join_threshold,
            max_chars=settings.nlp.max_chars,
        )

    def open(self) -> None:
        """Open the store and rebuild the index from the events of the last window."""
        self.store.open()
        latest = self.store.latest_seen()
        if latest is not None:
            for state in self.store.active_events(latest - 2 * self.window):
                self._remember(state)
        logger.info("event clusterer ready: %d recent events indexed", len(self._states))

    def close(self) -> None:
        self.store.close()

    def event(self, event_id: str) -> EventState | None:
        """An event's current state (from memory, else from SQL)."""
        return self._states.get(event_id) or self.store.events_by_id([event_id]).get(event_id)

    def add_many(self, items: Iterable[EventItem]) -> list[Assignment]:
        """Place a batch, oldest first; returns the assignments in that order."""
        return [self.add(item) for item in sorted(items, key=lambda item: item.published_at)]

    def add(self, item: EventItem) -> Assignment:
        """Place one item (idempotent: an item placed before keeps its event)."""
        known = self.store.event_of(item.id)
        if known is not None:
            self.store.update_engagement(item.id, item.engagement.total)
            return Assignment(item.id, known, "known")
        vector = item_vector(item, self.keywords, self.item_terms, self.max_chars)
        assignment, state = self._place(item, vector)
        self._absorb(state, item, vector)
        self.store.record(item, state, created=assignment.created, similarity=assignment.score)
        self._remember(state)
        self._forget_before(item.published_at - 2 * self.window)
        return assignment

    def _place(self, item: EventItem, vector: TermVector) -> tuple[Assignment, EventState]:
        links: tuple[tuple[Reason, str | None], ...] = (
            ("repost", item.parent_id),
            ("duplicate", item.duplicate_of),
        )
        for reason, linked_id in links:
            event_id = self.store.event_of(linked_id) if linked_id else None
            state = self.event(event_id) if event_id else None
            if state is not None:
                return Assignment(item.id, state.id, reason), state
        best, score = self._best_match(item, vector)
        if best is not None:
            return Assignment(item.id, best.id, "similar", round(score, 4)), best
        state = EventState(
            id=event_id_for(item.id),
            title=item.title or item.text[:40],
            title_source_type=item.source_type,
            first_seen=item.published_at,
            last_seen=item.published_at,
        )
        return Assignment(item.id, state.id, "new"), state

    def _best_match(self, item: EventItem, vector: TermVector) -> tuple[EventState | None, float]:
        candidates = {event_id for term in vector for event_id in self._postings.get(term, ())}
        best: EventState | None = None
        best_score = self.join_threshold
        for event_id in sorted(candidates):
            state = self._states[event_id]
            if not state.first_seen - self.window <= item.published_at <= state.last_seen + self.window:
                continue
            score = self.score(item, vector, state)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = state, score
        return best, best_score

    def score(self, item: EventItem, vector: TermVector, state: EventState) -> float:
        """The join score of an item and an event (see the module docstring); 0 below the shared terms."""
        shared_terms = top_terms(vector, SHARED_TERMS_ITEM) & top_terms(state.centroid, SHARED_TERMS_EVENT)
        if len(shared_terms) < self.min_shared_terms:
            return 0.0
        score = cosine(vector, state.centroid)
        shared = top_terms(vector, KEY_TERMS_ITEM) & top_terms(state.centroid, KEY_TERMS_EVENT)
        score += min(KEY_TERM_BONUS * len(shared), KEY_TERM_BONUS_MAX)
        score += region_agreement(item.regions, state.regions)
        if set(item.topics) & set(state.topics):
            score += SHARED_TOPIC_BONUS
        return score

    def _absorb(self, state: EventState, item: EventItem, vector: TermVector) -> None:
        add_into(state.centroid, vector)
        if len(state.centroid) > self.event_terms:
            kept = sorted(state.centroid.items(), key=lambda entry: -entry[1])[: self.event_terms]
            state.centroid = dict(kept)
        state.item_count += 1
        state.first_seen = min(state.first_seen, item.published_at)
        state.last_seen = max(state.last_seen, item.published_at)
        for code in item.regions:
            state.regions[code] = state.regions.get(code, 0) + 1
        for topic in item.topics:
            state.topics[topic] = state.topics.get(topic, 0) + 1
        if item.title and item.source_type in NEWS_KINDS and state.title_source_type not in NEWS_KINDS:
            state.title, state.title_source_type = item.title, item.source_type

    def _remember(self, state: EventState) -> None:
        self._states[state.id] = state
        for term in self._indexed.pop(state.id, set()):
            self._postings[term].discard(state.id)
        terms = top_terms(state.centroid, self.indexed_terms)
        self._indexed[state.id] = terms
        for term in terms:
            self._postings.setdefault(term, set()).add(state.id)

    def _forget_before(self, moment: datetime) -> None:
        """Drop events last seen before ``moment`` from memory (they stay in SQL); at most hourly."""
        if self._pruned_at is not None and moment - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = moment
        stale = [event_id for event_id, state in self._states.items() if state.last_seen < moment]
        for event_id in stale:
            for term in self._indexed.pop(event_id, set()):
                self._postings[term].discard(event_id)
            del self._states[event_id]


def region_agreement(item_regions: Iterable[str], event_regions: Iterable[str]) -> float:
    """+0.10 for a shared city, +0.05 for a shared province only, -1.0 for no shared province, else 0."""
    item_provinces, item_cities = provinces_and_cities(item_regions)
    event_provinces, event_cities = provinces_and_cities(event_regions)
    if not item_provinces or not event_provinces:
        return 0.0
    if item_cities & event_cities:
        return SAME_CITY_BONUS
    return SAME_PROVINCE_BONUS if item_provinces & event_provinces else OTHER_PROVINCE_PENALTY
