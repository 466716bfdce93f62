"""CLI sub-command modules; each exposes ``register(group)``."""

from __future__ import annotations

import click


def register_commands(group: click.Group) -> None:
    """Attach every area's commands to the top-level group."""
    from app.commands import alerts, core, crawl, digest, extract, hotspots, service, web

    for module in (core, crawl, extract, hotspots, web, alerts, digest, service):
        module.register(group)
