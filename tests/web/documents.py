"""Original, hand-written documents for the console tests, hostile ones among them (not from any corpus)."""

from __future__ import annotations

from datetime import datetime

from indexer.document import SHANGHAI, Document, Engagement, Sentiment, SourceType, make_document_id

XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>青溪县化工园区排污口调查'
XSS_TEXT = (
    "园区排污口附近水体发黑。</p><script>alert('body')</script><svg onload=alert(2)>记者现场走访了三家企业。"
)
XSS_AUTHOR = '"><script>alert("author")</script>'
XSS_URL = "javascript:alert(document.cookie)//https://news.example.cn/x.html"
XSS_ORIGIN = "<iframe src=javascript:alert(3)></iframe>"
XSS_KEYWORD = "<b onmouseover=alert(4)>排污</b>"
XSS_SOURCE = "<script>alert('src')</script>"
XSS_ALERT_TITLE = '<img src=x onerror=alert("alert")>城西水库饮用水源地黑臭水体持续一周'
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","点击")'


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def make(
    slug: str,
    title: str,
    text: str,
    *,
    day: int = 20,
    hour: int = 9,
    source: str = "cenews",
    source_type: SourceType = SourceType.NEWS,
    sentiment: Sentiment | None = Sentiment.NEUTRAL,
    score: float | None = 0.8,
    topics: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    author: str | None = None,
    url: str | None = None,
    parent_id: str | None = None,
    reposts: int = 0,
) -> Document:
    link = url or f"https://news.example.cn/env/{slug}.html"
    published = at(day, hour)
    return Document(
        id=make_document_id(url=f"https://news.example.cn/env/{slug}.html"),
        url=link,
        source=source,
        source_type=source_type,
        title=title,
        text=text,
        author=author,
        published_at=published,
        fetched_at=published,
        sentiment=sentiment,
        sentiment_score=score,
        topics=list(topics),
        regions=list(regions),
        keywords=[],
        parent_id=parent_id,
        engagement=Engagement(reposts=reposts, comments=2, likes=5, reads=300),
    )


def fish_kill_story() -> list[Document]:
    """One event: a report, a Weibo repost of it, and the county bureau's response."""
    report = make(
        "qingxi-fish",
        "青溪县城南河段出现大面积死鱼 居民怀疑上游企业偷排",
        "11月19日傍晚，青溪县城南河段水面漂浮大量死鱼，气味刺鼻。\n附近居民说，上游化工园区近来夜间常有异味，怀疑有企业偷排污水。",
        day=19,
        hour=21,
        sentiment=Sentiment.NEGATIVE,
        score=0.93,
        topics=("water",),
        regions=("320115",),
        reposts=120,
    )
    repost = make(
        "qingxi-fish-weibo",
        "转发：青溪县城南河段大面积死鱼",
        "太可怕了，城南河段全是死鱼，希望有关部门尽快查明原因。",
        day=20,
        hour=8,
        source="weibo",
        source_type=SourceType.SOCIAL,
        sentiment=Sentiment.NEGATIVE,
        score=0.88,
        topics=("water",),
        regions=("320115",),
        author="青溪生活圈",
        parent_id=report.id,
        reposts=45,
    )
    response = make(
        "qingxi-fish-response",
        "青溪县生态环境局关于城南河段死鱼情况的通报",
        "接到群众反映后，我局连夜对城南河段水质取样检测，并对上游园区企业开展排查。\n检测结果将及时向社会公布。",
        day=20,
        hour=15,
        source="mee-dfnews",
        source_type=SourceType.OFFICIAL,
        sentiment=Sentiment.NEUTRAL,
        score=0.7,
        topics=("water",),
        regions=("320115",),
        parent_id=report.id,
    )
    return [report, repost, response]


def reservoir_story() -> list[Document]:
    """A second event: black, smelly water at a drinking-water source (one title is hostile)."""
    first = make(
        "chengxi-reservoir",
        "城西水库饮用水源地出现黑臭水体",
        "市民反映城西水库取水口附近水面发黑发臭，担心自来水安全。",
        day=22,
        hour=9,
        source="thepaper",
        sentiment=Sentiment.NEGATIVE,
        score=0.9,
        topics=("water",),
        regions=("330106",),
    )
    second = make(
        "chengxi-reservoir-2",
        XSS_ALERT_TITLE,
        "多名居民在网上发帖称，城西水库饮用水源地黑臭水体已持续一周。",
        day=22,
        hour=11,
        source="weibo",
        source_type=SourceType.SOCIAL,
        sentiment=Sentiment.NEGATIVE,
        score=0.86,
        topics=("water",),
        regions=("330106",),
        parent_id=first.id,
    )
    third = make(
        "chengxi-reservoir-3",
        "城西水库黑臭水体引发市民对饮用水安全担忧",
        "记者走访发现，水库上游有生活污水直排，饮用水源地保护亟待加强。",
        day=22,
        hour=14,
        source="bjnews",
        sentiment=Sentiment.NEGATIVE,
        score=0.84,
        topics=("water",),
        regions=("330106",),
        parent_id=first.id,
    )
    return [first, second, third]


def ordinary_documents() -> list[Document]:
    return [
        make(
            "beijing-haze",
            "北京启动重污染天气橙色预警 部分工地停工",
            "受不利气象条件影响，北京市将出现重污染天气过程，PM2.5浓度持续升高。市生态环境局提醒市民减少户外活动。",
            day=18,
            hour=7,
            source="people-env",
            sentiment=Sentiment.NEUTRAL,
            topics=("air",),
            regions=("110000",),
        ),
        make(
            "wetland-birds",
            "湿地保护成效显著 候鸟数量创新高",
            "今年秋季，某湿地公园观测到的越冬候鸟数量比去年增加三成，志愿者参与了全部监测工作。",
            day=18,
            hour=10,
            source="xinhua-env",
            sentiment=Sentiment.POSITIVE,
            score=0.91,
            topics=("ecology",),
            regions=("360000",),
        ),
        make(
            "carbon-peak",
            "多地发布碳达峰实施方案",
            "碳达峰、碳中和工作稳步推进，多个省份公布了能源结构调整和低碳转型的时间表。",
            day=17,
            hour=9,
            source="cenews",
            sentiment=Sentiment.POSITIVE,
            score=0.75,
            topics=("climate",),
        ),
        make(
            "noise-complaint",
            "居民反映夜间施工噪声扰民",
            "有居民在留言板反映，小区附近工地连续多晚施工到凌晨，噪声严重影响休息。",
            day=21,
            hour=23,
            source="people-liuyan",
            source_type=SourceType.BOARD,
            sentiment=Sentiment.NEGATIVE,
            score=0.81,
            topics=("noise",),
            regions=("320102",),
        ),
    ]


def hostile_documents() -> list[Document]:
    doc = make(
        "hostile",
        XSS_TITLE,
        XSS_TEXT,
        day=21,
        hour=10,
        source=XSS_SOURCE,
        sentiment=Sentiment.NEGATIVE,
        topics=("<img src=x onerror=alert(5)>",),
        author=XSS_AUTHOR,
        url=XSS_URL,
    )
    formula = make("formula", FORMULA_TITLE, "=1+2 -3 @SUM(A1) 表格注入测试 排污口", day=21, hour=11)
    return [
        doc.model_copy(update={"origin": XSS_ORIGIN, "keywords": [XSS_KEYWORD], "summary": XSS_TEXT}),
        formula,
    ]


def all_documents() -> list[Document]:
    return [*fish_kill_story(), *ordinary_documents(), *hostile_documents(), *reservoir_story()]
