"""The console's routers, one module per area; every route declares its permission with ``require``."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.routes import (
    account,
    alerts,
    api,
    api_alerts,
    auth,
    digests,
    documents,
    events,
    models,
    search,
    sources,
    users,
)

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    account.router,
    search.router,
    documents.router,
    events.router,
    digests.router,
    sources.router,
    users.router,
    alerts.router,
    models.router,
    api.router,
    api_alerts.router,
    models.api_router,
    api.openapi_router,
)
