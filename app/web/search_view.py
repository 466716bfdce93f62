"""What the search page shows around the hits: facet lists with toggle links, the daily trend, pages."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from app.web.charts import Series, line_chart
from app.web.labels import Labels
from app.web.search_form import MAX_OFFSET, SearchForm
from app.web.templating import query_string
from indexer.fields import normalize_region_prefix

FACET_TITLES = {"sentiment": "情感倾向", "topic": "主题", "province": "省份", "source": "来源"}
# facet name → (form field it filters, label kind)
_FACET_FIELDS = {"sentiment": "sentiments", "topic": "topics", "province": "regions", "source": "sources"}
# form field → its link parameter (SearchForm.params)
_PARAM_KEYS = {"sentiments": "sentiment", "topics": "topic", "regions": "region", "sources": "source"}


def search_link(params: Mapping[str, Any], key: str, value: Any) -> str:
    """``/search?…``: the search ``params`` (:meth:`SearchForm.link_params`) with the parameter ``key``
    set to ``value`` (one value or a list; empty removes it) and the page reset unless ``key`` is
    ``page``; :func:`app.web.templating.query_string` quotes every key and value, so no value can end
    its parameter or the query."""
    return "/search" + query_string({**params, "page": "", key: value})


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    selected: bool
    link: str


@dataclass(frozen=True)
class FacetView:
    name: str
    title: str
    values: list[FacetValue]


def facet_label(name: str, value: str, labels: Labels) -> str:
    if name == "sentiment":
        return labels.sentiment(value)
    if name == "topic":
        return labels.topic(value)
    if name == "province":
        return labels.region(value)
    return labels.source(value)


def facet_views(
    form: SearchForm, facets: dict[str, list[tuple[str, int]]], labels: Labels
) -> list[FacetView]:
    views: list[FacetView] = []
    base = form.link_params()  # every link is this search with one value toggled (as form.toggled)
    for name, title in FACET_TITLES.items():
        field = _FACET_FIELDS[name]
        key = _PARAM_KEYS[field]
        current: tuple[str, ...] = getattr(form, field)
        values: list[FacetValue] = []
        for value, count in facets.get(name, [])[:15]:
            form_value = normalize_region_prefix(value) if name == "province" else value
            selected = form_value in current
            toggled = [v for v in current if v != form_value] if selected else [*current, form_value]
            link = search_link(base, key, toggled)
            values.append(FacetValue(facet_label(name, value, labels), count, selected, link))
        views.append(FacetView(name, title, values))
    return views


def day_trend(facets: dict[str, list[tuple[str, int]]]) -> Markup:
    days = facets.get("day", [])
    if len(days) < 2:
        return Markup("")
    return line_chart([d[5:] for d, _ in days], [Series("文章数", [c for _, c in days])], title="每日文章数")


@dataclass(frozen=True)
class Pages:
    current: int
    last: int
    previous_link: str
    next_link: str


def pages(form: SearchForm, total: int, page_size: int) -> Pages:
    last = max(1, min(math.ceil(total / page_size), MAX_OFFSET // page_size + 1))
    base = form.link_params()
    previous = form.page - 1 if form.page > 2 else ""  # page 1 is the link without a page
    previous_link = search_link(base, "page", previous) if form.page > 1 else ""
    next_link = search_link(base, "page", form.page + 1) if form.page < last else ""
    return Pages(form.page, last, previous_link, next_link)
