"""The one Document schema. The Scrapy item, the SQL row and the Elasticsearch mapping derive from it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SHANGHAI = ZoneInfo("Asia/Shanghai")


class SourceType(StrEnum):
    NEWS = "news"
    SOCIAL = "social"
    BOARD = "board"
    OFFICIAL = "official"


class Sentiment(StrEnum):
    """Public-opinion polarity; the Chinese label is what users see."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"

    @property
    def label_zh(self) -> str:
        return {"positive": "正面", "neutral": "中性", "negative": "负面"}[self.value]


def _to_shanghai(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return value.astimezone(SHANGHAI)


AwareDatetime = Annotated[datetime, AfterValidator(_to_shanghai)]
RegionCode = Annotated[str, Field(pattern=r"^\d{6}$")]


class Engagement(BaseModel):
    """Counts as the platform reports them when the item was fetched."""

    model_config = ConfigDict(extra="forbid")

    reposts: int = Field(default=0, ge=0)
    comments: int = Field(default=0, ge=0)
    likes: int = Field(default=0, ge=0)
    reads: int = Field(default=0, ge=0)


class Document(BaseModel):
    """A crawled news article, social post or message-board item, with the analysis of it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # identity and provenance
    id: str = Field(min_length=1, max_length=64)
    url: str = Field(min_length=1, max_length=4096)
    source: str = Field(min_length=1, max_length=200, description="configured source id")
    source_type: SourceType
    title: str = ""
    text: str = ""
    author: str | None = None
    author_verified: bool = False
    origin: str | None = Field(default=None, description="来源: the outlet a page credits")
    published_at: AwareDatetime
    fetched_at: AwareDatetime
    engagement: Engagement = Engagement()
    parent_id: str | None = Field(default=None, description="the reposted original's id")
    original_title: str | None = Field(default=None, description="title before Traditional→Simplified")
    original_text: str | None = Field(default=None, description="text before Traditional→Simplified")
    # analysis (filled by nlp, wired in app)
    sentiment: Sentiment | None = None
    sentiment_score: float | None = Field(default=None, ge=0.0, le=1.0)
    topics: list[str] = []
    regions: list[RegionCode] = []
    keywords: list[str] = []
    summary: str | None = None
    simhash: int | None = Field(default=None, ge=0, lt=2**64)
    event_id: str | None = None
    duplicate_of: str | None = None

    @property
    def provinces(self) -> list[str]:
        """Province codes (``110000``) of the document's regions, without repeats."""
        return sorted({code[:2] + "0000" for code in self.regions})


def canonical_url(url: str) -> str:
    """Normalise a URL for identity: lower-case scheme and host, no fragment, no default port."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


def make_document_id(
    *, url: str | None = None, platform: str | None = None, post_id: str | None = None
) -> str:
    """A stable id: the hash of the canonical URL, or of platform + post id for social posts."""
    if platform and post_id:
        key = f"{platform.lower()}:{post_id}"
    elif url:
        key = canonical_url(url)
    else:
        raise ValueError("a document id needs a url, or a platform and a post id")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
