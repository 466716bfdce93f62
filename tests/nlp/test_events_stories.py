"""Hand-written stories for the event tests (written for this project; the places are real, the events not).

A fish kill in 平江县 (湖南 岳阳) spreads over a day: a villager's post, reposts, local news, more posts, the
county bureau's notice, a national outlet's follow-up. Unrelated: haze in 石家庄, and a fish kill in 盐城
(江苏) that uses the same words in another province.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nlp.events import Engagement, EventItem

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2024, 6, 3, 8, 10, tzinfo=SHANGHAI)
PINGJIANG, YUEYANG, SHIJIAZHUANG, YANCHENG = "430626", "430600", "130100", "320900"


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def item(item_id: str, minutes: float, title: str, text: str, **fields: object) -> EventItem:
    return EventItem(id=item_id, title=title, text=text, published_at=at(minutes), **fields)  # type: ignore[arg-type]


FISH_KILL = [
    item(
        "weibo-1",
        0,
        "",
        "平江县三市镇的河里今天早上漂满了死鱼，好几公里都是，河水发黑还有股怪味，是不是上游的厂子又偷排了？",
        source="weibo",
        source_type="social",
        regions=(PINGJIANG,),
        topics=("water",),
        sentiment="negative",
        engagement=Engagement(reposts=40, comments=25, likes=60),
        keywords=("死鱼", "偷排", "河水"),
    ),
    item(
        "weibo-2",
        35,
        "",
        "转发，太吓人了，家里的鸭子都不敢放下河了",
        source="weibo",
        source_type="social",
        sentiment="negative",
        parent_id="weibo-1",
        engagement=Engagement(reposts=3, likes=10),
    ),
    item(
        "news-1",
        120,
        "平江县三市镇一河段出现大量死鱼 环保部门已介入调查",
        "记者从平江县生态环境部门获悉，今天上午，三市镇境内一河段出现大量死鱼，绵延约三公里。"
        "县生态环境局已派出执法人员沿河排查，并在多个断面采集水样送检。村民反映河水发黑发臭，怀疑上游企业偷排废水。",
        source="yueyang-daily",
        source_type="news",
        regions=(PINGJIANG, YUEYANG),
        topics=("water",),
        sentiment="negative",
        keywords=("死鱼", "水样", "偷排", "三市镇"),
    ),
    item(
        "weibo-3",
        185,
        "",
        "刚路过三市镇，河边全是死鱼，臭气熏天，看到环保局的人在河里取水样。希望早点查清楚是哪家厂偷排。",
        source="weibo",
        source_type="social",
        regions=(PINGJIANG,),
        topics=("water",),
        sentiment="negative",
        engagement=Engagement(reposts=12, comments=30, likes=80),
        keywords=("死鱼", "水样", "偷排"),
    ),
    item(
        "official-1",
        300,
        "平江县生态环境局关于三市镇河段死鱼情况的通报",
        "6月3日上午，我局接到群众反映三市镇一河段出现死鱼。经初步排查，上游一家造纸企业涉嫌违法排放生产废水，"
        "我局已责令该企业立即停产，对排污口进行封堵，并对河段水质开展加密监测。死鱼已组织打捞和无害化处理。",
        source="pingjiang-eeb",
        source_type="official",
        regions=(PINGJIANG,),
        topics=("water", "enforcement"),
        sentiment="neutral",
        keywords=("死鱼", "造纸企业", "停产", "排污口"),
    ),
    item(
        "news-2",
        26 * 60,
        "湖南平江三市镇河段死鱼事件追踪：涉事造纸企业负责人被控制",
        "湖南省岳阳市平江县三市镇河段发生大面积死鱼后，当地生态环境部门查明上游一家造纸企业偷排生产废水。"
        "目前涉事企业已停产整改，负责人已被公安机关控制，河段水质正在逐步恢复。",
        source="people-cn",
        source_type="news",
        mainstream=True,
        regions=(PINGJIANG, YUEYANG),
        topics=("water", "enforcement"),
        sentiment="negative",
        keywords=("死鱼", "造纸企业", "偷排", "停产整改"),
    ),
]

HAZE = [
    item(
        "haze-1",
        60,
        "石家庄出现重度雾霾 PM2.5浓度超过300",
        "受不利气象条件影响，石家庄今天出现重度雾霾，部分监测点PM2.5小时浓度超过每立方米300微克。"
        "市重污染天气应急指挥部已启动橙色预警，建议市民减少户外活动。",
        source="hebei-news",
        source_type="news",
        regions=(SHIJIAZHUANG,),
        topics=("air",),
        sentiment="negative",
        keywords=("雾霾", "PM2.5", "橙色预警"),
    ),
    item(
        "haze-2",
        200,
        "",
        "石家庄的雾霾今天太严重了，出门对面都看不清人，PM2.5爆表，孩子学校也停了户外课。",
        source="weibo",
        source_type="social",
        regions=(SHIJIAZHUANG,),
        topics=("air",),
        sentiment="negative",
        engagement=Engagement(reposts=8, comments=15, likes=40),
        keywords=("雾霾", "PM2.5"),
    ),
]

OTHER_FISH_KILL = item(
    "yancheng-1",
    150,
    "盐城一河道出现死鱼 环保部门采集水样调查",
    "江苏盐城市一河道今天出现死鱼，河水发黑。当地生态环境部门已派人沿河排查，采集水样送检，怀疑有企业偷排废水。",
    source="jiangsu-news",
    source_type="news",
    regions=(YANCHENG,),
    topics=("water",),
    sentiment="negative",
    keywords=("死鱼", "水样", "偷排"),
)


def all_items() -> list[EventItem]:
    return [*FISH_KILL, *HAZE, OTHER_FISH_KILL]
