"""The import files' layout: sheets, their Chinese column headers, and the Chinese names of codes.

The headers are the file format (what offices type and what templates carry), so they are
written in Chinese here and not translated. Full-width brackets and stray spaces in a header are
forgiven (``所属区县（代码）`` matches ``所属区县(代码)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sangua.projects.choices import ProjectCategory, ProjectState
from sangua.projects.models import MONTH_FIELDS


@dataclass(frozen=True)
class Col:
    """One column of a sheet: its key in code, its header, whether a value is required."""

    key: str
    header: str
    required: bool = False
    width: int = 14
    kind: str = "text"  # text | code | money | date | int — for the template's number formats
    note: str = ""  # one line of help on the instructions sheet


@dataclass(frozen=True)
class SheetLayout:
    """A sheet of an import file and its columns; ``required`` sheets must be present."""

    name: str
    columns: tuple[Col, ...]
    required: bool = True

    def column(self, key: str) -> Col:
        return next(c for c in self.columns if c.key == key)


PROJECTS = SheetLayout(
    "项目",
    (
        Col("code", "项目编码", True, 14, "code", "唯一编码，按编码新增或更新（如 331102-001）"),
        Col("name", "项目名称", True, 36, "text", "不超过 200 字"),
        Col(
            "region",
            "所属区县(代码)",
            True,
            12,
            "code",
            "行政区划代码（如 331102），也可填区县名称",
        ),
        Col(
            "unit", "责任单位(代码)", True, 14, "code", "单位编码（如 331102-T05），也可填单位全称"
        ),
        Col("leader", "挂帅领导(职务)", True, 14, "text", "本区县或上级市的职务（如 区委书记）"),
        Col("unit_head", "单位负责人(职务)", False, 18, "text", "留空即责任单位的一把手"),
        Col("contact", "联系人", False, 14),
        Col("contact_phone", "联系电话", False, 16),
        Col("category", "项目类别", True, 12, "text", "见“代码表”，中文名或代码均可"),
        Col("location", "建设地点", False, 24),
        Col("total_investment", "总投资(万元)", True, 14, "money", "数字，最多两位小数"),
        Col("start_date", "开工日期", True, 12, "date", "日期，如 2013-05-06"),
        Col("target_date", "计划竣工日期", True, 14, "date", "不早于开工日期"),
        Col("state", "项目状态", False, 10, "text", "见“代码表”；留空：新项目为计划，已有项目不变"),
    ),
    required=False,
)

MONTH_HEADERS = tuple(f"{k}月" for k in range(1, 13))

PLANS = SheetLayout(
    "年度计划",
    (
        Col("code", "项目编码", True, 14, "code", "本文件“项目”表或系统中已有的项目"),
        Col("year", "年度", True, 8, "int", "如 2013"),
        Col("annual", "年度计划(万元)", True, 14, "money", "必须等于 1–12 月之和"),
        *(
            Col(field, header, False, 10, "money", "留空即 0")
            for field, header in zip(MONTH_FIELDS, MONTH_HEADERS, strict=True)
        ),
    ),
    required=False,
)

REPORTS = SheetLayout(
    "月报",
    (
        Col("code", "项目编码", True, 14, "code", "系统中已有的项目"),
        Col("year", "年度", True, 8, "int", "如 2013"),
        Col("month", "月份", True, 6, "int", "1–12，不能是尚未开始的月份"),
        Col("amount", "本月完成投资(万元)", True, 16, "money", "数字，不小于 0，最多两位小数"),
        Col("progress", "形象进度", False, 40, "text", "不超过 4000 字"),
        Col("problems", "存在问题", False, 40, "text", "不超过 4000 字"),
    ),
)

KINDS: dict[str, tuple[SheetLayout, ...]] = {
    "projects": (PROJECTS, PLANS),
    "reports": (REPORTS,),
}

# Chinese names of the codes, as offices write them; codes and English names are accepted too.
CATEGORY_NAMES: dict[str, str] = {
    ProjectCategory.INDUSTRY: "工业",
    ProjectCategory.INFRASTRUCTURE: "基础设施",
    ProjectCategory.TRANSPORT: "交通",
    ProjectCategory.ENERGY: "能源",
    ProjectCategory.WATER: "水利",
    ProjectCategory.URBAN: "城市建设",
    ProjectCategory.HOUSING: "安置住房",
    ProjectCategory.SOCIAL: "社会事业",
    ProjectCategory.AGRICULTURE: "农业农村",
    ProjectCategory.SERVICES: "服务业",
}
STATE_NAMES: dict[str, str] = {
    ProjectState.PLANNED: "计划",
    ProjectState.UNDER_CONSTRUCTION: "在建",
    ProjectState.COMPLETED: "竣工",
    ProjectState.EXITED: "退出",
}


def normalise_header(text: object) -> str:
    """A header as typed, made comparable: brackets half-width, no spaces."""
    if text is None:
        return ""
    return str(text).replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")


def choice_lookup(names: dict[str, str], choices: type) -> dict[str, str]:
    """Every accepted spelling of a code (Chinese name, code, English label) → the code."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:  # type: ignore[attr-defined]
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
        lookup[names[value]] = value
    return lookup


CATEGORIES = choice_lookup(CATEGORY_NAMES, ProjectCategory)
STATES = choice_lookup(STATE_NAMES, ProjectState)
