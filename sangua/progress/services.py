"""Writes for monthly reports: fill, submit, review, amend; and the publication of a month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import record
from sangua.core.errors import Conflict, NotAllowed, ServiceError, ValidationFailed
from sangua.core.money import money
from sangua.core.text import clean_text
from sangua.orgs.choices import Role
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import is_office, scope_district_ids
from sangua.projects.models import Project

from .choices import AWAITING_REVIEW, EDITABLE_BY_UNIT, ReportAction, ReportState
from .models import MonthlyReport, Publication, ReportEvent
from .publication import is_published

REPORTING_ROLES = (Role.REPORTER, Role.UNIT_HEAD)


def report_due_date(year: int, month: int) -> dt.date:
    """The day a month's report is due: by default the 5th of the next month."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(next_year, next_month, settings.SANGUA_REPORT_DUE_DAY)


def _snapshot(report: MonthlyReport) -> dict[str, str]:
    return {
        "amount": str(report.amount),
        "progress": report.progress,
        "problems": report.problems,
        "state": report.state,
    }


def _record(
    report: MonthlyReport,
    action: ReportAction,
    by: User,
    *,
    comment: str = "",
    before: dict[str, str] | None = None,
) -> ReportEvent:
    """Keep the step in the report's history (shown on the project page) and in the audit trail
    (with the address it came from; the comment or reason goes with the new values)."""
    after = _snapshot(report)
    record(
        actor=by,
        action=action.value,
        obj=report,
        before=before,
        after={**after, "comment": comment} if comment else after,
    )
    return ReportEvent.objects.create(
        report=report,
        action=action,
        actor=by,
        comment=comment,
        before=before,
        after=after,
    )


def can_fill(user: User, project: Project) -> bool:
    """A unit's reporter or head fills its own projects' reports."""
    return bool(
        user.is_authenticated and user.role in REPORTING_ROLES and user.unit_id == project.unit_id
    )


def can_review(user: User, project: Project) -> bool:
    """The key project office of the project's district reviews it."""
    if not is_office(user):
        return False
    scope = scope_district_ids(user)
    return scope is None or project.region_id in scope


def _clean_text(value: str | None, field: str, limit: int = 4000) -> str:
    return clean_text(value, field, limit)


def _clean_amount(value: object) -> Decimal:
    try:
        amount = money(value)
    except ValueError:
        raise ValidationFailed(
            "invalid_amount",
            _("{value} is not an amount in 万元.").format(value=value),
            field="amount",
        ) from None
    if amount < 0:
        raise ValidationFailed(
            "negative_amount", _("The amount completed cannot be negative."), field="amount"
        )
    return amount


def _lock_district(region_id: int) -> None:
    """Serialise a district's submissions with its publication (a row lock on PostgreSQL; SQLite
    write transactions are serial already). FOR NO KEY UPDATE: it must not block the foreign-key
    checks of rows that merely point at the district (a project registered meanwhile), which
    PostgreSQL makes at commit, after the audit trail's lock — a deadlock with FOR UPDATE."""
    Region.objects.select_for_update(no_key=True).filter(pk=region_id).first()


def _refuse_published(project: Project, year: int, month: int) -> None:
    """A published month changes only through the office's correction, which needs a reason."""
    if is_published(project.region, year, month):
        raise Conflict(
            "month_published",
            _("{year}-{month:02d} is published; ask the key project office to correct it.").format(
                year=year, month=month
            ),
        )


def _check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValidationFailed("invalid_month", _("Month must be between 1 and 12."), field="month")
    if not 2000 <= year <= 2100:
        raise ValidationFailed(
            "invalid_year", _("Year {year} is out of range.").format(year=year), field="year"
        )
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationFailed(
            "future_month",
            _("{year}-{month:02d} has not begun; it cannot be reported yet.").format(
                year=year, month=month
            ),
            field="month",
        )


@transaction.atomic
def report_save(
    *,
    project: Project,
    year: int,
    month: int,
    amount: object,
    progress: str = "",
    problems: str = "",
    by: User,
) -> MonthlyReport:
    """Create or change a unit's draft (or returned) monthly report (填报月报)."""
    if not can_fill(by, project):
        raise NotAllowed(
            _("Only {unit}'s reporters may fill this project's reports.").format(
                unit=project.unit.name
            )
        )
    _check_month(year, month)
    _refuse_published(project, year, month)
    values = {
        "amount": _clean_amount(amount),
        "progress": _clean_text(progress, "progress"),
        "problems": _clean_text(problems, "problems"),
    }
    report = (
        MonthlyReport.objects.select_for_update()
        .filter(project=project, year=year, month=month)
        .first()
    )
    if report is None:
        report = MonthlyReport.objects.create(
            project=project, year=year, month=month, due_date=report_due_date(year, month), **values
        )
        _record(report, ReportAction.CREATE, by)
        return report
    if report.state not in EDITABLE_BY_UNIT:
        raise Conflict(
            "report_locked",
            _("The {period} report is {state}; it can no longer be changed by the unit.").format(
                period=report.period, state=report.get_state_display()
            ),
        )
    before = _snapshot(report)
    for name, value in values.items():
        setattr(report, name, value)
    report.save()
    _record(report, ReportAction.EDIT, by, before=before)
    return report


@transaction.atomic
def report_submit(*, report: MonthlyReport, by: User) -> MonthlyReport:
    """Send a draft for review (上报), or a returned report again (重新上报)."""
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project__unit")
        .get(pk=report.pk)
    )
    if not can_fill(by, report.project):
        raise NotAllowed(
            _("Only {unit}'s reporters may submit this report.").format(
                unit=report.project.unit.name
            )
        )
    _lock_district(report.project.region_id)
    _refuse_published(report.project, report.year, report.month)
    if report.state not in EDITABLE_BY_UNIT:
        raise Conflict(
            "invalid_state",
            _("This report is {state}; it cannot be submitted.").format(
                state=report.get_state_display()
            ),
        )
    before = _snapshot(report)
    now = timezone.now()
    action = ReportAction.SUBMIT if report.state == ReportState.DRAFT else ReportAction.RESUBMIT
    report.state = (
        ReportState.SUBMITTED if action == ReportAction.SUBMIT else ReportState.RESUBMITTED
    )
    report.submitted_at = now
    report.submitted_by = by
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    report.save()
    _record(report, action, by, before=before)
    return report


@transaction.atomic
def report_approve(*, report: MonthlyReport, by: User, comment: str = "") -> MonthlyReport:
    """The office accepts a submitted report (审核通过); only approved reports count in figures."""
    # of=("self",): lock the report only — locking its project as well (what a join would do)
    # deadlocks with a report of the same project saved meanwhile (its key check at commit).
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=report.pk)
    )
    if not can_review(by, report.project):
        raise NotAllowed(_("Only the key project office may approve reports."))
    _refuse_published(report.project, report.year, report.month)
    if report.state not in AWAITING_REVIEW:
        raise Conflict(
            "invalid_state",
            _("This report is {state}; it cannot be approved.").format(
                state=report.get_state_display()
            ),
        )
    before = _snapshot(report)
    report.state = ReportState.APPROVED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = _clean_text(comment, "comment")
    report.save()
    _record(report, ReportAction.APPROVE, by, comment=report.review_comment, before=before)
    return report


def reports_approve_many(
    *, reports: list[MonthlyReport], by: User, comment: str = ""
) -> tuple[list[MonthlyReport], list[tuple[MonthlyReport, ServiceError]]]:
    """Approve several reports, each in its own step: one refusal stops no other.

    Returns the approved reports and each refused one with the reason, in the order given.
    """
    approved: list[MonthlyReport] = []
    refused: list[tuple[MonthlyReport, ServiceError]] = []
    for report in reports:
        try:
            approved.append(report_approve(report=report, by=by, comment=comment))
        except ServiceError as error:
            refused.append((report, error))
    return approved, refused


@transaction.atomic
def report_return(*, report: MonthlyReport, by: User, comment: str) -> MonthlyReport:
    """The office sends a submitted report back (退回) with a comment saying what to fix."""
    # of=("self",): lock the report only — locking its project as well (what a join would do)
    # deadlocks with a report of the same project saved meanwhile (its key check at commit).
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=report.pk)
    )
    if not can_review(by, report.project):
        raise NotAllowed(_("Only the key project office may return reports."))
    if report.state not in AWAITING_REVIEW:
        raise Conflict(
            "invalid_state",
            _("This report is {state}; it cannot be returned.").format(
                state=report.get_state_display()
            ),
        )
    text = _clean_text(comment, "comment")
    if not text:
        raise ValidationFailed(
            "comment_required",
            _("Say what the unit must fix when returning a report."),
            field="comment",
        )
    before = _snapshot(report)
    report.state = ReportState.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = text
    report.save()
    _record(report, ReportAction.RETURN, by, comment=text, before=before)
    return report


@transaction.atomic
def report_amend(
    *,
    report: MonthlyReport,
    by: User,
    amount: object,
    progress: str | None = None,
    problems: str | None = None,
    reason: str = "",
) -> MonthlyReport:
    """The office corrects an approved report (更正); in a published month a reason is required and kept."""
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project__region")
        .get(pk=report.pk)
    )
    if not can_review(by, report.project):
        raise NotAllowed(_("Only the key project office may correct approved reports."))
    if report.state != ReportState.APPROVED:
        raise Conflict(
            "invalid_state",
            _(
                "Only an approved report is corrected this way; a {state} report is edited by its unit."
            ).format(state=report.get_state_display()),
        )
    why = _clean_text(reason, "reason")
    if not why and is_published(report.project.region, report.year, report.month):
        raise ValidationFailed(
            "reason_required",
            _("{period} is published: give the reason for this correction.").format(
                period=report.period
            ),
            field="reason",
        )
    before = _snapshot(report)
    report.amount = _clean_amount(amount)
    if progress is not None:
        report.progress = _clean_text(progress, "progress")
    if problems is not None:
        report.problems = _clean_text(problems, "problems")
    if _snapshot(report) == before:
        raise ValidationFailed("no_change", _("Nothing was changed."), field="amount")
    report.save()
    _record(report, ReportAction.AMEND, by, comment=why, before=before)
    return report


@transaction.atomic
def month_publish(*, region: Region, year: int, month: int, by: User) -> Publication:
    """The office publishes a district's month (发布): its figures go on the wall and the public API."""
    if not region.is_district:
        raise ValidationFailed(
            "not_a_district",
            _("Months are published by each district, not by {name}.").format(name=region.name),
            field="region",
        )
    scope = scope_district_ids(by)
    if not is_office(by) or (scope is not None and region.pk not in scope):
        raise NotAllowed(
            _("Only the key project office of {region} may publish its months.").format(
                region=region.name
            )
        )
    _lock_district(region.pk)
    if not 1 <= month <= 12:
        raise ValidationFailed("invalid_month", _("Month must be between 1 and 12."), field="month")
    today = timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise ValidationFailed(
            "month_not_over",
            _("{year}-{month:02d} is not over yet.").format(year=year, month=month),
            field="month",
        )
    if Publication.objects.filter(region=region, year=year, month=month).exists():
        raise Conflict(
            "already_published",
            _("{year}-{month:02d} is already published.").format(year=year, month=month),
        )
    waiting = MonthlyReport.objects.filter(
        project__region=region, year=year, month=month, state__in=AWAITING_REVIEW
    ).count()
    if waiting:
        raise Conflict(
            "reports_awaiting_review",
            _(
                "{n} reports of {year}-{month:02d} still await review; approve or return them first."
            ).format(n=waiting, year=year, month=month),
        )
    publication = Publication.objects.create(region=region, year=year, month=month, published_by=by)
    record(
        actor=by,
        action="publish",
        obj=publication,
        after={"region": region.code, "year": year, "month": month},
    )
    return publication
