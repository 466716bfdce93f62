"""The console for uvicorn worker processes (``qingshan serve --workers N``): each worker builds the app
from ``$QINGSHAN_CONFIG`` and opens its own services at start-up."""

from __future__ import annotations

from fastapi import FastAPI

from app.web.app import create_app
from config import load_settings


def create_from_environment() -> FastAPI:
    """The app factory uvicorn imports in each worker (``factory=True``)."""
    return create_app(load_settings())
