"""The topic taxonomy (DOMAIN.md): each topic has a label, keywords and the responsible department."""

from __future__ import annotations

from pydantic import Field

from config.models.base import StrictModel


class Topic(StrictModel):
    """One environmental sub-topic such as 大气 or 水."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)
    # 谁主管谁负责: the department that answers for this topic.
    department: str = ""


class TopicSettings(StrictModel):
    """``topics.yaml``."""

    topics: list[Topic] = []
