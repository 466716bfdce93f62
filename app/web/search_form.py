"""The search form's parameters (page, export and API share them), validated into a SearchRequest.

Filters travel as structured fields, never as query text, and the query goes to the query-language
parser, so nothing a user types reaches SQL or the full-text engines' own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import QueryParams

from app.web.errors import InvalidInput
from indexer.document import Sentiment, SourceType
from indexer.fields import normalize_region_prefix
from indexer.query import MAX_QUERY_LENGTH
from indexer.store import FACET_NAMES, SearchFilters, SearchRequest, SortOrder

MAX_OFFSET = 100_000
_MAX_VALUES = 50  # values per multi-valued filter
FORM_KEYS = ("since", "until", "source", "type", "sentiment", "topic", "region", "sort")


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}日期格式应为 YYYY-MM-DD。") from None


def _values(params: QueryParams, key: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip() for v in params.getlist(key) if v.strip()))
    if len(values) > _MAX_VALUES or any(len(v) > 200 for v in values):
        raise InvalidInput("筛选条件过多或过长。")
    return values


def _choices(values: tuple[str, ...], allowed: set[str], name: str) -> tuple[str, ...]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput(f"未知的{name}：{unknown[0]}")
    return values


def _regions(values: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(normalize_region_prefix(v) for v in values)
    except ValueError:
        raise InvalidInput("地区代码应为 2、4 或 6 位数字。") from None


@dataclass(frozen=True)
class SearchForm:
    q: str = ""
    since: date | None = None
    until: date | None = None  # inclusive
    sources: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = 1

    @classmethod
    def from_params(cls, params: QueryParams) -> SearchForm:
        q = params.get("q", "").strip()
        if len(q) > MAX_QUERY_LENGTH:
            raise InvalidInput(f"检索式过长（最多 {MAX_QUERY_LENGTH} 个字符）。")
        sort = params.get("sort") or SortOrder.RELEVANCE.value
        if sort not in {s.value for s in SortOrder}:
            raise InvalidInput("排序方式应为 relevance 或 time。")
        page = params.get("page") or "1"
        if not page.isdigit() or not 1 <= int(page) <= 10_000:
            raise InvalidInput("页码无效。")
        return cls(
            q=q,
            since=_day(params.get("since", ""), "起始"),
            until=_day(params.get("until", ""), "截止"),
            sources=_values(params, "source"),
            types=_choices(_values(params, "type"), {t.value for t in SourceType}, "来源类型"),
            sentiments=_choices(_values(params, "sentiment"), {s.value for s in Sentiment}, "情感倾向"),
            topics=_values(params, "topic"),
            regions=_regions(_values(params, "region")),
            sort=SortOrder(sort),
            page=int(page),
        )

    def filters(self, tz: ZoneInfo) -> SearchFilters:
        since = datetime.combine(self.since, time.min, tz) if self.since else None
        until = datetime.combine(self.until + timedelta(days=1), time.min, tz) if self.until else None
        return SearchFilters(
            since=since,
            until=until,
            sources=self.sources,
            source_types=tuple(SourceType(t) for t in self.types),
            sentiments=tuple(Sentiment(s) for s in self.sentiments),
            topics=self.topics,
            region_prefixes=self.regions,
        )

    def request(self, tz: ZoneInfo, page_size: int, *, facets: bool = True) -> SearchRequest:
        offset = (self.page - 1) * page_size
        if offset > MAX_OFFSET:
            raise InvalidInput("页码超出范围，请缩小检索条件。")
        return SearchRequest(
            query=self.q,
            filters=self.filters(tz),
            sort=self.sort,
            offset=offset,
            limit=page_size,
            facets=FACET_NAMES if facets else (),
        )

    def params(self) -> dict[str, list[str]]:
        """Every parameter but ``q`` and ``page``, as saved with a search and put in links."""
        return {
            "since": [self.since.isoformat()] if self.since else [],
            "until": [self.until.isoformat()] if self.until else [],
            "source": list(self.sources),
            "type": list(self.types),
            "sentiment": list(self.sentiments),
            "topic": list(self.topics),
            "region": list(self.regions),
            "sort": [self.sort.value] if self.sort is not SortOrder.RELEVANCE else [],
        }

    def link_params(self, **changes: Any) -> dict[str, Any]:
        """Parameters for a link to this search with ``changes`` (page resets to 1 unless given)."""
        form = replace(self, page=1)
        if changes:
            form = replace(form, **changes)
        return {"q": form.q, **form.params(), "page": form.page if form.page > 1 else ""}

    def toggled(self, field: str, value: str) -> dict[str, Any]:
        """Link parameters with ``value`` added to or removed from the multi-valued ``field``."""
        current: tuple[str, ...] = getattr(self, field)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.link_params(**{field: values})

    @property
    def has_filters(self) -> bool:
        return any(self.params()[key] for key in FORM_KEYS if key != "sort")
