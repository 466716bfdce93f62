"""The fish-kill scenario on Weibo: first sightings, reposts with rising engagement, the bureau's responses."""

from __future__ import annotations

from app.sampleweb.content import accounts as a
from app.sampleweb.content.model import Engagement, PostSpec, Tags, at

JINGXIAN = "341823"
REPORT = Tags("fishkill", "report", JINGXIAN)
RESPONSE = Tags("fishkill", "official_response", JINGXIAN)
FOLLOWUP = Tags("fishkill", "followup", JINGXIAN)
OLD_COMPLAINT = Tags("fishkill", "complaint", JINGXIAN)


def _e(reposts: int, comments: int, likes: int, half_life: float = 1.5) -> Engagement:
    return Engagement(reposts, comments, likes, half_life)


FISHKILL_POSTS: tuple[PostSpec, ...] = (
    PostSpec(
        "foam-2025",
        a.OLD_ZHOU,
        at(days=-382, hours=8.5),
        "琴溪河下坊村这一段又漂着一层白色泡沫，闻着有点酸味，拍了视频发给12369了。希望有关部门多关注一下上游，"
        "别等出了事再来管。#守护家乡的河#",
        OLD_COMPLAINT,
        _e(16, 9, 41, 24),
        app="HUAWEI Mate 60",
    ),
    PostSpec(
        "first",
        a.FISHER,
        at(minutes=40),
        "早上去琴溪河边遛弯，河面上漂了好多死鱼，白花花一片，岸边还有一股刺鼻的味道[吃惊]\n"
        "在榔桥住了三十多年，从来没见过这种情况。#泾县死鱼#",
        REPORT,
        _e(1840, 612, 3920, 2.5),
    ),
    PostSpec(
        "aming",
        a.AMING,
        at(minutes=55),
        "下坊村这段全是死鱼，大的有两三斤，鲫鱼草鱼都有。村里老人说半夜听到上游哗哗放水的声音……"
        "有没有人管管[怒] @泾县生态环境",
        REPORT,
        _e(356, 201, 880, 2.0),
        app="Redmi K70",
    ),
    PostSpec(
        "wannan",
        a.WANNAN_LIFE,
        at(hours=1, minutes=10),
        "#泾县死鱼# 网友反映泾县琴溪河榔桥镇段出现大面积死鱼，水面有异味。有在附近的朋友了解情况吗？"
        "沿河的居民注意先别下河、别捞鱼吃。",
        REPORT,
        _e(2650, 940, 5210, 3.0),
        repost_of="first",
    ),
    PostSpec(
        "cat-water",
        a.RIVER_CAT,
        at(hours=1, minutes=20),
        "我家就在下游，自来水到底还能不能喝啊？家里还有两个孩子[泪] 求个准信 #泾县死鱼#",
        REPORT,
        _e(512, 388, 1460, 2.0),
    ),
    PostSpec(
        "rt-angry",
        a.JINGTING,
        at(hours=1, minutes=42),
        "太过分了，必须严查！[怒]//@皖南生活圈:#泾县死鱼# 网友反映泾县琴溪河榔桥镇段出现大面积死鱼，水面有异味。",
        REPORT,
        _e(35, 12, 96),
        repost_of="wannan",
    ),
    PostSpec(
        "rt-factory",
        a.HIKER,
        at(hours=1, minutes=58),
        "上游开发区那几个厂，晚上偷偷排水不是一两天了吧[费解]",
        REPORT,
        _e(88, 47, 230),
        repost_of="first",
    ),
    PostSpec(
        "rt-lastyear",
        a.JINGTING,
        at(hours=2, minutes=10),
        "去年就有人反映过泡沫的事！当时要是查清楚，今天也不会这样//@环保志愿者老周:琴溪河下坊村这一段又漂着一层白色泡沫",
        OLD_COMPLAINT,
        _e(142, 66, 310),
        repost_of="foam-2025",
    ),
    PostSpec(
        "long-forum",
        a.JINGTING,
        at(hours=2, minutes=20),
        "说一下我今天看到的情况，大家自己判断。\n"
        "上午十点多我骑车沿着琴溪河从榔桥镇往上游走，下坊村到石板桥大概两公里的河段都能看到死鱼，"
        "越往上游越多，有的已经被冲到岸边的石头缝里。河水颜色比平时深，靠近开发区那个排水口附近颜色最重，"
        "水面上有一层油一样的东西，味道很冲，站久了嗓子发干。\n"
        "中午看到有穿制服的人在取水样，问了一句说是县里环保部门的，结果要等检测。"
        "村里有人在下游捞死鱼，说要拿去喂鸭子，这个真的要劝一下。\n"
        "希望官方尽快公布检测结果，也希望别又是一句“正在调查”就没有下文了。#泾县死鱼# #琴溪河#",
        REPORT,
        _e(620, 233, 1380, 2.5),
        app="HONOR Magic6",
    ),
    PostSpec(
        "jianghuai",
        a.JIANGHUAI_DAILY,
        at(hours=2, minutes=35),
        "【#泾县琴溪河现大量死鱼# 当地生态环境部门已介入】11月20日上午，多名网友反映安徽宣城市泾县琴溪河榔桥镇段"
        "出现大量死鱼，河水有异味。记者从泾县生态环境分局了解到，该局已派出执法和监测人员赶赴现场取样，"
        "具体原因正在调查中。江淮晨报将持续关注。",
        REPORT,
        _e(6120, 2304, 15800, 3.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "rt-jh-1",
        a.LEMON_TEA,
        at(hours=3, minutes=5),
        "看着好心疼，这么多鱼[泪]",
        REPORT,
        _e(3, 1, 12),
        repost_of="jianghuai",
    ),
    PostSpec(
        "rt-jh-2",
        a.RIVER_CAT,
        at(hours=3, minutes=18),
        "关心的是饮用水安全，下游水厂的取水口离这里有多远？请官方说明一下 @泾县生态环境",
        REPORT,
        _e(240, 131, 702),
        repost_of="jianghuai",
    ),
    PostSpec(
        "zhou-12369",
        a.OLD_ZHOU,
        at(hours=3, minutes=30),
        "已经打了12369，也在留言板上留了言，把视频和照片都交上去了。大家如果看到排水口有异常，"
        "记得拍下时间和位置，这是最有用的证据[加油] #泾县死鱼#",
        REPORT,
        _e(410, 150, 1120, 2.0),
    ),
    PostSpec(
        "rt-jh-3",
        a.AMING,
        at(hours=4, minutes=2),
        "转发微博",
        REPORT,
        _e(0, 0, 2),
        repost_of="jianghuai",
    ),
    PostSpec(
        "bureau-notice",
        a.JINGXIAN_BUREAU,
        at(hours=4, minutes=30),
        "【情况通报】11月20日上午，我局接到群众反映，琴溪河榔桥镇段出现死鱼。接报后，我局立即组织执法和监测人员"
        "赶赴现场，对沿河排口和上下游断面进行采样监测，并对上游排水企业开展排查。目前已在疑似排口处设置围挡，"
        "下游水厂取水口水质监测指标正常，请群众放心。调查结果将及时向社会公布，欢迎群众继续提供线索，举报电话12369。",
        RESPONSE,
        _e(980, 640, 2210, 2.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "city-rt",
        a.XUANCHENG_BUREAU,
        at(hours=4, minutes=48),
        "市局已派出工作组赴现场指导调查处置，将依法依规从严查处环境违法行为。",
        RESPONSE,
        _e(210, 95, 640),
        repost_of="bureau-notice",
        app="微博 weibo.com",
    ),
    PostSpec(
        "rt-praise",
        a.HIKER,
        at(hours=5, minutes=10),
        "通报来得挺快，点赞[赞] 等检测结果",
        REPORT,
        _e(12, 4, 66),
        repost_of="bureau-notice",
    ),
    PostSpec(
        "rt-skeptic",
        a.JINGTING,
        at(hours=5, minutes=32),
        "每次都是“正在调查”，然后就没下文了。这次请把企业名字公布出来[doge]",
        REPORT,
        _e(96, 58, 420),
        repost_of="bureau-notice",
    ),
    PostSpec(
        "fisher-pm",
        a.FISHER,
        at(hours=7),
        "下午看到有人穿着水靴在河里打捞死鱼了，上游那个排口也用沙袋堵上了。希望早点查清楚，给沿河老百姓一个交代 #泾县死鱼#",
        REPORT,
        _e(230, 86, 760),
    ),
    PostSpec(
        "cat-night",
        a.RIVER_CAT,
        at(hours=13, minutes=20),
        "今晚烧水还是用的桶装水，心里不踏实。明天等结果吧[泪]",
        REPORT,
        _e(21, 17, 150),
    ),
    PostSpec(
        "bureau-progress",
        a.JINGXIAN_BUREAU,
        at(days=1, hours=1, minutes=20),
        "【进展通报】经监测，琴溪河榔桥镇段上游一处企业雨水排口氨氮、化学需氧量浓度超标，"
        "初步判断死鱼系该企业夜间违规排放生产废水所致。我局已对涉事企业立案调查，责令其立即停产，"
        "并会同公安机关固定证据。下游饮用水水源地水质持续达标。后续处理情况将及时公布。#泾县死鱼#",
        RESPONSE,
        _e(1520, 890, 3300, 2.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "jh-progress",
        a.JIANGHUAI_DAILY,
        at(days=1, hours=2),
        "【追踪】#泾县死鱼事件初步查明原因#：上游企业违规排放生产废水，已被立案调查、责令停产。",
        REPORT,
        _e(2340, 760, 7100, 2.5),
        repost_of="bureau-progress",
        app="微博 weibo.com",
    ),
    PostSpec(
        "rt-progress-1",
        a.FISHER,
        at(days=1, hours=3, minutes=15),
        "终于有说法了，希望处罚到位，别罚酒三杯",
        REPORT,
        _e(40, 22, 180),
        repost_of="bureau-progress",
    ),
    PostSpec(
        "bureau-followup",
        a.JINGXIAN_BUREAU,
        at(days=3, hours=3, minutes=30),
        "【整改通报】琴溪河死鱼事件涉事企业已被依法处以罚款86万元，相关责任人移送公安机关处理。"
        "企业已完成雨污分流改造和应急池建设，经验收前不得恢复生产。连续五日监测显示，"
        "琴溪河榔桥镇段水质已恢复至Ⅲ类。我县将开展入河排污口排查整治专项行动，感谢广大群众的监督。",
        FOLLOWUP,
        _e(760, 410, 2600, 2.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "rt-followup",
        a.OLD_ZHOU,
        at(days=3, hours=5),
        "这次处理得还算透明，给个赞。排口排查一定要常态化，我们志愿者会继续巡河[加油]",
        FOLLOWUP,
        _e(85, 31, 390),
        repost_of="bureau-followup",
    ),
    PostSpec(
        "fisher-back",
        a.FISHER,
        at(days=4, hours=1),
        "今天又去琴溪河边走了走，水清了不少，还看到几条小鱼在游[心] 希望以后都这样 #泾县死鱼#",
        FOLLOWUP,
        _e(120, 40, 880),
    ),
)
