"""``python -m app.service.crawl_child PARENT_PID [--config DIR] [--write-turn R,W] crawl SOURCE --once --quiet``.

The service runs each crawl through this module. It asks Linux to send SIGTERM when the parent goes
away (``PR_SET_PDEATHSIG``): even after ``kill -9`` of the service the crawl stops cleanly (its pipeline
flushes, nothing is half-written); a SIGTERM that comes before the crawl handles it (while it starts up)
ends the whole process group, so no helper process (the extraction pool's forkserver) outlives it. Then it
runs ``qingshan crawl`` with the remaining arguments, through
a group with the options of :mod:`app.cli` and only the crawl command: the other areas' command modules
import heavy libraries (scipy, matplotlib) that a crawl does not need, and each crawl is a new process.
``--write-turn`` names the pipes on which the crawl asks the service for the writers' turn before each
batch it writes (:mod:`app.service.write_turns`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
from pathlib import Path

import click

from app.service.write_turns import TurnClient

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1


def end_group_on_early_sigterm() -> None:
    """Until Scrapy installs its own handler, SIGTERM kills this process and what it started (only when it
    leads its process group, as the service starts it)."""
    if os.getpgid(0) != os.getpid():
        return

    def end_group(_signum: int, _frame: object) -> None:
        os.killpg(0, signal.SIGKILL)

    signal.signal(signal.SIGTERM, end_group)


def die_with_parent(parent_pid: int) -> None:
    """SIGTERM this process when its parent exits (Linux); exit now if the parent is already gone."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            logger.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    if os.getppid() != parent_pid:
        sys.exit("the service that started this crawl is gone")


@click.group()
@click.option("--config", "config_dir", type=click.Path(path_type=Path, file_okay=False), default=None)
@click.option("-v", "--verbose", is_flag=True)
@click.option(
    "--write-turn", default=None, help="REQUESTS_FD,GRANTS_FD: ask the service for the writers' turn."
)
@click.pass_context
def crawl_cli(ctx: click.Context, config_dir: Path | None, verbose: bool, write_turn: str | None) -> None:
    """``qingshan`` with only the crawl command (same options as app.cli)."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = {"config_dir": config_dir, "write_turns": TurnClient.parse(write_turn) if write_turn else None}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or not argv[0].isdigit():
        sys.exit("usage: python -m app.service.crawl_child PARENT_PID [--config DIR] crawl SOURCE --once")
    end_group_on_early_sigterm()
    die_with_parent(int(argv[0]))
    from app.commands.crawl import crawl_command
    from app.context import storage_errors_exit

    crawl_cli.add_command(crawl_command)
    with storage_errors_exit():
        crawl_cli.main(args=argv[1:], prog_name="qingshan")


if __name__ == "__main__":
    main(sys.argv[1:])
