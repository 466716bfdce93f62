"""The top-level CLI imports a command's module only when that command is used."""

from __future__ import annotations

import subprocess
import sys

import click

from app.cli import cli
from app.commands import COMMAND_MODULES, register_commands


def test_every_mapped_name_is_a_command_of_its_module() -> None:
    ctx = click.Context(cli)
    for name in COMMAND_MODULES:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert command.name == name


def test_the_map_lists_every_command_the_modules_register() -> None:
    group = click.Group()
    register_commands(group)
    assert set(group.commands) == set(COMMAND_MODULES)


def test_a_light_command_does_not_import_the_heavy_areas() -> None:
    probe = (
        "import sys\n"
        "from app.cli import cli\n"
        "try:\n"
        "    cli(['status', '--help'], prog_name='qingshan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['skops', 'scipy.stats', 'matplotlib', 'app.commands.alerts', 'app.commands.digest']\n"
        "print(' '.join(name for name in heavy if name in sys.modules) or 'none')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert "qingshan status" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "none"
