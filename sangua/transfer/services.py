"""Imports from Excel (导入): projects with their annual plans, and monthly reports.

Each import reads the whole file, checks every cell, and writes only when nothing is wrong — all
in one transaction, so a file is imported entirely or not at all. Rows are upserted by project
code (plans by code and year, reports by code, year and month); a row equal to what is stored is
left alone, so importing the same file twice changes nothing (no rows, no timestamps, no audit
entries). Every created or changed row gets an audit entry, and the file one more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import Draft, ObjectRef, record_many
from sangua.core.errors import NotAllowed
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office, scope_district_ids
from sangua.progress.choices import ReportAction, ReportState
from sangua.progress.models import MonthlyReport, ReportEvent
from sangua.progress.services import report_due_date
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan, Project

from .directory import Directory, chunks
from .layout import KINDS
from .reader import CellError, Progress, read_book
from .validate import ProjectsChecked, check_projects, new_project_state
from .validate_reports import ReportsChecked, check_reports

PROJECT_FIELDS = (
    "name",
    "region_id",
    "unit_id",
    "leader_id",
    "unit_head_id",
    "contact",
    "contact_phone",
    "category",
    "location",
    "total_investment",
    "start_date",
    "target_date",
    "state",
)
PLAN_FIELDS = ("annual_amount", *MONTH_FIELDS)
REPORT_FIELDS = ("amount", "progress", "problems", "state")
BATCH = 500


class ImportRejected(Exception):
    """The file has problems; nothing was imported. ``errors`` lists every one of them."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(_("{n} problems found; nothing was imported.").format(n=len(errors)))
        self.errors = errors


@dataclass
class ImportSummary:
    """What an import did: counts of rows created, updated and left unchanged, per kind of row."""

    kind: str
    filename: str
    rows: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(v for k, v in self.counts.items() if not k.endswith("unchanged"))


def _noop(phase: str, done: int, total: int) -> None:
    return None


def _scope_for(by: User | None) -> list[int] | None:
    """Districts the importer may write; None means all (the console, or a superuser)."""
    if by is None:
        return None
    if not is_office(by):
        raise NotAllowed(_("Only the key project office may import from Excel."))
    return scope_district_ids(by)


def sort_errors(errors: list[CellError], kind: str) -> list[CellError]:
    """File problems first, then by sheet (in the template's order), row, and column."""
    order = {layout.name: i for i, layout in enumerate(KINDS[kind])}
    columns = {
        (layout.name, col.header): i
        for layout in KINDS[kind]
        for i, col in enumerate(layout.columns)
    }
    return sorted(
        errors,
        key=lambda e: (order.get(e.sheet, -1), e.row, columns.get((e.sheet, e.column), -1), e.cell),
    )


def _file_ref(data: bytes, filename: str) -> ObjectRef:
    return ObjectRef("transfer.file", hashlib.sha256(data).hexdigest()[:32], filename[:200])


def import_projects(
    *, data: bytes, filename: str, by: User | None, progress: Progress | None = None
) -> ImportSummary:
    """Import projects (sheet 项目) and their annual plans (sheet 年度计划) from an .xlsx file."""
    report = progress or _noop
    scope = _scope_for(by)
    book = read_book(data, "projects", report)
    with transaction.atomic():
        checked = check_projects(book, Directory(scope), report)
        if checked.errors:
            raise ImportRejected(sort_errors(checked.errors, "projects"))
        summary = ImportSummary("projects", filename, book.rows)
        drafts = _write_projects(checked, summary, report)
        if drafts:
            drafts.append(Draft("import", _file_ref(data, filename), None, _file_after(summary)))
            record_many(actor=by, drafts=drafts)
    return summary


def import_reports(
    *, data: bytes, filename: str, by: User | None, progress: Progress | None = None
) -> ImportSummary:
    """Import monthly reports (sheet 月报) as approved historical figures, from an .xlsx file."""
    report = progress or _noop
    scope = _scope_for(by)
    book = read_book(data, "reports", report)
    with transaction.atomic():
        checked = check_reports(book, Directory(scope), report)
        if checked.errors:
            raise ImportRejected(sort_errors(checked.errors, "reports"))
        summary = ImportSummary("reports", filename, book.rows)
        drafts = _write_reports(checked, summary, by, filename, report)
        if drafts:
            drafts.append(Draft("import", _file_ref(data, filename), None, _file_after(summary)))
            record_many(actor=by, drafts=drafts)
    return summary


def _file_after(summary: ImportSummary) -> dict[str, Any]:
    return {"file": summary.filename, "kind": summary.kind, "rows": summary.rows, **summary.counts}


def _audit_value(name: str, value: Any) -> Any:
    return str(value) if value is not None and not isinstance(value, str | int) else value


def _project_ref(project: Project) -> ObjectRef:
    return ObjectRef("projects.project", str(project.pk), f"{project.code} {project.name}"[:200])


def _write_projects(
    checked: ProjectsChecked, summary: ImportSummary, report: Progress
) -> list[Draft]:
    now = timezone.now()
    total = len(checked.projects) + len(checked.plans)
    drafts: list[Draft] = []
    created: list[Project] = []
    updated: list[Project] = []
    changed_fields: set[str] = set()
    for row in checked.projects:
        existing = checked.existing.get(row.code)
        values = {name: row.values[name] for name in PROJECT_FIELDS if name != "state"}
        values["state"] = new_project_state(row.values, existing)
        if existing is None:
            created.append(Project(code=row.code, **values))
            continue
        diff = {name: v for name, v in values.items() if getattr(existing, name) != v}
        if not diff:
            continue
        before = {name: _audit_value(name, getattr(existing, name)) for name in diff}
        for name, value in diff.items():
            setattr(existing, name, value)
        existing.updated_at = now
        changed_fields.update(diff)
        updated.append(existing)
        drafts.append(
            Draft(
                "update",
                _project_ref(existing),
                before,
                {name: _audit_value(name, v) for name, v in diff.items()},
            )
        )
    Project.objects.bulk_create(created, batch_size=BATCH)
    for project in created:
        drafts.append(
            Draft(
                "create",
                _project_ref(project),
                None,
                {"code": project.code}
                | {n: _audit_value(n, getattr(project, n)) for n in PROJECT_FIELDS},
            )
        )
    if updated:
        Project.objects.bulk_update(
            updated, [*sorted(changed_fields), "updated_at"], batch_size=BATCH
        )
    report("write", len(checked.projects), total)
    summary.counts.update(
        projects_created=len(created),
        projects_updated=len(updated),
        projects_unchanged=len(checked.projects) - len(created) - len(updated),
    )
    ids = {p.code: p.pk for p in (*checked.existing.values(), *created)}
    drafts.extend(_write_plans(checked, ids, summary, now))
    report("write", total, total)
    return drafts


def _write_plans(
    checked: ProjectsChecked, ids: dict[str, int], summary: ImportSummary, now: dt.datetime
) -> list[Draft]:
    project_ids = sorted({ids[p.code] for p in checked.plans})
    existing: dict[tuple[int, int], InvestmentPlan] = {}
    for part in chunks(project_ids):
        for stored in InvestmentPlan.objects.filter(project_id__in=part):
            existing[(stored.project_id, stored.year)] = stored
    created: list[InvestmentPlan] = []
    updated: list[InvestmentPlan] = []
    drafts: list[Draft] = []
    labels: dict[int, str] = {}
    for row in checked.plans:
        project_id = ids[row.code]
        values = {"annual_amount": row.annual, **dict(zip(MONTH_FIELDS, row.months, strict=True))}
        plan: InvestmentPlan | None = existing.get((project_id, row.year))
        if plan is None:
            plan = InvestmentPlan(project_id=project_id, year=row.year, **values)
            created.append(plan)
            labels[id(plan)] = f"{row.code} {row.year}"
            continue
        diff = {name: v for name, v in values.items() if getattr(plan, name) != v}
        if not diff:
            continue
        before = {name: str(getattr(plan, name)) for name in diff}
        for name, value in diff.items():
            setattr(plan, name, value)
        plan.updated_at = now
        updated.append(plan)
        drafts.append(
            Draft(
                "update",
                ObjectRef("projects.investmentplan", str(plan.pk), f"{row.code} {row.year}"),
                before,
                {name: str(v) for name, v in diff.items()},
            )
        )
    InvestmentPlan.objects.bulk_create(created, batch_size=BATCH)
    for plan in created:
        drafts.append(
            Draft(
                "create",
                ObjectRef("projects.investmentplan", str(plan.pk), labels[id(plan)]),
                None,
                {"project_id": plan.project_id, "year": plan.year}
                | {name: str(getattr(plan, name)) for name in PLAN_FIELDS},
            )
        )
    if updated:
        InvestmentPlan.objects.bulk_update(updated, [*PLAN_FIELDS, "updated_at"], batch_size=BATCH)
    summary.counts.update(
        plans_created=len(created),
        plans_updated=len(updated),
        plans_unchanged=len(checked.plans) - len(created) - len(updated),
    )
    return drafts


def _report_snapshot(report: MonthlyReport) -> dict[str, str]:
    # the same shape as the report history written by sangua.progress.services
    return {
        "amount": str(report.amount),
        "progress": report.progress,
        "problems": report.problems,
        "state": report.state,
    }


def _write_reports(
    checked: ReportsChecked,
    summary: ImportSummary,
    by: User | None,
    filename: str,
    report: Progress,
) -> list[Draft]:
    """Imported reports are historical figures: they come in approved, with a history event.

    A report that exists is overwritten and approved (recorded as an amendment when it was
    approved already); its first submission time is kept. A new one counts as submitted on
    its due date, or now if that is earlier, so old months do not show up as late or missing.
    """
    now = timezone.now()
    comment = _("Imported from {file}").format(file=filename)[:4000]
    project_ids = sorted({r.project.pk for r in checked.reports})
    existing: dict[tuple[int, int, int], MonthlyReport] = {}
    for part in chunks(project_ids):
        for stored in MonthlyReport.objects.filter(project_id__in=part):
            existing[(stored.project_id, stored.year, stored.month)] = stored
    created: list[MonthlyReport] = []
    updated: list[tuple[MonthlyReport, dict[str, str], ReportAction]] = []
    for row in checked.reports:
        values = {
            "amount": row.amount,
            "progress": row.progress,
            "problems": row.problems,
            "state": ReportState.APPROVED,
        }
        item: MonthlyReport | None = existing.get((row.project.pk, row.year, row.month))
        if item is None:
            due = report_due_date(row.year, row.month)
            submitted = min(
                now, dt.datetime.combine(due, dt.time(17), tzinfo=timezone.get_current_timezone())
            )
            created.append(
                MonthlyReport(
                    project=row.project,
                    year=row.year,
                    month=row.month,
                    due_date=due,
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                    submitted_by=by,
                    reviewed_at=now,
                    reviewed_by=by,
                    **values,
                )
            )
            continue
        if all(getattr(item, name) == value for name, value in values.items()):
            continue
        before = _report_snapshot(item)
        action = ReportAction.AMEND if item.state == ReportState.APPROVED else ReportAction.APPROVE
        for name, value in values.items():
            setattr(item, name, value)
        item.reviewed_at = now
        item.reviewed_by = by
        item.updated_at = now
        if item.first_submitted_at is None:
            item.first_submitted_at = item.submitted_at = now
            item.submitted_by = by
        updated.append((item, before, action))
    MonthlyReport.objects.bulk_create(created, batch_size=BATCH)
    if updated:
        MonthlyReport.objects.bulk_update(
            [item for item, _b, _a in updated],
            [
                *REPORT_FIELDS,
                "reviewed_at",
                "reviewed_by",
                "updated_at",
                "first_submitted_at",
                "submitted_at",
                "submitted_by",
            ],
            batch_size=BATCH,
        )
    events = [
        ReportEvent(
            report=item,
            action=ReportAction.APPROVE,
            actor=by,
            at=now,
            comment=comment,
            after=_report_snapshot(item),
        )
        for item in created
    ] + [
        ReportEvent(
            report=item,
            action=action,
            actor=by,
            at=now,
            comment=comment,
            before=before,
            after=_report_snapshot(item),
        )
        for item, before, action in updated
    ]
    ReportEvent.objects.bulk_create(events, batch_size=BATCH)
    report("write", len(checked.reports), len(checked.reports))
    summary.counts.update(
        reports_created=len(created),
        reports_updated=len(updated),
        reports_unchanged=len(checked.reports) - len(created) - len(updated),
    )
    return [
        Draft("create", _report_ref(item), None, _report_snapshot(item)) for item in created
    ] + [
        Draft("update", _report_ref(item), before, _report_snapshot(item))
        for item, before, _a in updated
    ]


def _report_ref(report: MonthlyReport) -> ObjectRef:
    return ObjectRef(
        "progress.monthlyreport",
        str(report.pk),
        f"{report.project.code} {report.year}-{report.month:02d}",
    )
