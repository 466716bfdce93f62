"""Hand-written documents for the digest tests, spread over nine days before the digest of 2024-06-10.

Three events in the digest's period (2024-06-09 08:00 to 2024-06-10 08:00, Asia/Shanghai): dead fish
in a river in 江宁 (water, negative, answered by the district bureau), a night-time smell in a
石家庄 industrial park (air, negative, unanswered) and 六五环境日 volunteering in 深圳 (positive).
One item carries XSS payloads in its title, text and URL. Earlier days hold background items and an
official statement from May on the same river.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from indexer.document import Document, Engagement, Sentiment, SourceType, make_document_id

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2024, 6, 10)
PERIOD_END = datetime.combine(DAY, time(8, 0), TZ)
PERIOD_START = PERIOD_END - timedelta(days=1)
XSS_TITLE = '<script>alert("xss")</script>偷排曝光<img src=x onerror=alert(1)>'
XSS_URL = "javascript:alert(document.cookie)"

SOURCES = {
    "weibo": ("微博搜索", SourceType.SOCIAL),
    "jsnews": ("江苏新闻网", SourceType.NEWS),
    "board": ("领导留言板", SourceType.BOARD),
    "njeeb": ("南京市生态环境局", SourceType.OFFICIAL),
    "hbnews": ("河北新闻网", SourceType.NEWS),
    "szeeb": ("深圳市生态环境局", SourceType.OFFICIAL),
    "envnews": ("中国环境网", SourceType.NEWS),
}


def doc(
    key: str,
    source: str,
    at: datetime,
    title: str,
    text: str,
    *,
    sentiment: Sentiment | None,
    topics: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    reposts: int = 0,
    reads: int = 0,
    url: str | None = None,
) -> Document:
    link = url or f"https://example.org/{source}/{key}.html"
    return Document(
        id=make_document_id(url=f"https://example.org/{source}/{key}.html"),
        url=link,
        source=source,
        source_type=SOURCES[source][1],
        title=title,
        text=text,
        published_at=at,
        fetched_at=at + timedelta(minutes=5),
        engagement=Engagement(reposts=reposts, reads=reads),
        sentiment=sentiment,
        topics=list(topics),
        regions=list(regions),
    )


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=TZ)


NEG, NEU, POS = Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE
JIANGNING, SHIJIAZHUANG, SHENZHEN = ("320115",), ("130100",), ("440300",)


def fish_event() -> list[Document]:
    water = ("water",)
    return [
        doc(
            "fish-1",
            "weibo",
            at(9, 9, 30),
            "江宁这条河又漂满死鱼",
            "江宁区秦淮河支流今天早上又漂满死鱼，气味刺鼻，附近居民怀疑上游工厂偷排污水。",
            sentiment=NEG,
            topics=water,
            regions=JIANGNING,
            reposts=320,
        ),
        doc(
            "fish-2",
            "jsnews",
            at(9, 11, 5),
            "南京江宁一河道出现大面积死鱼 居民怀疑上游偷排",
            "记者在江宁区秦淮河支流看到，河面漂浮大量死鱼，居民反映上游工厂夜间偷排污水，已向环保部门反映。",
            sentiment=NEG,
            topics=water,
            regions=JIANGNING,
            reposts=45,
        ),
        doc(
            "fish-3",
            "board",
            at(9, 15, 40),
            "关于江宁区河道死鱼和偷排问题的留言",
            "江宁区秦淮河支流多次出现死鱼，怀疑有企业偷排，请有关部门尽快查处并公布水质监测结果。",
            sentiment=NEG,
            topics=water,
            regions=JIANGNING,
        ),
        doc(
            "fish-4",
            "njeeb",
            at(9, 19, 20),
            "江宁区生态环境局：已对秦淮河支流死鱼情况开展调查",
            "江宁区生态环境局接到群众反映秦淮河支流出现死鱼后，立即组织执法人员现场调查取样，排查沿岸企业排污口，将及时公布水质监测结果。",
            sentiment=NEU,
            topics=water,
            regions=JIANGNING,
        ),
        doc(
            "fish-5",
            "weibo",
            at(10, 7, 10),
            "秦淮河支流死鱼后续：水质监测结果何时公布",
            "江宁秦淮河支流死鱼事件已过去一天，偷排的企业查到了吗？水质监测结果什么时候公布？",
            sentiment=NEG,
            topics=water,
            regions=JIANGNING,
            reposts=60,
        ),
    ]


def smell_event() -> list[Document]:
    air = ("air",)
    return [
        doc(
            "smell-1",
            "board",
            at(9, 22, 10),
            "石家庄循环化工园区夜间异味扰民",
            "每天晚上十点以后石家庄循环化工园区附近刺鼻异味很重，孩子咳嗽，希望环保部门夜间检查园区企业排放。",
            sentiment=NEG,
            topics=air,
            regions=SHIJIAZHUANG,
        ),
        doc(
            "smell-2",
            "weibo",
            at(9, 23, 30),
            "石家庄化工园区附近又是一夜异味",
            "石家庄循环化工园区周边一到夜里就有刺鼻异味，窗户都不敢开，园区企业夜间排放有没有人管？",
            sentiment=NEG,
            topics=air,
            regions=SHIJIAZHUANG,
            reposts=150,
        ),
        doc(
            "smell-3",
            "hbnews",
            at(10, 6, 45),
            "石家庄循环化工园区周边居民反映夜间异味",
            "多名居民反映石家庄循环化工园区周边夜间异味明显，记者夜间走访发现园区企业排放口附近气味刺鼻。",
            sentiment=NEG,
            topics=air,
            regions=SHIJIAZHUANG,
            reposts=20,
        ),
    ]


def volunteer_event() -> list[Document]:
    education = ("education",)
    return [
        doc(
            "vol-1",
            "envnews",
            at(9, 10),
            "深圳六五环境日志愿服务活动走进社区",
            "六五环境日期间，深圳组织环保志愿者走进社区开展垃圾分类宣传和生态文明志愿服务。",
            sentiment=POS,
            topics=education,
            regions=SHENZHEN,
        ),
        doc(
            "vol-2",
            "szeeb",
            at(9, 16),
            "深圳市生态环境局举办六五环境日志愿服务主题活动",
            "深圳市生态环境局在六五环境日举办志愿服务主题活动，发布美丽中国我是行动者倡议。",
            sentiment=POS,
            topics=education,
            regions=SHENZHEN,
        ),
    ]


def xss_item() -> Document:
    return doc(
        "xss",
        "weibo",
        at(9, 13, 0),
        XSS_TITLE,
        '<a href="javascript:alert(2)">点我</a> 有人在河边偷排废水',
        sentiment=NEG,
        topics=("water",),
        regions=("320100",),
        reads=5_000_000,
        url=XSS_URL,
    )


def background() -> list[Document]:
    """Items on the days before the period (and one official statement from May)."""
    items = [
        doc(
            "may-statement",
            "njeeb",
            datetime(2024, 5, 20, 10, tzinfo=TZ),
            "南京市通报秦淮河水质专项整治情况",
            "南京市生态环境局通报秦淮河水质专项整治情况：江宁区沿河排污口全部完成排查，对偷排企业依法查处，死鱼等异常情况将第一时间调查处置。",
            sentiment=NEU,
            topics=("water",),
            regions=("320100",),
        ),
    ]
    topics = [("air", "扬尘"), ("water", "黑臭水体"), ("solid_waste", "垃圾分类"), ("climate", "碳达峰")]
    for offset in range(2, 9):  # June 2 .. June 8
        for index in range(offset % 3 + 1):
            topic, word = topics[(offset + index) % len(topics)]
            sentiment = (NEG, NEU, POS)[(offset + index) % 3]
            items.append(
                doc(
                    f"bg-{offset}-{index}",
                    "envnews",
                    at(offset, 9 + index * 3),
                    f"{word}治理进展（6月{offset}日）",
                    f"关于{word}的日常报道，第 {index + 1} 篇。",
                    sentiment=sentiment,
                    topics=(topic,),
                    regions=("110000",),
                )
            )
    return items


def all_documents() -> list[Document]:
    return [*fish_event(), *smell_event(), *volunteer_event(), xss_item(), *background()]


def in_period(documents: list[Document]) -> list[Document]:
    return [d for d in documents if PERIOD_START <= d.published_at < PERIOD_END]
