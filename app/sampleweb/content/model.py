"""The sample web's content types: articles, Weibo accounts and posts, message-board threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from app.sampleweb.clock import SCENARIO_START

Site = Literal["newsa", "newsb", "bureau"]
Role = Literal["report", "complaint", "official_response", "followup", "background", "noise"]


def at(days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
    """A scenario instant relative to ``SCENARIO_START``."""
    return SCENARIO_START + timedelta(days=days, hours=hours, minutes=minutes)


@dataclass(frozen=True)
class Tags:
    """What an item is about, for the ground truth (not served to crawlers)."""

    event: str | None
    role: Role
    region: str | None = None


@dataclass(frozen=True)
class Article:
    """A news article or a press release on one of the HTML sites."""

    site: Site
    num: int
    channel: str
    title: str
    published_at: datetime
    origin: str
    paragraphs: tuple[str, ...]
    tags: Tags
    author: str | None = None
    editor: str = "王佳"
    traditional: bool = False
    internal: bool = False

    @property
    def item_id(self) -> str:
        return f"{self.site}-{self.num}"

    @property
    def official(self) -> bool:
        return self.site == "bureau"


@dataclass(frozen=True)
class Account:
    """A Weibo user. ``verified_type`` uses real Weibo values (1 = government, 3 = media, 0 = personal V)."""

    uid: int
    screen_name: str
    verified_type: int = -1
    verified_reason: str = ""
    followers: int = 300
    description: str = ""
    province: str = "安徽"

    @property
    def verified(self) -> bool:
        return self.verified_type >= 0

    @property
    def official(self) -> bool:
        return self.verified_type == 1


@dataclass(frozen=True)
class Engagement:
    """Final counts a post converges to, and how fast (half-life in scenario hours)."""

    reposts: int = 0
    comments: int = 0
    likes: int = 0
    half_life_hours: float = 1.5


@dataclass(frozen=True)
class PostSpec:
    """A post as content modules declare it; ``repost_of`` names another spec's ``key``. Mids come later."""

    key: str
    account: Account
    published_at: datetime
    text: str
    tags: Tags
    engagement: Engagement = Engagement()
    repost_of: str | None = None
    app: str = "iPhone客户端"


@dataclass(frozen=True)
class Post:
    """A Weibo post. ``text`` uses light markup: #话题#, @用户, [表情], newlines; rendered to Weibo HTML."""

    mid: int
    account: Account
    published_at: datetime
    text: str
    tags: Tags
    engagement: Engagement = Engagement()
    repost_of: int | None = None
    app: str = "iPhone客户端"

    @property
    def item_id(self) -> str:
        return f"weibo-{self.mid}"


@dataclass(frozen=True)
class Area:
    """A board thread's place: province, city, county names and the 6-digit code."""

    province: str
    city: str
    county: str
    code: str


@dataclass(frozen=True)
class Reply:
    """An office's answer to a board thread; ``accepted_at`` (办理中) comes before ``replied_at``."""

    org: str
    text: str
    replied_at: datetime
    accepted_at: datetime | None = None


@dataclass(frozen=True)
class Thread:
    """A message-board thread (留言)."""

    tid: int
    fid: int
    title: str
    content: str
    area: Area
    submitted_at: datetime
    tags: Tags
    domain: str = "环境保护"
    type_name: str = "投诉"
    reply: Reply | None = None
    accepted_at: datetime | None = None

    @property
    def item_id(self) -> str:
        return f"board-{self.tid}"

    def status_at(self, now: datetime) -> str:
        """未回复 / 办理中 / 已回复 at scenario time ``now``."""
        if self.reply is not None and self.reply.replied_at <= now:
            return "已回复"
        accepted = self.reply.accepted_at if self.reply is not None else self.accepted_at
        if accepted is not None and accepted <= now:
            return "办理中"
        return "未回复"
