"""Background and noise posts on Weibo: haze, the incinerator protest, wetlands, volunteers, everyday chatter."""

from __future__ import annotations

from app.sampleweb.content import accounts as a
from app.sampleweb.content.model import Engagement, PostSpec, Tags, at

HAZE = Tags("haze", "report", "130500")
INCINERATOR = Tags("incinerator", "complaint", "430422")
WETLAND = Tags("wetland", "background", "320900")
VOLUNTEERS = Tags("volunteers", "background", "340100")
NOISE = Tags("noise", "noise")

BACKGROUND_POSTS: tuple[PostSpec, ...] = (
    PostSpec(
        "xt-alert",
        a.XINGTAI_BUREAU,
        at(days=-4, hours=9),
        "【重污染天气预警】邢台市自11月16日18时起启动重污染天气橙色预警，执行Ⅱ级应急响应。"
        "请市民减少户外活动，外出佩戴口罩，老人、儿童和呼吸道疾病患者尽量留在室内。#邢台重污染天气#",
        Tags("haze", "official_response", "130500"),
        Engagement(320, 150, 910, 3.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "xt-li-1",
        a.XINGTAI_LI,
        at(days=-4, hours=12, minutes=20),
        "对面楼都看不见了，PM2.5又爆表，手机上显示严重污染[泪] 送孩子上学戴了两层口罩 #邢台雾霾#",
        HAZE,
        Engagement(46, 38, 210),
    ),
    PostSpec(
        "xt-li-2",
        a.XINGTAI_LI,
        at(days=-3, hours=22, minutes=5),
        "晚上十点以后那股焦糊味又来了，开着净化器都压不住。到底是哪家厂在排？@邢台生态环境",
        HAZE,
        Engagement(63, 72, 190),
    ),
    PostSpec(
        "xt-clear",
        a.XINGTAI_LI,
        at(days=-1, hours=4),
        "冷空气终于来了！久违的蓝天[哈哈] 希望能多待几天",
        Tags("haze", "background", "130500"),
        Engagement(12, 9, 140),
    ),
    PostSpec(
        "hn-tan",
        a.OLD_TAN,
        at(days=-3, hours=7),
        "听说要在我们村后山建垃圾焚烧厂，离村小学不到两公里。我们不是不讲道理，就想问问选址怎么定的，"
        "环评报告什么时候公开？#衡南垃圾焚烧#",
        INCINERATOR,
        Engagement(820, 460, 1900, 4.0),
        app="vivo X100",
    ),
    PostSpec(
        "hn-mom",
        a.HENGYANG_MOM,
        at(days=-3, hours=9, minutes=40),
        "孩子就在那所小学读书，真的很担心二噁英。坚决反对在学校边上建焚烧厂[怒]",
        INCINERATOR,
        Engagement(260, 190, 1020, 3.0),
        repost_of="hn-tan",
    ),
    PostSpec(
        "hn-gov",
        a.HENGNAN_GOV,
        at(days=-2, hours=10),
        "【回应】关于群众关注的生活垃圾焚烧发电项目，目前该项目处于环评公示阶段，尚未开工建设。"
        "县里将公开环评报告全本，召开听证会，充分听取群众意见。",
        Tags("incinerator", "official_response", "430422"),
        Engagement(540, 880, 760, 3.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "hn-rt",
        a.OLD_TAN,
        at(days=-2, hours=11, minutes=30),
        "希望说到做到，听证会要让村民代表真正发言",
        INCINERATOR,
        Engagement(90, 40, 260),
        repost_of="hn-gov",
    ),
    PostSpec(
        "yc-birds",
        a.YANCHENG_WETLAND,
        at(days=-5, hours=3),
        "修复后的湿地迎来今冬第一批白琵鹭[心] 退渔还湿两年，修复区记录到的水鸟种类又多了二十多种。#盐城湿地#",
        WETLAND,
        Engagement(430, 120, 2800, 5.0),
        app="微博 weibo.com",
    ),
    PostSpec(
        "yc-wang",
        a.BIRD_WANG,
        at(days=-4, hours=7, minutes=15),
        "周末去条子泥拍鸟，黑嘴鸥成群地飞，太震撼了[赞] 记得观鸟要保持距离哦",
        WETLAND,
        Engagement(88, 35, 940),
        repost_of="yc-birds",
    ),
    PostSpec(
        "ch-lin",
        a.VOLUNTEER_LIN,
        at(days=-2, hours=9),
        "我们“守护巢湖”志愿服务队被表彰啦[加油] 从六五环境日的第一次巡湖走到现在，一千多名伙伴一起捡了40多吨垃圾。"
        "这周六照常巡湖，欢迎新朋友加入！#六五环境日# #志愿者#",
        VOLUNTEERS,
        Engagement(210, 96, 1650, 4.0),
    ),
    PostSpec(
        "noise-bag",
        a.LEMON_TEA,
        at(days=-3, hours=13),
        "双十一囤的环保袋终于到了，颜色比图上还好看[哈哈] 买菜再也不用塑料袋啦",
        NOISE,
        Engagement(2, 5, 30),
    ),
    PostSpec(
        "noise-phone",
        a.GADGET_ZHANG,
        at(days=-2, hours=12),
        "新机到手两周的体验：续航确实顶，夜景拍照有进步，就是有点重。完整评测晚上发[doge]",
        NOISE,
        Engagement(1300, 2100, 8800, 6.0),
        app="微博视频号",
    ),
    PostSpec(
        "noise-hoops",
        a.HOOPS_KAI,
        at(days=-1, hours=13, minutes=30),
        "最后两分钟连丢三个球，这比赛看得我血压都上来了[怒] 明天继续！",
        NOISE,
        Engagement(24, 61, 330),
    ),
    PostSpec(
        "noise-food",
        a.FOODIE,
        at(hours=4),
        "降温了就想吃一锅热腾腾的羊肉粉丝煲，配一碟自己腌的酸萝卜，绝了[馋嘴]",
        NOISE,
        Engagement(45, 80, 620),
    ),
    PostSpec(
        "noise-commute",
        a.COMMUTER,
        at(days=1, hours=0, minutes=50),
        "早高峰地铁挤到怀疑人生，今天又是踩着点打卡的一天",
        NOISE,
        Engagement(5, 12, 66),
    ),
    PostSpec(
        "noise-ads",
        a.GADGET_ZHANG,
        at(days=2, hours=5),
        "转发抽三位朋友送环保材质手机壳，下周一开奖[哈哈] 关注+转发即可",
        NOISE,
        Engagement(5200, 3100, 4400, 4.0),
        app="微博抽奖平台",
    ),
)
