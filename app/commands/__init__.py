"""CLI sub-command modules; each exposes ``register(group)``.

The top-level group imports a command's module only when that command runs (or when ``--help`` lists
them all): the areas import heavy libraries (scikit-learn, scipy, skops, matplotlib) that most commands
never use, and every ``qingshan`` call is a new process.
"""

from __future__ import annotations

import importlib

import click

# command name → the module whose ``register(group)`` attaches it (a module may attach several)
COMMAND_MODULES: dict[str, str] = {
    "init": "app.commands.core",
    "config": "app.commands.core",
    "search": "app.commands.core",
    "stats": "app.commands.core",
    "reindex": "app.commands.core",
    "import": "app.commands.core",
    "crawl": "app.commands.crawl",
    "sources": "app.commands.crawl",
    "extract": "app.commands.extract",
    "hotspots": "app.commands.hotspots",
    "serve": "app.commands.web",
    "users": "app.commands.web",
    "alerts": "app.commands.alerts",
    "digest": "app.commands.digest",
    "briefing": "app.commands.digest",
    "run": "app.commands.service",
    "status": "app.commands.service",
    "nlp": "app.commands.nlp_group",
}


def register_module(group: click.Group, module_name: str) -> None:
    importlib.import_module(module_name).register(group)


class LazyGroup(click.Group):
    """A group whose sub-commands (see :data:`COMMAND_MODULES`) are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMAND_MODULES:
            register_module(self, COMMAND_MODULES[cmd_name])
            command = super().get_command(ctx, cmd_name)
        return command


def register_commands(group: click.Group) -> None:
    """Attach every area's commands now (what :class:`LazyGroup` does on demand)."""
    for module_name in dict.fromkeys(COMMAND_MODULES.values()):
        register_module(group, module_name)
