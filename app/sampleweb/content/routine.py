"""Routine items generated from templates: everyday environmental news, bureau work reports and non-environmental
noise, so that lists paginate and relevance filtering has something to reject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.sampleweb.content.model import Article, Site, Tags, at


@dataclass(frozen=True)
class Place:
    name: str
    code: str


PLACES = (
    Place("芜湖市", "340200"),
    Place("安庆市", "340800"),
    Place("黄山市", "341000"),
    Place("池州市", "341700"),
    Place("铜陵市", "340700"),
    Place("马鞍山市", "340500"),
    Place("宣城市", "341800"),
    Place("滁州市", "341100"),
)

# (title, paragraphs) with {p} = place name, {n} = a number, {m} = a smaller number.
ENV_TEMPLATES = (
    (
        "{p}通报前三季度地表水环境质量状况",
        (
            "{p}生态环境局日前通报前三季度全市地表水环境质量状况。数据显示，全市{n}个国控、省控断面中，"
            "水质优良比例为8{m}%，同比有所提升，无劣Ⅴ类断面。",
            "通报指出，个别支流断面总磷浓度仍有波动，下一步将加强农业面源污染治理和入河排口监管。",
        ),
    ),
    (
        "{p}开展危险废物规范化环境管理专项检查",
        (
            "为防范危险废物环境风险，{p}近日组织开展危险废物规范化环境管理专项检查，共检查产废和经营单位{n}家。",
            "检查中发现贮存场所标识不规范、管理台账不完整等问题{m}个，已责令相关单位限期整改，"
            "对涉嫌违法的{m}家单位立案查处。",
        ),
    ),
    (
        "{p}秋冬季大气污染防治攻坚行动启动",
        (
            "{p}日前召开秋冬季大气污染防治攻坚行动部署会，明确今冬明春重点任务。",
            "会议要求，聚焦工业企业提标改造、柴油货车治理、扬尘管控和秸秆禁烧，全力减少重污染天气，"
            "力争全市PM2.5平均浓度同比下降{m}%以上。",
        ),
    ),
    (
        "{p}推进农村生活污水治理 今年新增治理行政村{n}个",
        (
            "记者从{p}获悉，今年以来该市持续推进农村生活污水治理，新增完成治理的行政村{n}个，"
            "农村生活污水治理率进一步提高。",
            "当地采取集中处理与分散处理相结合的方式，并建立设施运维长效机制，确保“建得好、用得好”。",
        ),
    ),
    (
        "{p}公布一批生态环境违法典型案例",
        (
            "{p}生态环境局近日公布一批生态环境违法典型案例，涉及超标排放、逃避监管排放污染物、监测数据弄虚作假等情形，"
            "共{m}起。",
            "该局有关负责人表示，公开典型案例旨在以案释法、以案示警，督促企业依法履行污染防治主体责任。"
            "今年以来，全市共查处环境违法案件{n}起。",
        ),
    ),
    (
        "{p}启动长江支流岸线“清四乱”专项整治",
        (
            "{p}日前启动长江支流岸线乱占、乱采、乱堆、乱建专项整治，计划年底前完成{n}处问题点位的清理。",
            "整治工作实行河长牵头、部门联动，完成一处、销号一处，并建立防止反弹的长效巡查机制。",
        ),
    ),
)

BUREAU_TEMPLATES = (
    (
        "泾县生态环境分局开展{w}专项执法检查",
        (
            "近日，泾县生态环境分局组织执法人员开展{w}专项执法检查，共出动执法人员{n}人次，检查企业{m}家。",
            "检查中对发现的问题现场交办、建立台账，督促企业限期整改到位。",
        ),
    ),
    (
        "泾县召开{w}工作推进会",
        (
            "泾县日前召开{w}工作推进会，总结前一阶段工作，部署下一阶段任务。",
            "会议强调，要压实属地责任和部门责任，确保各项任务按期完成。",
        ),
    ),
)
BUREAU_TOPICS = (
    "秸秆禁烧巡查",
    "涉挥发性有机物企业",
    "饮用水水源地保护",
    "河长制",
    "入河排污口",
    "建筑工地扬尘",
)

NOISE_TITLES = (
    (
        "冬季流感进入高发期 医生提醒做好防护",
        "流感进入高发期，医生提醒市民勤洗手、常通风，出现发热症状及时就医。",
    ),
    (
        "城市马拉松周日开跑 部分路段临时交通管制",
        "比赛当天部分路段将实施临时交通管制，请市民提前规划出行路线。",
    ),
    ("高铁站新增多趟始发列车", "新的列车运行图实施后，高铁站将新增多趟始发列车，方便旅客出行。"),
    ("第二十届茶文化节开幕 百余家茶企参展", "茶文化节为期三天，设置名茶展示、茶艺表演、采购洽谈等多个板块。"),
    ("老旧小区改造完成 加装电梯让居民出行更方便", "今年改造的老旧小区已全部完工，共加装电梯数十部。"),
    ("中小学冬季作息时间调整", "根据季节变化，全市中小学自下周一起执行冬季作息时间。"),
    ("农产品展销会吸引市民选购", "展销会汇集了各地特色农产品，现场人气火爆。"),
    ("图书馆推出夜间开放服务", "市图书馆自本月起在周五、周六延长开放至晚上九点。"),
)


def _env_articles() -> list[Article]:
    items = []
    for i in range(24):
        title, paras = ENV_TEMPLATES[i % len(ENV_TEMPLATES)]
        place = PLACES[i % len(PLACES)]
        n, m = 12 + 7 * i, 3 + i % 5
        site: Site = "newsa" if i % 3 else "newsb"
        channel = ("local" if i % 4 == 1 else "env") if site == "newsa" else "hbxw"
        when = at(days=-21 + i * 0.95, hours=1 + i % 4)
        num = 40001500 + i * 7 if site == "newsa" else 500200 + i * 3
        items.append(
            Article(
                site,
                num,
                channel,
                title.format(p=place.name, n=n, m=m),
                when,
                f"{place.name}生态环境局" if i % 2 else "中国环境报",
                tuple(p.format(p=place.name, n=n, m=m) for p in paras),
                Tags(None, "background", place.code),
                editor="周扬" if site == "newsa" else "程立",
            )
        )
    return items


def _bureau_articles() -> list[Article]:
    items = []
    for i, topic in enumerate(BUREAU_TOPICS * 3):
        title, paras = BUREAU_TEMPLATES[i % len(BUREAU_TEMPLATES)]
        n, m = 10 + 3 * i, 4 + i
        when = at(days=-17 + i * 1.1, hours=2)
        items.append(
            Article(
                "bureau",
                3000100 + i * 2,
                "xwfb",
                title.format(w=topic),
                when,
                "宣城市泾县生态环境分局",
                tuple(p.format(w=topic, n=n, m=m) for p in paras),
                Tags(None, "background", "341823"),
                editor="张敏",
            )
        )
    return items


def _noise_articles() -> list[Article]:
    items = []
    for i, (title, first) in enumerate(NOISE_TITLES):
        place = PLACES[(i * 3) % len(PLACES)]
        site: Site = "newsa" if i % 2 == 0 else "newsb"
        when: datetime = at(days=-6 + i * 1.2, hours=3 + i % 5)
        items.append(
            Article(
                site,
                40001400 + i * 11 if site == "newsa" else 500100 + i * 5,
                ("society" if i % 4 == 0 else "local") if site == "newsa" else "shxw",
                f"{place.name}{title}",
                when,
                f"{place.name[:-1]}日报",
                (f"{place.name}{first}", "相关部门表示，将根据市民反馈进一步优化服务。"),
                Tags("noise", "noise", place.code),
                editor="陈曦",
            )
        )
    return items


def routine_articles() -> list[Article]:
    """All template-generated articles (deterministic)."""
    return _env_articles() + _bureau_articles() + _noise_articles()
