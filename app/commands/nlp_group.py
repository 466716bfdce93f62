"""The ``qingshan nlp`` command group; its commands live in nlp_models.py and nlp_analysis.py."""

from __future__ import annotations

import click


@click.group("nlp")
def nlp_group() -> None:
    """Chinese NLP: analysis and the analysts' model loop (train, evaluate, compare, models, promote)."""
