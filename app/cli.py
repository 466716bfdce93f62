"""The ``qingshan`` command line. Sub-commands live in app/commands/, one module per area, imported
when used (:class:`app.commands.LazyGroup`)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from app.commands import LazyGroup


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="QINGSHAN_CONFIG",
    default=None,
    help="User config directory overriding the shipped defaults (env QINGSHAN_CONFIG).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG level.")
@click.pass_context
def cli(ctx: click.Context, config_dir: Path | None, verbose: bool) -> None:
    """qingshan — environmental media and public-opinion monitoring."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = {"config_dir": config_dir}


def main() -> None:
    from app.context import storage_errors_exit

    with storage_errors_exit():
        cli(prog_name="qingshan")
