"""What the event functions take in: plain dataclasses the app fills from its documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

SourceKind = Literal["news", "social", "board", "official"]
SentimentLabel = Literal["positive", "neutral", "negative"]


@dataclass(frozen=True, slots=True)
class Engagement:
    """Counts as the platform reported them."""

    reposts: int = 0
    comments: int = 0
    likes: int = 0
    reads: int = 0

    @property
    def total(self) -> int:
        """Interactions, with reads counted at one hundredth (a read is cheap, a repost spreads)."""
        return self.reposts + self.comments + self.likes + self.reads // 100


@dataclass(frozen=True, slots=True)
class EventItem:
    """One analysed item (news article, social post, board message).

    ``published_at`` must be timezone-aware. ``regions`` are 6-digit codes, ``topics`` taxonomy ids,
    ``keywords`` the item's keywords (they count twice in its term vector). ``parent_id`` (the reposted
    original) and ``duplicate_of`` put the item straight into the event of that item. ``mainstream`` marks
    national and provincial outlets (the app knows them from the source configuration).
    """

    id: str
    title: str
    text: str
    published_at: datetime
    source: str
    source_type: SourceKind = "news"
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sentiment: SentimentLabel | None = None
    engagement: Engagement = field(default_factory=Engagement)
    keywords: tuple[str, ...] = ()
    parent_id: str | None = None
    duplicate_of: str | None = None
    mainstream: bool = False

    def __post_init__(self) -> None:
        if self.published_at.tzinfo is None:
            raise ValueError(f"item {self.id}: published_at must be timezone-aware")

    @property
    def official(self) -> bool:
        return self.source_type == "official"
