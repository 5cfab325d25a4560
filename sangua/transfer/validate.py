"""Checking every cell of a projects file (sheets 项目 and 年度计划) against the rules and the database.

Nothing stops at the first problem: every bad cell is reported. A row is only turned into a
clean record when all its cells are good; the import writes only when there are no errors at all.
The rules are those of ``sangua.projects.services`` (four fixes, plans adding up), checked per cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sangua.orgs.models import Region
from sangua.projects.choices import ProjectState
from sangua.projects.models import MONTH_FIELDS, Project

from . import cells
from .cells import CellProblem
from .directory import Directory, projects_by_code
from .layout import CATEGORIES, CATEGORY_NAMES, PLANS, PROJECTS, STATE_NAMES, STATES
from .reader import Book, CellError, Progress, Row, SheetData

YEAR_RANGE = (2000, 2100)


@dataclass
class ProjectRow:
    """A good row of 项目: the project's field values (foreign keys as ids)."""

    number: int
    code: str
    values: dict[str, Any]


@dataclass
class PlanRow:
    """A good row of 年度计划: a project's plan for one year."""

    number: int
    code: str
    year: int
    annual: Decimal
    months: list[Decimal]


@dataclass
class ProjectsChecked:
    projects: list[ProjectRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    existing: dict[str, Project] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)


class RowCheck:
    """Reads one row's cells with parsers, collecting a problem per bad cell."""

    def __init__(self, sheet: SheetData, row: Row, errors: list[CellError]) -> None:
        self.sheet, self.row, self.errors = sheet, row, errors
        self.ok = True

    def raw(self, key: str) -> object:
        return self.row.values.get(key)

    def fail(self, key: str, code: str, message: str) -> None:
        self.ok = False
        self.errors.append(self.sheet.error(self.row, key, self.raw(key), code, message))

    def get(self, key: str, parse: Callable[[object], Any], *, required: bool = False) -> Any:
        """The parsed value, or None (with the problem recorded) when the cell is bad or blank."""
        if key in self.row.flagged or key not in self.sheet.letters:
            # already reported: a formula or merged cell, or the whole column is missing
            self.ok = False
            return None
        value = self.raw(key)
        if cells.is_blank(value):
            if required:
                self.fail(key, "required", _("A value is required."))
            return None
        try:
            return parse(value)
        except CellProblem as problem:
            self.fail(key, problem.code, problem.message)
            return None


def _text(limit: int) -> Callable[[object], str]:
    return lambda value: cells.text(value, limit=limit)


def _check_project(check: RowCheck, directory: Directory) -> dict[str, Any] | None:
    code = check.get("code", cells.code, required=True)
    name = check.get("name", _text(200), required=True)
    region: Region | None = check.get(
        "region", lambda v: directory.district(cells.code(v)), required=True
    )
    unit = check.get(
        "unit", lambda v: directory.unit(cells.text(v, limit=64), region), required=True
    )
    leader = unit_head = None
    if region is not None:
        leader = check.get(
            "leader",
            lambda v: directory.person(cells.text(v, limit=64), region, _("leader")),
            required=True,
        )
        unit_head = check.get(
            "unit_head", lambda v: directory.person(cells.text(v, limit=64), region, _("unit head"))
        )
    else:
        check.get("leader", _text(64), required=True)
    category = check.get(
        "category", lambda v: cells.choice(v, CATEGORIES, CATEGORY_NAMES), required=True
    )
    state = check.get("state", lambda v: cells.choice(v, STATES, STATE_NAMES))
    total = check.get("total_investment", cells.amount, required=True)
    start: dt.date | None = check.get("start_date", cells.date, required=True)
    target: dt.date | None = check.get("target_date", cells.date, required=True)
    if start and target and target < start:
        check.fail(
            "target_date",
            "target_before_start",
            _("The target completion date is before the start date {start}.").format(start=start),
        )
    values = {
        "contact": check.get("contact", _text(64)) or "",
        "contact_phone": check.get("contact_phone", _text(32)) or "",
        "location": check.get("location", _text(200)) or "",
    }
    if not check.ok:
        return None
    assert region is not None
    assert unit is not None
    assert leader is not None
    head = unit_head or (directory.people.get(unit.head_id) if unit.head_id else None)
    return {
        "code": code,
        "name": name,
        "region_id": region.pk,
        "unit_id": unit.pk,
        "leader_id": leader.pk,
        "unit_head_id": head.pk if head else None,
        "category": category,
        "total_investment": total,
        "start_date": start,
        "target_date": target,
        "state": state,  # None: planned for a new project, unchanged for an existing one
        **values,
    }


def _check_plan(check: RowCheck) -> PlanRow | None:
    code = check.get("code", cells.code, required=True)
    year = check.get(
        "year", lambda v: cells.whole(v, low=YEAR_RANGE[0], high=YEAR_RANGE[1]), required=True
    )
    annual = check.get("annual", cells.amount, required=True)
    months = [check.get(key, cells.amount) for key in MONTH_FIELDS]
    if not check.ok:
        return None
    clean = [m if m is not None else Decimal("0.00") for m in months]
    total = sum(clean, Decimal("0.00"))
    if annual != total:
        check.fail(
            "annual",
            "plan_months_mismatch",
            _("The 12 months add up to {total} 万元, not to the annual plan.").format(total=total),
        )
        return None
    return PlanRow(check.row.number, code, year, annual, clean)


def outside_scope(project: Project, directory: Directory) -> str | None:
    if directory.in_scope(project.region_id):
        return None
    return _(
        "Project {code} belongs to {district}, outside the districts you may import for."
    ).format(code=project.code, district=directory.regions[project.region_id].name)


def check_projects(
    book: Book, directory: Directory, progress: Progress | None = None
) -> ProjectsChecked:
    """Check the sheets 项目 and 年度计划 of a read file; every bad cell becomes an error."""
    report: Progress = progress or (lambda phase, done, total: None)
    result = ProjectsChecked(errors=list(book.errors))
    errors = result.errors
    total, done = book.rows, 0
    project_sheet = book.sheets.get(PROJECTS.name)
    plan_sheet = book.sheets.get(PLANS.name)
    codes_in_file: set[str] = set()
    for sheet in (project_sheet, plan_sheet):
        for row in sheet.rows if sheet else ():
            try:
                codes_in_file.add(cells.code(row.values.get("code")))
            except CellProblem:
                pass
    result.existing = projects_by_code(codes_in_file)

    first_row: dict[str, int] = {}
    project_codes: set[str] = set()
    for row in project_sheet.rows if project_sheet else ():
        check = RowCheck(project_sheet, row, errors)  # type: ignore[arg-type]
        values = _check_project(check, directory)
        code = values["code"] if values else code_or_none(row)
        if code:
            project_codes.add(code)
            if code in first_row:
                check.fail(
                    "code",
                    "duplicate_code",
                    _("Project code {code} is also on row {row}.").format(
                        code=code, row=first_row[code]
                    ),
                )
                values = None
            else:
                first_row[code] = row.number
        if values and code in result.existing:
            problem = outside_scope(result.existing[code], directory)
            if problem:
                check.fail("code", "project_outside_scope", problem)
                values = None
        if values:
            result.projects.append(ProjectRow(row.number, values["code"], values))
        done += 1
        if done % 500 == 0:
            report("check", done, total)

    seen: dict[tuple[str, int], int] = {}
    for row in plan_sheet.rows if plan_sheet else ():
        check = RowCheck(plan_sheet, row, errors)  # type: ignore[arg-type]
        plan = _check_plan(check)
        code = plan.code if plan else code_or_none(row)
        if code and code not in project_codes:
            existing = result.existing.get(code)
            if existing is None:
                check.fail(
                    "code",
                    "unknown_project",
                    _("No project has this code, here or in the 项目 sheet."),
                )
                plan = None
            elif problem := outside_scope(existing, directory):
                check.fail("code", "project_outside_scope", problem)
                plan = None
        if plan:
            key = (plan.code, plan.year)
            if key in seen:
                check.fail(
                    "year",
                    "duplicate_plan",
                    _("The {year} plan of {code} is also on row {row}.").format(
                        year=plan.year, code=plan.code, row=seen[key]
                    ),
                )
            else:
                seen[key] = row.number
                result.plans.append(plan)
        done += 1
        if done % 500 == 0:
            report("check", done, total)
    return result


def code_or_none(row: Row) -> str | None:
    try:
        return cells.code(row.values.get("code")) or None
    except CellProblem:
        return None


def new_project_state(values: dict[str, Any], existing: Project | None) -> str:
    if values["state"]:
        return str(values["state"])
    return existing.state if existing else ProjectState.PLANNED
