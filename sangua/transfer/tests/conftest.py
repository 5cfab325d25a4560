"""Helpers of the import tests: build .xlsx files row by row, and dump the tables an import touches."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from sangua.audit.models import AuditEntry, AuditHead
from sangua.orgs.models import User
from sangua.progress.models import MonthlyReport, ReportEvent
from sangua.projects.models import InvestmentPlan, Project
from sangua.transfer.layout import PLANS, PROJECTS, REPORTS

PROJECT_HEADERS = [c.header for c in PROJECTS.columns]
PLAN_HEADERS = [c.header for c in PLANS.columns]
REPORT_HEADERS = [c.header for c in REPORTS.columns]


def xlsx(
    sheets: dict[str, Sequence[Sequence[Any]]], *, merge: dict[str, str] | None = None
) -> bytes:
    """A workbook with the given sheets (first row = headers); ``merge`` maps sheet → range."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    for title, ref in (merge or {}).items():
        workbook[title].merge_cells(ref)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def project_row(code: str = "331102-901", **overrides: Any) -> list[Any]:
    """A good 项目 row for a new Liandu project (override by column key)."""
    values = {
        "code": code,
        "name": "测试新建项目",
        "region": "331102",
        "unit": "331102-T05",
        "leader": "区长",
        "unit_head": "",
        "contact": "张联络",
        "contact_phone": "0578-2123456",
        "category": "交通",
        "location": "联城街道",
        "total_investment": 12000,
        "start_date": "2013-03-01",
        "target_date": "2015-12-31",
        "state": "在建",
    }
    values.update(overrides)
    return [values[c.key] for c in PROJECTS.columns]


def plan_row(
    code: str = "331102-901", year: int = 2013, annual: Any = 1200, months: Any = None
) -> list[Any]:
    months = months if months is not None else [100] * 12
    return [code, year, annual, *months]


def projects_file(
    projects: Sequence[Sequence[Any]] = (), plans: Sequence[Sequence[Any]] = ()
) -> bytes:
    return xlsx({"项目": [PROJECT_HEADERS, *projects], "年度计划": [PLAN_HEADERS, *plans]})


def reports_file(rows: Sequence[Sequence[Any]]) -> bytes:
    return xlsx({"月报": [REPORT_HEADERS, *rows]})


def dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row and column of the tables an import may write, in primary-key order."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values_list())
        for model in (Project, InvestmentPlan, MonthlyReport, ReportEvent, AuditEntry, AuditHead)
    }


@pytest.fixture
def office(db) -> User:
    return User.objects.get(username="office")
