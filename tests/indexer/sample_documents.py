"""Original, hand-written documents for the store contract tests (not taken from any corpus)."""

from __future__ import annotations

from datetime import datetime

from indexer.document import SHANGHAI, Document, Engagement, Sentiment, SourceType, make_document_id


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def doc(
    slug: str,
    title: str,
    text: str,
    *,
    source: str = "news-a",
    source_type: SourceType = SourceType.NEWS,
    published: datetime | None = None,
    sentiment: Sentiment | None = None,
    topics: list[str] | None = None,
    regions: list[str] | None = None,
    author: str | None = None,
) -> Document:
    url = f"https://news.example.cn/env/{slug}.html"
    published = published or _at(20, 9)
    return Document(
        id=make_document_id(url=url),
        url=url,
        source=source,
        source_type=source_type,
        title=title,
        text=text,
        author=author,
        published_at=published,
        fetched_at=published,
        sentiment=sentiment,
        topics=topics or [],
        regions=regions or [],
        engagement=Engagement(reposts=3, comments=5, likes=8),
    )


def sample_documents() -> list[Document]:
    """Eight items over three days, several sources, sentiments, topics and regions."""
    return [
        doc(
            "fish-kill",
            "青溪县河段出现大面积死鱼 环保部门连夜取样",
            "11月19日晚，青溪县城南河段水面漂浮大量死鱼，附近居民怀疑上游化工企业偷排。县生态环境局已连夜取样检测。",
            published=_at(19, 22, 30),
            sentiment=Sentiment.NEGATIVE,
            topics=["water"],
            regions=["320115"],
        ),
        doc(
            "haze-beijing",
            "北京启动重污染天气橙色预警",
            "受不利气象条件影响，北京未来三天将出现雾霾，PM2.5浓度可能超过每立方米150微克，请市民减少户外活动。",
            published=_at(20, 8),
            sentiment=Sentiment.NEGATIVE,
            topics=["air"],
            regions=["110000"],
        ),
        doc(
            "haze-drill",
            "北京开展重污染天气应急演习",
            "为检验应急预案，北京市今日组织重污染天气应急演习，雾霾天气下的交通管控措施得到检验。",
            published=_at(20, 10),
            sentiment=Sentiment.NEUTRAL,
            topics=["air"],
            regions=["110000"],
        ),
        doc(
            "wetland",
            "湿地修复让候鸟重回湖畔",
            "经过三年生态修复，湖区湿地面积恢复到两千公顷，今冬已观测到白鹤等候鸟四十余种。",
            source="weibo",
            source_type=SourceType.SOCIAL,
            published=_at(21, 9, 15),
            sentiment=Sentiment.POSITIVE,
            topics=["ecology"],
            regions=["360100"],
            author="江西环境",
        ),
        doc(
            "black-water",
            "市民反映小区旁黑臭水体问题",
            "小区东侧的排水沟常年发黑发臭，夏天更严重，希望有关部门尽快治理黑臭水体。",
            source="board",
            source_type=SourceType.BOARD,
            published=_at(21, 14),
            sentiment=Sentiment.NEGATIVE,
            topics=["water"],
            regions=["320102"],
        ),
        doc(
            "response",
            "县生态环境局通报城南河段死鱼调查进展",
            "经检测，死鱼系企业违法排放含氨废水所致，涉事企业已停产整改，相关责任人被依法处理。",
            source="qingxi-gov",
            source_type=SourceType.OFFICIAL,
            published=_at(21, 23, 30),
            sentiment=Sentiment.NEUTRAL,
            topics=["water", "enforcement"],
            regions=["320115"],
        ),
        doc(
            "xss",
            '<script>alert("x")</script>雾霾 & 噪声',
            '<img src=x onerror=alert(1)> 夜间施工噪声扰民，居民投诉"没人管"。',
            source="weibo",
            source_type=SourceType.SOCIAL,
            published=_at(21, 16),
            sentiment=Sentiment.NEGATIVE,
            topics=["noise"],
            regions=["110105"],
            author="<b>someone</b>",
        ),
        doc(
            "football",
            "本周末足球联赛看点",
            "联赛进入收官阶段，多支球队争夺最后的晋级名额。",
            source="news-b",
            published=_at(19, 12),
        ),
    ]
