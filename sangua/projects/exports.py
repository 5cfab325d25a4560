"""The project list as an Excel sheet: the rows the page's selector returned, every page of them.

Headers are Chinese (the offices' documents); money is written as numbers in 万元 with two
decimals and a thousands separator, rates as numbers in percent, as the page rounds them.
"""

from __future__ import annotations

from django.utils import translation

from sangua.core.excel import EXPORT_LANGUAGE, MONEY_FORMAT, RATE_FORMAT, Column, Sheet
from sangua.core.templatetags.figures_format import light_label
from sangua.engine.metrics import Figures

from .choices import ProjectCategory, ProjectState
from .selectors import ProjectFilters, ProjectList

COLUMNS = (
    Column("项目编码", 14),
    Column("项目名称", 36),
    Column("所属区县", 12),
    Column("责任单位", 18),
    Column("挂帅领导", 14),
    Column("项目类别", 12),
    Column("项目状态", 10),
    Column("年度计划(万元)", 14, MONEY_FORMAT),
    Column("计划至本月(万元)", 16, MONEY_FORMAT),
    Column("本年完成(万元)", 14, MONEY_FORMAT),
    Column("年度投资完成率", 14, RATE_FORMAT),
    Column("序时进度", 10, RATE_FORMAT),
    Column("计划完成率", 12, RATE_FORMAT),
    Column("红黄绿灯", 10),
    Column("停滞/缓慢", 10),
)
TOTAL = "合计"


def _figures(f: Figures) -> list[object]:
    return [
        f.annual_plan,
        f.plan_to_date,
        f.completed,
        f.completion_rate,
        f.time_progress,
        f.plan_to_date_rate,
        light_label(f.light),
        "停滞" if f.stalled else ("缓慢" if f.slow else ""),
    ]


def project_list_sheet(result: ProjectList, filters: ProjectFilters) -> Sheet:
    """The filtered list in the page's order, then a total row over the same projects."""
    with translation.override(EXPORT_LANGUAGE):
        rows: list[list[object]] = [
            [
                row.project.code,
                row.project.name,
                row.region_name,
                row.project.unit_name,
                row.project.leader,
                str(ProjectCategory(row.project.category).label),
                str(ProjectState(row.project.state).label),
                *_figures(row.figures),
            ]
            for row in result.rows
        ]
        rows.append(
            [TOTAL, f"{len(result.rows)}个项目", "", "", "", "", "", *_figures(result.totals)]
        )
    return Sheet(
        title="重点项目",
        heading=f"重点项目（截至{filters.year}年{filters.month}月底，只计已审核的月报）",
        columns=COLUMNS,
        rows=rows,
    )
