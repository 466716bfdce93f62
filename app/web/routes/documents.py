"""A document: the original link, the extracted text, the analysis, its event and related items."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from alerts import AlertRecord
from app.web.alerts_view import alert_for_event
from app.web.auth import CanSearch, services_of
from app.web.errors import NotFound
from app.web.services import Services
from app.web.templating import render
from indexer.errors import QuerySyntaxError
from indexer.highlight import highlight
from indexer.query import highlight_terms, parse

router = APIRouter(include_in_schema=False)


def query_terms(query: str) -> list[str]:
    """What to mark for ``query`` (nothing when it does not parse)."""
    try:
        return highlight_terms(parse(query)) if query else []
    except QuerySyntaxError:
        return []


def marked_paragraphs(text: str, terms: list[str]) -> list[Markup]:
    """The text's paragraphs, escaped, with ``terms`` marked (``highlight`` adds only <mark>)."""
    return [Markup(highlight(p.strip(), terms)) for p in text.splitlines() if p.strip()]


def related_alerts(services: Services, event_id: str | None) -> list[AlertRecord]:
    """The alert of the event (one per event), when alerts run and the event has one."""
    if not event_id or services.alert_database is None:
        return []
    found = alert_for_event(services.alert_database, event_id)
    return [found] if found is not None else []


@router.get("/documents/{doc_id}")
def document_page(request: Request, principal: CanSearch, doc_id: str, q: str = "") -> HTMLResponse:
    services = services_of(request)
    document = services.store.get(doc_id[:64])
    if document is None:
        raise NotFound("没有这篇文章（可能已被删除）。")
    event = None
    event_id = document.event_id
    if services.events is not None:
        event_id = event_id or services.events.event_of(document.id)
        if event_id:
            event = services.events.events_by_id([event_id]).get(event_id)
    terms = query_terms(q[:1000])
    related = services.store.get_many([i for i in (document.parent_id, document.duplicate_of) if i])
    context = {
        "doc": document,
        "title_html": Markup(highlight(document.title, terms)),  # escaped; <mark> only
        "paragraphs": marked_paragraphs(document.text, terms),
        "event": event,
        "related": {d.id: d for d in related},
        "alerts": related_alerts(services, event_id),
    }
    return render(request, "document.html", context)
