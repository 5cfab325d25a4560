"""Import templates (导入模板): the sheets with their Chinese headers, help, and code lists.

A template may carry a district's current data in the same layout (projects and plans, or one
year's reports), so an office can download, edit and import it again: unchanged rows stay as
they are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from sangua.core.excel import MONEY_FORMAT, Column, Sheet, write_sheet
from sangua.orgs.models import Person, Region, Unit
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport
from sangua.projects.models import InvestmentPlan, Project

from .layout import CATEGORY_NAMES, KINDS, PLANS, PROJECTS, REPORTS, STATE_NAMES, SheetLayout

DATE_FORMAT = "yyyy-mm-dd"
FORMATS = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "code": "@", "int": "0"}


def _columns(layout: SheetLayout) -> list[Column]:
    return [Column(c.header, c.width, FORMATS.get(c.kind)) for c in layout.columns]


def _project_rows(projects: Iterable[Project]) -> Iterable[list[object]]:
    for p in projects:
        yield [
            p.code,
            p.name,
            p.region.code,
            p.unit.code,
            p.leader.post,
            p.unit_head.post if p.unit_head else "",
            p.contact,
            p.contact_phone,
            CATEGORY_NAMES.get(p.category, p.category),
            p.location,
            p.total_investment,
            p.start_date,
            p.target_date,
            STATE_NAMES.get(p.state, p.state),
        ]


def _plan_rows(plans: Iterable[InvestmentPlan]) -> Iterable[list[object]]:
    for plan in plans:
        yield [plan.project.code, plan.year, plan.annual_amount, *plan.months]


def _report_rows(reports: Iterable[MonthlyReport]) -> Iterable[list[object]]:
    for r in reports:
        yield [r.project.code, r.year, r.month, r.amount, r.progress, r.problems]


def _help_sheet(layouts: Sequence[SheetLayout]) -> Sheet:
    rows: list[list[object]] = [
        [layout.name, c.header, "必填" if c.required else "", c.note]
        for layout in layouts
        for c in layout.columns
    ]
    return Sheet(
        title="说明",
        columns=[Column("工作表", 10), Column("列", 20), Column("必填", 6), Column("填写说明", 60)],
        rows=rows,
        notes=[
            "第一行是列名，请勿修改；数据从第二行开始。不要合并单元格，不要使用公式（请粘贴数值）。",
            "按项目编码新增或更新；任何一处有错，整个文件都不导入，并列出每一处错误。",
        ],
    )


def _codes_sheet(region: Region | None) -> Sheet:
    rows: list[list[object]] = [["项目类别", name, code] for code, name in CATEGORY_NAMES.items()]
    rows += [["项目状态", name, code] for code, name in STATE_NAMES.items()]
    if region is not None:
        rows += [
            ["责任单位", u.name, u.code]
            for u in Unit.objects.filter(region=region).order_by("sort")
        ]
        rows += [
            ["挂帅领导(职务)", p.post, ""]
            for p in Person.objects.filter(region=region, is_leader=True).order_by("post")
        ]
    return Sheet(
        title="代码表",
        columns=[Column("类型", 14), Column("名称", 28), Column("代码", 16)],
        rows=rows,
    )


def _add_choices(workbook: Workbook) -> None:
    """Drop-down lists for category and state on the projects sheet."""
    if PROJECTS.name not in workbook.sheetnames:
        return
    ws = workbook[PROJECTS.name]
    for key, names in (("category", CATEGORY_NAMES), ("state", STATE_NAMES)):
        letter = chr(ord("A") + [c.key for c in PROJECTS.columns].index(key))
        validation = DataValidation(
            type="list", formula1='"{}"'.format(",".join(names.values())), allow_blank=True
        )
        validation.add(f"{letter}2:{letter}20000")
        ws.add_data_validation(validation)


def template_bytes(kind: str, *, region: Region | None = None, year: int | None = None) -> bytes:
    """An .xlsx import template of a kind; with a district, filled with its current data."""
    layouts = KINDS[kind]
    sheets: list[Sheet] = []
    if kind == "projects":
        projects = (
            Project.objects.filter(region=region).select_related(
                "region", "unit", "leader", "unit_head"
            )
            if region is not None
            else Project.objects.none()
        )
        plans = InvestmentPlan.objects.filter(project__in=projects).select_related("project")
        if year is not None:
            plans = plans.filter(year=year)
        sheets.append(Sheet(PROJECTS.name, _columns(PROJECTS), _project_rows(projects)))
        sheets.append(
            Sheet(PLANS.name, _columns(PLANS), _plan_rows(plans.order_by("project__code", "year")))
        )
    else:
        reports = (
            MonthlyReport.objects.filter(
                project__region=region, state=ReportState.APPROVED
            ).select_related("project")
            if region is not None
            else MonthlyReport.objects.none()
        )
        if year is not None:
            reports = reports.filter(year=year)
        reports = reports.order_by("project__code", "year", "month")
        sheets.append(Sheet(REPORTS.name, _columns(REPORTS), _report_rows(reports)))
    sheets.append(_help_sheet(layouts))
    sheets.append(_codes_sheet(region))
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sheets:
        write_sheet(workbook, sheet)
    _add_choices(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
