"""Crawl health per configured source: status, last runs, new items, errors, next run."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.auth import CanViewSources, services_of
from app.web.services import Services
from app.web.templating import render
from crawlers.health import HealthStatus, SourceHealth

router = APIRouter(include_in_schema=False)

STATUS_LABELS = {
    HealthStatus.NEW: "尚未运行",
    HealthStatus.OK: "正常",
    HealthStatus.DEGRADED: "异常",
    HealthStatus.SILENT: "长时间无新内容",
}


@dataclass(frozen=True)
class SourceRow:
    id: str
    name: str
    kind: str
    enabled: bool
    health: SourceHealth

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.health.status]


def source_rows(services: Services) -> list[SourceRow]:
    """Configured sources with their health, then sources that have health but no configuration."""
    health = {h.source: h for h in services.crawl_state.all_health()} if services.crawl_state else {}
    rows = [
        SourceRow(s.id, s.name, s.kind, s.enabled, health.pop(s.id, SourceHealth(s.id)))
        for s in services.settings.sources.sources
    ]
    rows.extend(SourceRow(h.source, h.source, "—", False, h) for h in health.values())
    rows.sort(key=lambda r: (not r.health.is_degraded, r.id))
    return rows


@router.get("/sources")
def sources_page(request: Request, principal: CanViewSources) -> HTMLResponse:
    services = services_of(request)
    rows = source_rows(services)
    context = {
        "rows": rows,
        "degraded": sum(r.health.is_degraded for r in rows),
        "unavailable": services.problems.get("sources", ""),
    }
    return render(request, "sources.html", context)
