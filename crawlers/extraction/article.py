"""The typed result of extracting one page."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawlers.extraction.dates import SHANGHAI

BodySource = Literal["rules", "density", "trafilatura", "none"]


class ExtractedArticle(BaseModel):
    """An article as extracted from one HTML page.

    ``title`` and ``text`` are Simplified Chinese (for analysis); when the page was Traditional,
    ``original_title`` and ``original_text`` keep what it said. ``published_at`` is aware, in Asia/Shanghai.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    text: str = ""
    published_at: datetime | None = None
    author: str | None = None
    origin: str | None = Field(default=None, description="来源: the outlet the page credits")
    canonical_url: str | None = None
    encoding: str | None = Field(default=None, description="the codec the bytes were decoded with")
    language_variant: Literal["simplified", "traditional"] = "simplified"
    original_title: str | None = None
    original_text: str | None = None
    body_source: BodySource = Field(default="none", description="which method produced the text")

    @field_validator("published_at")
    @classmethod
    def _shanghai(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("published_at must be timezone-aware")
        return value.astimezone(SHANGHAI)
