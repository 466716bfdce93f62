"""What a saved pipeline becomes when it is loaded: the task's model object.

A registry file holds the fitted scikit-learn pipeline only; :func:`wrap` turns it into a
:class:`nlp.sentiment.SentimentModel` (``sentiment``) or :class:`nlp.relevance.RelevanceModel`
(``relevance``) with the options from settings (``incident_shift``, ``threshold``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nlp.errors import ModelLoadError
from nlp.relevance import RelevanceModel
from nlp.sentiment.model import SentimentModel

TASKS = ("sentiment", "relevance")


def wrap(task: str, pipeline: Any, options: Mapping[str, Any] | None = None, *, source: object = "") -> Any:
    """``SentimentModel`` / ``RelevanceModel`` around ``pipeline``; ModelLoadError when it does not fit."""
    options = dict(options or {})
    try:
        if task == "sentiment":
            return SentimentModel(pipeline, **options)
        if task == "relevance":
            return RelevanceModel(pipeline, **options)
    except (AttributeError, TypeError, ValueError) as exc:
        raise ModelLoadError(f"{source or 'the model'} is not a {task} model: {exc}") from exc
    raise ValueError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
