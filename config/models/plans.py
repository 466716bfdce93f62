"""Keyword plans (监测方案): named boolean keyword expressions written by press offices."""

from __future__ import annotations

from pydantic import Field

from config.models.base import StrictModel


class KeywordPlan(StrictModel):
    """One monitoring plan; ``query`` is written in the query language (see indexer.query)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    query: str = Field(min_length=1, max_length=2000)
    # Weibo search keywords derived from this plan (the crawler's keyword search uses them).
    search_keywords: list[str] = []


class PlanSettings(StrictModel):
    """``plans.yaml``."""

    plans: list[KeywordPlan] = []
