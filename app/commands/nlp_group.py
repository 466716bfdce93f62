"""The ``qingshan nlp`` command group; its commands live in nlp_models.py and nlp_analysis.py."""

from __future__ import annotations

import click


@click.group("nlp")
def nlp_group() -> None:
    """Chinese NLP: analysis and the analysts' model loop (train, evaluate, compare, models, promote)."""


def register(group: click.Group) -> None:
    """Attach ``qingshan nlp`` with the commands of nlp_models.py and nlp_analysis.py."""
    from app.commands import nlp_analysis, nlp_models

    nlp_models.register(nlp_group)
    nlp_analysis.register(nlp_group)
    group.add_command(nlp_group)
