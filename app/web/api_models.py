"""Response bodies of the JSON API (they make its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from indexer.document import Document


class Me(BaseModel):
    username: str
    display_name: str
    role: str
    role_label: str
    permissions: list[str]


class Hit(BaseModel):
    document: Document
    score: float | None
    title_html: str  # HTML-escaped title; query terms wrapped in <mark>
    snippet_html: str  # HTML-escaped excerpt; query terms wrapped in <mark>


class FacetCount(BaseModel):
    value: str
    label: str
    count: int


class SearchResponse(BaseModel):
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]


class HotspotOut(BaseModel):
    event_id: str
    title: str
    heat: float
    items: int
    sources: int
    engagement: int
    first_seen: datetime
    last_seen: datetime
    regions: list[str]
    topics: list[str]


class EventOut(BaseModel):
    id: str
    title: str
    first_seen: datetime
    last_seen: datetime
    item_count: int
    heat: float
    regions: dict[str, int]
    topics: dict[str, int]
    document_ids: list[str]  # chronological, at most 500
    official_ids: list[str]
    repost_count: int


class DigestFileOut(BaseModel):
    path: str
    kind: str  # PDF, 网页, JSON ...
    size: int
    modified: datetime
    url: str


class DigestOut(BaseModel):
    key: str
    title: str
    monthly: bool
    files: list[DigestFileOut]


class SourceOut(BaseModel):
    id: str
    name: str
    kind: str
    enabled: bool
    status: str
    status_label: str
    status_reason: str
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_new_item_at: datetime | None
    consecutive_failures: int
    new_items: int
    next_due_at: datetime | None


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None


class DeadlineOut(BaseModel):
    kind: str
    label: str
    due_at: datetime
    met_at: datetime | None
    overdue: bool


class AlertOut(BaseModel):
    id: int
    event_id: str
    title: str
    level: str  # I–IV
    level_label: str
    state: str
    state_label: str
    scope: str
    area_code: str | None
    office: str
    department: str | None
    item_count: int
    opened_at: datetime
    last_item_at: datetime
    assignee: str | None
    response_url: str | None
    responded_at: datetime | None
    overdue: bool
    deadlines: list[DeadlineOut]


class TransitionOut(BaseModel):
    action: str
    from_state: str | None
    to_state: str
    actor: str
    at: datetime
    note: str


class AlertDetailOut(AlertOut):
    transitions: list[TransitionOut]
    representative_doc_ids: list[str]


class AlertActionIn(BaseModel):
    """The body of an alert action; which fields matter depends on the action."""

    note: str = Field(default="", max_length=2000)
    assignee: str = Field(default="", max_length=200)  # assign
    url: str = Field(default="", max_length=4096)  # respond: the official response's link
    use_candidate: bool = False  # respond: confirm the detected response instead of a link
    deadlines: list[str] | None = None  # respond: deadline kinds met (default: every non-explicit one)
