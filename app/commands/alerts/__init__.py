"""Alert commands: list, show, ack, assign, respond, follow-up, close; evaluate, sweep, deliver, outbox;
backtest rules over indexed history.

``analyzer`` (the index's query analyzer) and ``nlp_heat`` (NLP's heat index as an alerts heat
function) are what the service uses to build :class:`alerts.AlertService` the same way."""

from __future__ import annotations

import click

from app.commands.alerts import backtest, handling, operations
from app.commands.alerts.group import alerts_group, analyzer, nlp_heat

COMMAND_MODULES = (handling, operations, backtest)  # importing them attaches their commands

__all__ = ["analyzer", "nlp_heat", "register"]


def register(group: click.Group) -> None:
    """Attach the ``alerts`` command group."""
    group.add_command(alerts_group)
