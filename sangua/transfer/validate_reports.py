"""Checking every cell of a monthly-reports file (sheet 月报) against the rules and the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.projects.models import Project

from . import cells
from .directory import Directory, projects_by_code
from .layout import REPORTS
from .reader import Book, CellError, Progress
from .validate import YEAR_RANGE, RowCheck, code_or_none, outside_scope

TEXT_LIMIT = 4000  # as the report form


@dataclass
class ReportRow:
    """A good row of 月报: one project's figures for one month."""

    number: int
    project: Project
    year: int
    month: int
    amount: Decimal
    progress: str
    problems: str


@dataclass
class ReportsChecked:
    reports: list[ReportRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def check_reports(
    book: Book, directory: Directory, progress: Progress | None = None
) -> ReportsChecked:
    """Check the sheet 月报 of a read file; every bad cell becomes an error."""
    report: Progress = progress or (lambda phase, done, total: None)
    result = ReportsChecked(errors=list(book.errors))
    sheet = book.sheets.get(REPORTS.name)
    if sheet is None:
        return result
    projects = projects_by_code(c for c in (code_or_none(r) for r in sheet.rows) if c)
    today = timezone.localdate()
    seen: dict[tuple[str, int, int], int] = {}
    for done, row in enumerate(sheet.rows, start=1):
        check = RowCheck(sheet, row, result.errors)
        code = check.get("code", cells.code, required=True)
        project = projects.get(code) if code else None
        if code and project is None:
            check.fail("code", "unknown_project", _("No project has this code."))
        elif project is not None and (problem := outside_scope(project, directory)):
            check.fail("code", "project_outside_scope", problem)
        year = check.get(
            "year", lambda v: cells.whole(v, low=YEAR_RANGE[0], high=YEAR_RANGE[1]), required=True
        )
        month = check.get("month", lambda v: cells.whole(v, low=1, high=12), required=True)
        if year and month and (year, month) > (today.year, today.month):
            check.fail(
                "month",
                "future_month",
                _("{year}-{month:02d} has not begun; it cannot be reported yet.").format(
                    year=year, month=month
                ),
            )
        amount = check.get("amount", cells.amount, required=True)
        progress_text = check.get("progress", lambda v: cells.text(v, limit=TEXT_LIMIT)) or ""
        problems = check.get("problems", lambda v: cells.text(v, limit=TEXT_LIMIT)) or ""
        if check.ok and code and year and month:
            key = (code, year, month)
            if key in seen:
                check.fail(
                    "month",
                    "duplicate_report",
                    _("The {year}-{month:02d} report of {code} is also on row {row}.").format(
                        year=year, month=month, code=code, row=seen[key]
                    ),
                )
            else:
                seen[key] = row.number
        if check.ok:
            assert project is not None
            result.reports.append(
                ReportRow(row.number, project, year, month, amount, progress_text, problems)
            )
        if done % 500 == 0:
            report("check", done, len(sheet.rows))
    return result
