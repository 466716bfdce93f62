"""Jinja2 templates (autoescaped everywhere), their filters, and :func:`render` for every page.

Crawled content is hostile: nothing is marked safe except the store's ``title_html``/``snippet_html``
(escaped, with only ``<mark>`` added) and the SVG the chart module builds from numbers.
``safe_href`` turns a crawled URL into a link only for http(s); ``javascript:`` and the like stay text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.web.auth import Principal
from app.web.labels import SENTIMENT_LABELS, SOURCE_TYPE_LABELS, Labels
from app.web.roles import Permission, Role

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    permission: Permission


NAV: tuple[NavItem, ...] = (
    NavItem("/search", "检索", Permission.SEARCH),
    NavItem("/searches", "监测方案", Permission.SEARCH),
    NavItem("/hotspots", "热点事件", Permission.SEARCH),
    NavItem("/alerts", "预警处置", Permission.ALERTS_VIEW),
    NavItem("/digests", "舆情简报", Permission.DIGESTS),
    NavItem("/sources", "信息源", Permission.SOURCES),
    NavItem("/models", "模型", Permission.MODELS_VIEW),
    NavItem("/users", "用户管理", Permission.USERS),
)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL without control characters, else None."""
    if not url:
        return None
    candidate = url.strip()
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return candidate


def local_time(moment: datetime | None, tz: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if moment is None:
        return "—"
    return moment.astimezone(tz).strftime(fmt)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def file_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


@functools.lru_cache(maxsize=8192)
def _quoted(value: str) -> str:
    return quote_plus(value)


def query_string(params: dict[str, Any]) -> str:
    """``?a=1&b=x&b=y`` from a mapping of values or lists; empty values left out.

    A search page builds dozens of facet links from the same few values: quoting is memoised."""
    parts: list[str] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        parts.extend(f"{_quoted(key)}={_quoted(str(v))}" for v in values if v not in (None, ""))
    return "?" + "&".join(parts) if parts else ""


def build_templates(labels: Labels, tz: ZoneInfo) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no stat() per render
    )
    env.filters.update(
        safe_href=safe_href,
        local_time=lambda moment, fmt="%Y-%m-%d %H:%M": local_time(moment, tz, fmt),
        percent=percent,
        file_size=file_size,
    )
    env.globals.update(
        labels=labels,
        query_string=query_string,
        Permission=Permission,
        Role=Role,
        source_type_labels=SOURCE_TYPE_LABELS,
        sentiment_labels=SENTIMENT_LABELS,
    )
    return Jinja2Templates(env=env)


def visible_nav(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return [item for item in NAV if principal.can(item.permission)]


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """The page ``template`` with the user, their menu and their CSRF token in the context."""
    principal: Principal | None = getattr(request.state, "principal", None)
    base = {
        "principal": principal,
        "nav": visible_nav(principal),
        "csrf_token": principal.csrf_token if principal is not None else "",
        "current_path": request.url.path,
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, {**base, **(context or {})}, status_code=status)
