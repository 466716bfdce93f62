"""Original, hand-written Chinese documents for the alerts tests (not taken from any corpus).

A county fish kill in 南京市江宁区 (320115) that grows over four hours: first posts, a news report,
a drinking-water concern, schoolchildren falling ill, and the district bureau's official notice.
A haze item in 北京市朝阳区 (110105) is a separate event that no water rule should touch.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from indexer.document import SHANGHAI, Document, Engagement, Sentiment, SourceType, make_document_id

FISH_EVENT = "evt-fish-jiangning"
HAZE_EVENT = "evt-haze-chaoyang"
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=SHANGHAI)


def item(
    slug: str,
    title: str,
    text: str,
    *,
    minutes: float,
    source: str,
    source_type: SourceType = SourceType.NEWS,
    sentiment: Sentiment | None = Sentiment.NEGATIVE,
    event_id: str = FISH_EVENT,
    regions: tuple[str, ...] = ("320115",),
    topics: tuple[str, ...] = ("water",),
    author: str | None = None,
    engagement: Engagement | None = None,
) -> Document:
    url = f"https://{source}.example.cn/items/{slug}.html"
    published = T0 + timedelta(minutes=minutes)
    return Document(
        id=make_document_id(url=url),
        url=url,
        source=source,
        source_type=source_type,
        title=title,
        text=text,
        author=author,
        published_at=published,
        fetched_at=published + timedelta(minutes=2),
        sentiment=sentiment,
        topics=list(topics),
        regions=list(regions),
        event_id=event_id,
        engagement=engagement or Engagement(reposts=12, comments=30, likes=55),
    )


def fish_kill_stages() -> list[list[Document]]:
    """The fish-kill event in the order it unfolds; each stage is what arrives in one crawl batch."""
    return [
        [
            item(
                "post-1",
                "江宁这条河怎么漂满了死鱼",
                "今天早上路过江宁区秦淮河支流，河面上全是翻白的死鱼，味道很冲，有没有人管一管？",
                minutes=0,
                source="weibo",
                source_type=SourceType.SOCIAL,
                author="江宁路人甲",
            ),
            item(
                "post-2",
                "死鱼越来越多，旁边就是排污口",
                "又去看了一眼，死鱼比早上还多，岸边的排污口一直在往外流黄色的水。",
                minutes=30,
                source="weibo",
                source_type=SourceType.SOCIAL,
                author="秦淮河边住户",
            ),
            item(
                "news-1",
                "江宁区一河段出现大面积死鱼 居民怀疑附近企业偷排",
                "20日上午，南京市江宁区秦淮河一条支流出现大面积死鱼，沿岸居民反映附近有企业夜间偷排污水。"
                "记者在现场看到，河面漂浮的死鱼绵延数百米。",
                minutes=60,
                source="news-a",
            ),
        ],
        [
            item(
                "news-2",
                "死鱼河段下游两公里处为水厂取水口 居民担忧饮用水安全",
                "据了解，出现死鱼的河段下游约两公里处是当地自来水厂的取水口，不少居民担心饮用水是否受到影响，"
                "纷纷到超市购买桶装水。",
                minutes=120,
                source="news-b",
            ),
        ],
        [
            item(
                "post-3",
                "学校通知停用自来水，好几个学生腹泻去医院了",
                "孩子所在的小学今天中午通知停用自来水，班里已经有好几个学生腹泻，到医院就医。家长群里都在问是不是和死鱼有关。",
                minutes=180,
                source="weibo",
                source_type=SourceType.SOCIAL,
                author="江宁一位家长",
                engagement=Engagement(reposts=800, comments=1500, likes=3000),
            ),
        ],
        [
            item(
                "official-1",
                "江宁区生态环境局关于秦淮河支流死鱼情况的通报",
                "11月20日上午，我局接群众反映秦淮河支流出现死鱼，立即组织执法人员赶赴现场调查并采样监测。"
                "目前已对周边企业排污情况开展排查，水厂取水口水质监测结果正常，调查结果将及时向社会公布。",
                minutes=240,
                source="jiangning-gov",
                source_type=SourceType.OFFICIAL,
                sentiment=Sentiment.NEUTRAL,
                author="江宁生态环境",
            ),
        ],
    ]


def haze_item() -> Document:
    return item(
        "haze-1",
        "朝阳区今晨出现轻度雾霾",
        "今天早晨北京市朝阳区能见度较低，空气质量为轻度污染，预计午后随着冷空气到来逐步好转。",
        minutes=15,
        source="news-c",
        sentiment=Sentiment.NEUTRAL,
        event_id=HAZE_EVENT,
        regions=("110105",),
        topics=("air",),
    )


def all_documents() -> list[Document]:
    return [doc for stage in fish_kill_stages() for doc in stage] + [haze_item()]
