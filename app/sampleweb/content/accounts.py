"""Weibo accounts of the sample web: government bureaus, a newspaper and ordinary users (all fictional)."""

from __future__ import annotations

from app.sampleweb.content.model import Account

GOV, MEDIA, PERSONAL_V = 1, 3, 0

JINGXIAN_BUREAU = Account(
    7712345001,
    "泾县生态环境",
    GOV,
    "宣城市泾县生态环境分局官方微博",
    5321,
    "宣城市泾县生态环境分局官方微博。发现生态环境违法行为，请拨打12369举报。",
)
XUANCHENG_BUREAU = Account(
    7712345002, "宣城生态环境", GOV, "宣城市生态环境局官方微博", 18650, "宣城市生态环境局官方微博"
)
JIANGHUAI_DAILY = Account(
    7712345003, "江淮晨报", MEDIA, "江淮晨报官方微博", 1260000, "有温度的新闻，有态度的报纸。"
)
XINGTAI_BUREAU = Account(
    7712345004, "邢台生态环境", GOV, "邢台市生态环境局官方微博", 42000, "邢台市生态环境局", "河北"
)
HENGNAN_GOV = Account(7712345005, "衡南发布", GOV, "衡南县人民政府新闻办公室官方微博", 86000, "", "湖南")
YANCHENG_WETLAND = Account(
    7712345006, "盐城湿地保护", GOV, "盐城市湿地保护管理中心官方微博", 23000, "", "江苏"
)

FISHER = Account(6123400001, "泾川小渔夫", followers=412)
AMING = Account(6123400002, "榔桥阿明", followers=230)
WANNAN_LIFE = Account(6123400003, "皖南生活圈", PERSONAL_V, "宣城本地生活博主", 381000)
RIVER_CAT = Account(6123400004, "青弋江边的猫", followers=1096)
OLD_ZHOU = Account(6123400005, "环保志愿者老周", followers=3380, description="关注家乡的每一条河。")
JINGTING = Account(6123400006, "敬亭山下", followers=752)
LEMON_TEA = Account(6123400007, "一颗柠檬茶", followers=88, province="江苏")
HIKER = Account(6123400008, "皖南徒步者", followers=2045)
XINGTAI_LI = Account(6123400009, "邢台小李", followers=318, province="河北")
OLD_TAN = Account(6123400010, "衡南村民老谭", followers=140, province="湖南")
GADGET_ZHANG = Account(6123400011, "数码老张", PERSONAL_V, "数码博主", 920000, province="广东")
HOOPS_KAI = Account(6123400012, "篮球迷阿凯", followers=1560, province="上海")
FOODIE = Account(6123400013, "吃货日记本", followers=6430, province="浙江")
BIRD_WANG = Account(6123400014, "爱鸟的小王", followers=2210, province="江苏")
VOLUNTEER_LIN = Account(6123400015, "巢湖志愿者小林", followers=960)
HENGYANG_MOM = Account(6123400016, "衡阳二宝妈", followers=502, province="湖南")
COMMUTER = Account(6123400017, "早八打工人", followers=77, province="北京")
