"""Evidence for statements: the indexed items behind a count, chosen and cited, plus a search link.

A count over a period cites its most engaged items (among the most recent ``SAMPLE_POOL``) and links
to the console search that lists all of them, so every number can be checked item by item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit

from alerts.digest.inputs import Names, Period
from alerts.digest.model import Citation, Statement
from indexer.document import Document
from indexer.store import SearchFilters, SearchRequest, SearchResult, SortOrder, Store

SAMPLE_POOL = 200
CITED_PER_STATEMENT = 3


def engagement_of(document: Document) -> int:
    counts = document.engagement
    return counts.reposts + counts.comments + counts.likes + counts.reads // 100


def most_engaged(documents: Iterable[Document], limit: int) -> list[Document]:
    ranked = sorted(documents, key=lambda d: (-engagement_of(d), -d.published_at.timestamp(), d.id))
    return ranked[:limit]


def safe_link(url: str) -> str | None:
    """The URL if it is http(s), else None: crawled links never become ``javascript:`` anchors."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return url.strip()
    return None


@dataclass(frozen=True)
class SearchLink:
    """Console search parameters (see app/web/search_form.py) for the items behind a statement."""

    period: Period
    query: str = ""
    sentiments: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def url(self, console_url: str | None) -> str | None:
        if not console_url:
            return None
        last_day = (self.period.end - timedelta(microseconds=1)).astimezone(self.period.tz).date()
        params: list[tuple[str, str]] = [
            ("q", self.query),
            ("since", self.period.start.astimezone(self.period.tz).date().isoformat()),
            ("until", last_day.isoformat()),
            ("sort", "time"),
        ]
        params += [("sentiment", s) for s in self.sentiments] + [("topic", t) for t in self.topics]
        params += [("region", r) for r in self.regions] + [("type", t) for t in self.types]
        return f"{console_url.rstrip('/')}/search?{urlencode([(k, v) for k, v in params if v])}"


class Evidence:
    """Reads items from the store and turns them into citations."""

    def __init__(self, store: Store, names: Names, console_url: str | None) -> None:
        self.store = store
        self.names = names
        self.console_url = console_url

    def cite(self, document: Document) -> Citation:
        return Citation(
            doc_id=document.id,
            title=document.title or document.text[:40] or document.id,
            url=document.url,
            source=self.names.source(document.source),
            published_at=document.published_at,
            source_type=document.source_type.value,
        )

    def cite_all(self, documents: Iterable[Document]) -> tuple[Citation, ...]:
        return tuple(self.cite(document) for document in documents)

    def count(self, filters: SearchFilters, facets: tuple[str, ...] = ()) -> SearchResult:
        return self.store.search(SearchRequest(filters=filters, limit=0, facets=facets, highlight=False))

    def sample(self, filters: SearchFilters, limit: int = CITED_PER_STATEMENT) -> list[Document]:
        """The most engaged of the latest items matching ``filters``."""
        request = SearchRequest(filters=filters, sort=SortOrder.TIME, limit=SAMPLE_POOL, highlight=False)
        return most_engaged((hit.document for hit in self.store.search(request).hits), limit)

    def statement(self, text: str, filters: SearchFilters, total: int, link: SearchLink) -> Statement:
        """A statement about ``total`` items matching ``filters``, citing the most engaged."""
        cited = self.cite_all(self.sample(filters)) if total else ()
        return Statement(text, cited, max(0, total - len(cited)), link.url(self.console_url))

    def of_items(self, text: str, item_ids: Sequence[str], limit: int = CITED_PER_STATEMENT) -> Statement:
        """A statement resting on known items: the first published and the most engaged."""
        unique = list(dict.fromkeys(item_ids))
        chosen = representatives(self.store.get_many(unique), limit)
        return Statement(text, self.cite_all(chosen), max(0, len(unique) - len(chosen)))

    def document_url(self, doc_id: str) -> str | None:
        return f"{self.console_url.rstrip('/')}/documents/{doc_id}" if self.console_url else None

    def event_url(self, event_id: str) -> str | None:
        return f"{self.console_url.rstrip('/')}/events/{event_id}" if self.console_url else None


def representatives(documents: Sequence[Document], limit: int) -> list[Document]:
    """The first published item (where it started), then the most engaged, without repeats."""
    if not documents:
        return []
    first = min(documents, key=lambda d: (d.published_at, d.id))
    rest = most_engaged((d for d in documents if d.id != first.id), limit - 1)
    return [first, *rest]


def local_time(moment: datetime, period: Period, *, reference: datetime | None = None) -> str:
    """``09:10`` on the reference day, else ``6月2日 09:10``."""
    local = moment.astimezone(period.tz)
    reference_day = (reference or period.end).astimezone(period.tz).date()
    if local.date() == reference_day:
        return local.strftime("%H:%M")
    return f"{local.month}月{local.day}日 {local:%H:%M}"
