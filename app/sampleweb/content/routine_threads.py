"""Routine message-board threads generated from templates (everyday complaints and non-environmental requests)."""

from __future__ import annotations

from datetime import timedelta

from app.sampleweb.content.model import Area, Reply, Tags, Thread, at

COUNTIES = (
    ("郎溪县", "341821", 3410),
    ("旌德县", "341825", 3411),
    ("绩溪县", "341824", 3412),
    ("宁国市", "341881", 3413),
)
# (title, content, domain, type, environmental?)
TEMPLATES = (
    (
        "{c}某村养殖场臭味扰民",
        "我们村东头的养殖场最近规模扩大了，一到傍晚臭味特别重，粪水还往旁边的沟渠里流。希望有关部门来看看，"
        "督促养殖场规范处理粪污。",
        "环境保护",
        "投诉",
        True,
    ),
    (
        "{c}县城部分路段路灯长期不亮",
        "县城新区几条路的路灯坏了一个多月了，晚上走路和骑车都很不安全，希望尽快维修。",
        "城乡建设",
        "求助",
        False,
    ),
    (
        "{c}河道两岸生活垃圾堆积无人清理",
        "镇上河道两岸堆了不少生活垃圾，下雨后被冲进河里，水面上漂着塑料袋和泡沫盒。希望落实河长责任，定期清理。",
        "环境保护",
        "投诉",
        True,
    ),
    (
        "希望增开{c}至市区的公交班次",
        "目前每天只有几班车，早晚高峰经常坐不上，希望增加班次或者延长末班车时间。",
        "交通运输",
        "建言",
        False,
    ),
)


def routine_threads() -> list[Thread]:
    """Eight deterministic threads spread over the scenario's background days."""
    threads = []
    for i in range(8):
        county, code, fid = COUNTIES[i % len(COUNTIES)]
        title, content, domain, kind, environmental = TEMPLATES[i % len(TEMPLATES)]
        submitted = at(days=-8 + i * 1.3, hours=3)
        area = Area("安徽省", "宣城市", county, code)
        org = f"{county}生态环境分局" if environmental else f"{county}人民政府办公室"
        reply = (
            Reply(
                org,
                "网友您好！您反映的问题已转交相关部门办理，经现场核实，已督促整改到位。感谢您的监督。",
                submitted + timedelta(days=2, hours=5),
                accepted_at=submitted + timedelta(days=1),
            )
            if i % 3 != 2
            else None
        )
        tags = Tags(None, "complaint", code) if environmental else Tags("noise", "noise", code)
        threads.append(
            Thread(
                1002100 + i * 9,
                fid,
                title.format(c=county),
                content,
                area,
                submitted,
                tags,
                domain,
                kind,
                reply,
            )
        )
    return threads
