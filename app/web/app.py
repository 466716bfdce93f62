"""The FastAPI application: pages, the JSON API under /api/v1, static files, error pages, headers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.web.error_pages import install_error_handlers
from app.web.keepalive import ConnectionRecycler
from app.web.labels import Labels
from app.web.routes import ROUTERS
from app.web.security_headers import SecurityHeadersMiddleware
from app.web.services import Services
from app.web.templating import build_templates
from config import Settings
from indexer.store import Store

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
API_DESCRIPTION = """青山舆情监测系统的 JSON 接口。其他系统使用 API 令牌访问：`Authorization: Bearer qs_…`
（管理员在“用户管理”页或用 `qingshan users token` 创建）；令牌拥有其所属用户的角色权限。"""


def create_app(
    settings: Settings, *, services: Services | None = None, store: Store | None = None
) -> FastAPI:
    """The console. Without ``services`` they are opened at start-up (on ``store`` if given) and
    closed at shutdown; given ``services`` stay open (their owner closes them)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services if services is not None else Services.open(settings, store=store)
        try:
            yield
        finally:
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="青山舆情监测 API",
        version="1",
        description=API_DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; the schema is at /api/openapi.json
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    if services is not None:
        app.state.services = services
    labels = services.labels if services is not None else Labels(settings)
    app.state.templates = build_templates(labels, settings.tz)
    app.state.settings = settings
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(ConnectionRecycler)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    install_error_handlers(app)
    return app
