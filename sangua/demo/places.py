"""The demo's fixed facts: Lishui's nine county-level areas, their units, posts and Liandu's projects.

Names are official place names and posts (区委书记, 发改局局长); no real person is named.
"""

from __future__ import annotations

CITY = ("331100", "丽水市")

# code, name, kind of top leaders ("区" for a district, "县" for a county, "市" for a county-level city)
DISTRICTS: list[tuple[str, str, str]] = [
    ("331102", "莲都区", "区"),
    ("331121", "青田县", "县"),
    ("331122", "缙云县", "县"),
    ("331123", "遂昌县", "县"),
    ("331124", "松阳县", "县"),
    ("331125", "云和县", "县"),
    ("331126", "庆元县", "县"),
    ("331127", "景宁畲族自治县", "县"),
    ("331181", "龙泉市", "市"),
]

# Townships and streets (乡镇、街道) per area; departments are added from DEPARTMENTS.
TOWNSHIPS: dict[str, list[str]] = {
    "331102": [
        "紫金街道",
        "岩泉街道",
        "万象街道",
        "白云街道",
        "联城街道",
        "南明山街道",
        "碧湖镇",
        "大港头镇",
        "雅溪镇",
        "老竹畲族镇",
        "太平乡",
        "仙渡乡",
        "黄村乡",
        "峰源乡",
    ],
    "331121": ["鹤城街道", "瓯南街道", "油竹街道", "温溪镇", "船寮镇"],
    "331122": ["五云街道", "新建镇", "壶镇镇", "东方镇"],
    "331123": ["妙高街道", "云峰街道", "大柘镇", "石练镇"],
    "331124": ["西屏街道", "水南街道", "古市镇", "望松街道"],
    "331125": ["浮云街道", "白龙山街道", "元和街道", "崇头镇"],
    "331126": ["松源街道", "濛洲街道", "屏都街道", "竹口镇"],
    "331127": ["红星街道", "鹤溪街道", "渤海镇", "沙湾镇"],
    "331181": ["龙渊街道", "西街街道", "剑池街道", "八都镇", "查田镇"],
}

# Departments (部门) with the post of their head; the prefix 区/县/市 is added per area.
DEPARTMENTS: list[tuple[str, str]] = [
    ("发改局", "局长"),
    ("住建局", "局长"),
    ("交通运输局", "局长"),
    ("水利局", "局长"),
    ("国土资源局", "局长"),
    ("经济商务局", "局长"),
    ("教育局", "局长"),
    ("卫生局", "局长"),
    ("旅游局", "局长"),
]

# Leading leaders (挂帅领导) by post; the prefix is the area's kind.
LEADER_POSTS: list[str] = [
    "{k}委书记",
    "{k}长",
    "{k}委副书记",
    "常务副{k}长",
    "副{k}长（城建）",
    "副{k}长（工业）",
    "副{k}长（农业）",
]

# Liandu's key projects: the story's four first, then the rest of the 2013 list.
# (name, category, unit, leader post, annual plan 2013 in 万元 or None to generate, behaviour)
# Behaviours: "story-stuck" stalls before May and catches up; "stalled-late" stops in Aug–Sep;
# "slow" runs behind its plan; "normal" otherwise.
LIANDU_PROJECTS: list[tuple[str, str, str, str, str]] = [
    ("古城岛房屋拆迁及环境整治工程", "urban", "紫金街道", "区委书记", "story-stuck"),
    ("之江监狱迁建工程（清场交地）", "social", "碧湖镇", "区长", "story-stuck"),
    ("1000KV浙南站工程（政策处理）", "energy", "区发改局", "常务副区长", "story-stuck"),
    ("联城城郊农民新社区一期安置住房", "housing", "联城街道", "区委副书记", "normal"),
    ("丽水南城中心区块开发", "urban", "南明山街道", "区长", "normal"),
    ("丽水经济开发区富岭片区基础设施", "infrastructure", "区发改局", "副区长（工业）", "normal"),
    ("瓯江（莲都段）防洪堤工程", "water", "区水利局", "副区长（农业）", "normal"),
    ("好溪堰水利风景区整治", "water", "区水利局", "副区长（农业）", "slow"),
    ("330国道莲都段改建", "transport", "区交通运输局", "常务副区长", "normal"),
    ("丽龙高速碧湖连接线", "transport", "区交通运输局", "副区长（城建）", "normal"),
    ("白云森林公园提升工程", "services", "白云街道", "副区长（城建）", "slow"),
    ("岩泉旧城改造二期", "urban", "岩泉街道", "副区长（城建）", "normal"),
    ("万象山周边区块改造", "urban", "万象街道", "副区长（城建）", "normal"),
    ("碧湖新城起步区建设", "urban", "碧湖镇", "区委书记", "normal"),
    ("大港头古堰画乡景区提升", "services", "大港头镇", "区委副书记", "normal"),
    ("雅溪口水库工程前期", "water", "雅溪镇", "副区长（农业）", "stalled-late"),
    ("老竹畲族镇特色小城镇建设", "agriculture", "老竹畲族镇", "副区长（农业）", "normal"),
    ("莲都区人民医院迁建", "social", "区卫生局", "区长", "normal"),
    ("莲都中学新校区", "social", "区教育局", "区委副书记", "normal"),
    ("丽水工业园区标准厂房三期", "industry", "区经济商务局", "副区长（工业）", "normal"),
    ("浙西南农产品物流中心", "services", "区经济商务局", "副区长（工业）", "slow"),
    ("南明湖环湖景观带", "services", "区旅游局", "副区长（城建）", "normal"),
    ("太平乡下山脱贫安置小区", "housing", "太平乡", "副区长（农业）", "normal"),
    ("仙渡乡农村饮用水提标工程", "water", "仙渡乡", "副区长（农业）", "normal"),
    ("黄村乡土地整理项目", "agriculture", "黄村乡", "副区长（农业）", "stalled-late"),
    ("峰源乡生态公益林道路", "transport", "峰源乡", "副区长（农业）", "normal"),
    ("城北农副产品批发市场", "services", "紫金街道", "常务副区长", "normal"),
    ("丽水火车站站前广场改造", "transport", "区住建局", "副区长（城建）", "normal"),
    ("莲都区污水处理厂提标扩容", "infrastructure", "区住建局", "副区长（城建）", "normal"),
    ("莲都区垃圾焚烧发电项目", "energy", "区住建局", "常务副区长", "normal"),
    ("联城工业区块道路网", "infrastructure", "联城街道", "副区长（工业）", "normal"),
    ("碧湖平原农业综合开发", "agriculture", "区国土资源局", "副区长（农业）", "normal"),
]

GENERIC_PROJECT_NAMES: list[tuple[str, str]] = [
    ("{town}旧城改造工程", "urban"),
    ("{town}安置小区建设", "housing"),
    ("{area}工业园区基础设施", "infrastructure"),
    ("{area}城区防洪工程", "water"),
    ("{area}人民医院扩建", "social"),
    ("{area}汽车客运中心", "transport"),
    ("{town}农村公路提升", "transport"),
    ("{area}水厂及管网改造", "water"),
    ("{area}标准厂房建设", "industry"),
    ("{area}职业教育中心", "social"),
    ("{town}特色小镇建设", "urban"),
    ("{area}生态旅游综合体", "services"),
    ("{area}110千伏变电站", "energy"),
    ("{town}土地整理项目", "agriculture"),
    ("{area}城市综合体", "services"),
    ("{area}污水处理厂二期", "infrastructure"),
    ("{area}文化艺术中心", "social"),
    ("{town}美丽乡村精品线", "agriculture"),
]

PROGRESS_PHRASES: dict[str, list[str]] = {
    "early": ["前期手续办理中", "完成方案设计", "土地报批推进中", "完成项目招标"],
    "site": ["政策处理推进中", "场地平整", "基础施工", "桩基工程施工"],
    "main": ["主体结构施工", "主体结构封顶", "附属工程施工", "安装工程施工"],
    "late": ["装饰装修施工", "室外配套工程", "竣工验收准备", "扫尾工程"],
}

PROBLEMS: list[str] = [
    "政策处理难度大，部分农户未签约",
    "用地指标尚未落实",
    "施工许可审批未完成",
    "资金拨付滞后",
    "电力迁改未完成",
    "雨季影响施工进度",
]
