"""Chinese names for what documents carry as ids and codes: topics, sources, regions, sentiments, types."""

from __future__ import annotations

import functools

from config import Settings
from indexer.document import Sentiment, SourceType
from nlp.regions import Gazetteer, default_gazetteer

SOURCE_TYPE_LABELS: dict[str, str] = {
    SourceType.NEWS: "新闻网站",
    SourceType.SOCIAL: "社交媒体",
    SourceType.BOARD: "留言板",
    SourceType.OFFICIAL: "政务发布",
}
SENTIMENT_LABELS: dict[str, str] = {s.value: s.label_zh for s in Sentiment}


@functools.cache
def _gazetteer() -> Gazetteer:
    return default_gazetteer()


class Labels:
    """Lookups built once from settings; unknown ids are shown as they are."""

    def __init__(self, settings: Settings) -> None:
        self.topics = {topic.id: topic.name for topic in settings.topics.topics}
        self.sources = {source.id: source.name for source in settings.sources.sources}
        self.sensitive_terms = {term.id: term.label for term in settings.alerts.sensitive_terms}

    def topic(self, topic_id: str) -> str:
        return self.topics.get(topic_id, topic_id)

    def sensitive(self, category_id: str) -> str:
        return self.sensitive_terms.get(category_id, category_id)

    def source(self, source_id: str) -> str:
        return self.sources.get(source_id, source_id)

    @staticmethod
    def sentiment(value: str | None) -> str:
        return SENTIMENT_LABELS.get(value or "", "未判定")

    @staticmethod
    def source_type(value: str) -> str:
        return SOURCE_TYPE_LABELS.get(value, value)

    @staticmethod
    def region(code: str) -> str:
        """The full name with its parents: ``江苏省 南京市 江宁区``; the code when unknown."""
        regions = _gazetteer().regions
        names: list[str] = []
        current = regions.get(code.ljust(6, "0"))
        while current is not None and len(names) < 3:
            names.append(current.name)
            current = regions.get(current.parent) if current.parent else None
        return " ".join(reversed(names)) or code
