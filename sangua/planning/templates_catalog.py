"""The standard node chains (标准节点模板) a reverse plan is generated from, one per project type.

Approvals count working days of the official calendar (工作日, ``cn``): the statutory time limits
of 立项, 用地预审, 规划许可, 施工许可 … are set in working days. Site work counts calendar days
(日历天, ``all``): contractors work through weekends and holidays, and construction contracts state
their periods in calendar days. Durations are typical for a county-level project in Zhejiang, to be
adjusted node by node once the plan is generated.

A step's responsible unit is named by the department's suffix (``发改局`` finds 区发改局 or 县发改局
in the project's district); a step without one belongs to the project's own unit (the owner).
The catalog lives in code, versioned with the product: a template is a method, not data the
office edits; the generated plan is what they edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .choices import PlanTemplate

WORKING = "cn"  # 工作日
CALENDAR = "all"  # 日历天

# Department suffixes of the responsible units (the demo's and a typical district's).
NDRC = "发改局"  # development and reform: project approval, feasibility
LAND = "国土资源局"  # land: pre-review of land use, handover checks
HOUSING_DEPT = "住建局"  # housing and construction: planning and building permits, acceptance
TRANSPORT_DEPT = "交通运输局"
WATER_DEPT = "水利局"


@dataclass(frozen=True)
class Step:
    """One node of a template: name, duration in days of its calendar, who, and what it waits for.

    ``after`` holds ``(key, type, lag)`` triples; a plain key in :func:`step` means FS without lag.
    """

    key: str
    name: str
    duration: int
    calendar: str
    unit: str | None = None
    after: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class Template:
    """A standard chain of steps for one type of project."""

    code: PlanTemplate
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return str(self.code.label)

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


def step(
    key: str,
    name: str,
    duration: int,
    calendar: str,
    unit: str | None = None,
    after: tuple[str | tuple[str, str, int], ...] = (),
) -> Step:
    deps = tuple((a, "FS", 0) if isinstance(a, str) else a for a in after)
    return Step(key, name, duration, calendar, unit, deps)


HOUSING = Template(
    PlanTemplate.HOUSING,
    (
        step("approval", "项目立项批复", 15, WORKING, NDRC),
        step("land_review", "用地预审", 20, WORKING, LAND, ("approval",)),
        step("siting", "规划选址及用地规划许可", 15, WORKING, HOUSING_DEPT, ("approval",)),
        step("eia", "环境影响评价批复", 20, WORKING, None, ("approval",)),
        step("land_clearing", "征地拆迁及清场交地", 90, CALENDAR, None, ("land_review",)),
        step("planning_permit", "建设工程规划许可", 20, WORKING, HOUSING_DEPT, ("siting",)),
        step("drawings", "施工图设计及审查", 60, CALENDAR, None, ("planning_permit",)),
        step("tender", "施工招标", 25, WORKING, None, ("drawings", "eia")),
        step("building_permit", "施工许可", 10, WORKING, HOUSING_DEPT, ("tender", "land_clearing")),
        step("start", "开工", 0, CALENDAR, None, ("building_permit",)),
        step("foundation", "基础工程", 90, CALENDAR, None, ("start",)),
        step("structure", "主体结构施工", 180, CALENDAR, None, ("foundation",)),
        step("topped_out", "主体完工（结顶）", 0, CALENDAR, None, ("structure",)),
        step("fit_out", "安装及装饰装修", 120, CALENDAR, None, (("structure", "SS", 120),)),
        step("outdoor", "室外配套及绿化", 60, CALENDAR, None, ("topped_out",)),
        step("acceptance", "竣工验收", 20, WORKING, HOUSING_DEPT, ("fit_out", "outdoor")),
        step("allocation", "分房及钥匙交接", 15, CALENDAR, None, ("acceptance",)),
        step("handover", "交付安置户", 0, CALENDAR, None, ("allocation",)),
    ),
)

TRANSPORT = Template(
    PlanTemplate.TRANSPORT,
    (
        step("proposal", "项目建议书批复", 20, WORKING, NDRC),
        step("feasibility", "工程可行性研究批复", 25, WORKING, NDRC, ("proposal",)),
        step("land_review", "用地预审", 20, WORKING, LAND, ("proposal",)),
        step("eia", "环境影响评价批复", 20, WORKING, None, ("proposal",)),
        step(
            "preliminary",
            "初步设计批复",
            20,
            WORKING,
            TRANSPORT_DEPT,
            ("feasibility", "land_review", "eia"),
        ),
        step("drawings", "施工图设计及审查", 60, CALENDAR, None, ("preliminary",)),
        step("acquisition", "征地拆迁及管线迁改", 150, CALENDAR, None, ("land_review",)),
        step("tender", "施工及监理招标", 25, WORKING, None, ("drawings",)),
        step("permit", "施工许可", 10, WORKING, TRANSPORT_DEPT, ("tender",)),
        step("start", "开工", 0, CALENDAR, None, ("permit",)),
        step("roadbed", "路基工程", 240, CALENDAR, None, ("start", "acquisition")),
        step("bridges", "桥涵工程", 270, CALENDAR, None, ("start",)),
        step("pavement", "路面工程", 90, CALENDAR, None, ("roadbed",)),
        step("safety", "交通安全及附属设施", 45, CALENDAR, None, (("pavement", "FF", 15),)),
        step("handover_check", "交工验收", 15, WORKING, TRANSPORT_DEPT, ("safety", "bridges")),
        step("open", "建成通车", 0, CALENDAR, None, ("handover_check",)),
    ),
)

POWER = Template(
    PlanTemplate.POWER,
    (
        step("approval", "项目核准", 20, WORKING, NDRC),
        step("land_review", "用地预审", 20, WORKING, LAND, ("approval",)),
        step("siting", "规划选址意见", 15, WORKING, HOUSING_DEPT, ("approval",)),
        step("eia", "环评及水保批复", 25, WORKING, None, ("approval",)),
        step("survey", "土地及附着物调查摸底", 30, CALENDAR, None, ("land_review",)),
        step("compensation", "征地补偿协议签订", 60, CALENDAR, None, ("survey",)),
        step("graves", "坟墓迁移及青苗补偿", 45, CALENDAR, None, (("compensation", "SS", 15),)),
        step("clearance", "场地清表", 30, CALENDAR, None, ("compensation", "graves")),
        step("handover", "清场交地", 0, CALENDAR, LAND, ("clearance",)),
        step("site_prep", "三通一平", 60, CALENDAR, None, ("handover",)),
        step("civil", "站区土建施工", 240, CALENDAR, None, ("site_prep", "eia", "siting")),
        step("electrical", "电气设备安装", 150, CALENDAR, None, (("civil", "SS", 150),)),
        step("commissioning", "系统调试", 45, CALENDAR, None, ("electrical",)),
        step("acceptance", "竣工验收", 15, WORKING, NDRC, ("commissioning",)),
        step("energise", "投产送电", 0, CALENDAR, None, ("acceptance",)),
    ),
)

DEMOLITION = Template(
    PlanTemplate.DEMOLITION,
    (
        step("decision", "房屋征收决定公告", 15, WORKING),
        step("survey", "入户调查及摸底登记", 30, CALENDAR, None, ("decision",)),
        step("compensation_plan", "征收补偿方案公示", 20, WORKING, HOUSING_DEPT, ("decision",)),
        step("appraisal", "房屋评估", 30, CALENDAR, None, ("survey",)),
        step("housing_source", "安置房源落实", 60, CALENDAR, HOUSING_DEPT, ("compensation_plan",)),
        step("signing", "签约", 60, CALENDAR, None, ("appraisal", "compensation_plan")),
        step("vacate", "腾空搬迁", 45, CALENDAR, None, (("signing", "SS", 30),)),
        step("demolish", "房屋拆除", 45, CALENDAR, None, (("vacate", "SS", 15),)),
        step("clear", "建筑垃圾清运及场地平整", 30, CALENDAR, None, (("demolish", "FF", 15),)),
        step("land_check", "交地验收", 10, WORKING, LAND, ("clear", "housing_source")),
        step("handover", "清场交地", 0, CALENDAR, None, ("land_check",)),
    ),
)

WATER = Template(
    PlanTemplate.WATER,
    (
        step("proposal", "项目建议书批复", 20, WORKING, NDRC),
        step("feasibility", "可行性研究报告批复", 25, WORKING, NDRC, ("proposal",)),
        step("land_review", "用地预审", 20, WORKING, LAND, ("proposal",)),
        step("eia", "环境影响评价批复", 20, WORKING, None, ("proposal",)),
        step("soil", "水土保持方案批复", 20, WORKING, WATER_DEPT, ("proposal",)),
        step(
            "preliminary",
            "初步设计批复",
            25,
            WORKING,
            WATER_DEPT,
            ("feasibility", "land_review", "eia", "soil"),
        ),
        step("acquisition", "政策处理（征地及青苗补偿）", 120, CALENDAR, None, ("land_review",)),
        step("tender", "施工招标", 25, WORKING, None, ("preliminary",)),
        step("filing", "开工备案", 5, WORKING, WATER_DEPT, ("tender",)),
        step("start", "开工", 0, CALENDAR, None, ("filing",)),
        step("main", "主体工程施工", 300, CALENDAR, None, ("start", "acquisition")),
        step("ancillary", "附属及管理设施", 60, CALENDAR, None, (("main", "FF", 30),)),
        step("completion_check", "完工验收", 20, WORKING, WATER_DEPT, ("ancillary",)),
        step("done", "竣工", 0, CALENDAR, None, ("completion_check",)),
    ),
)

TEMPLATES: dict[str, Template] = {
    t.code.value: t for t in (HOUSING, TRANSPORT, POWER, DEMOLITION, WATER)
}

# What a project's name says first (拆迁 is demolition whatever the category), then its category.
_BY_NAME: tuple[tuple[re.Pattern[str], PlanTemplate], ...] = (
    (re.compile(r"拆迁|清场|征收|交地"), PlanTemplate.DEMOLITION),
    (re.compile(r"变电|[kK][vV]|千伏|电网|输变电"), PlanTemplate.POWER),
    (re.compile(r"安置|保障房|新社区"), PlanTemplate.HOUSING),
    (re.compile(r"水库|防洪|堤|水利|饮用水|供水"), PlanTemplate.WATER),
    (re.compile(r"公路|国道|高速|道路|大桥|连接线"), PlanTemplate.TRANSPORT),
)
_BY_CATEGORY: dict[str, PlanTemplate] = {
    "housing": PlanTemplate.HOUSING,
    "transport": PlanTemplate.TRANSPORT,
    "energy": PlanTemplate.POWER,
    "water": PlanTemplate.WATER,
    "urban": PlanTemplate.DEMOLITION,
}


def template_for(code: str) -> Template | None:
    """The template of a code, or None."""
    return TEMPLATES.get(code)


def suggested_template(name: str, category: str) -> PlanTemplate | None:
    """The template a project most likely follows, from its name, then its category (or None)."""
    for pattern, code in _BY_NAME:
        if pattern.search(name):
            return code
    return _BY_CATEGORY.get(category)
