"""Importing monthly reports: approved historical figures, with their history and audit entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sangua.audit.models import AuditEntry
from sangua.progress.choices import ReportAction, ReportState
from sangua.progress.models import MonthlyReport
from sangua.projects.models import Project
from sangua.transfer.export import template_bytes
from sangua.transfer.services import import_reports

from .conftest import dump, reports_file

TZ = ZoneInfo("Asia/Shanghai")


def _import(data: bytes, by, name: str = "月报.xlsx"):
    return import_reports(data=data, filename=name, by=by)


def test_given_a_new_month_when_imported_then_the_report_is_approved_with_its_history(office):
    # given 2010 (before the demo's years) has no reports
    project = Project.objects.get(code="331102-005")
    data = reports_file([["331102-005", 2010, 6, "123.45", "桩基施工", "雨季影响"]])
    # when
    summary = _import(data, office, "2010年台账.xlsx")
    # then
    report = MonthlyReport.objects.get(project=project, year=2010, month=6)
    assert (report.amount, report.progress, report.problems, report.state) == (
        Decimal("123.45"),
        "桩基施工",
        "雨季影响",
        ReportState.APPROVED,
    )
    assert report.due_date == dt.date(2010, 7, 5)
    # counted as submitted on its due date: an old month is neither late nor missing
    assert report.first_submitted_at == dt.datetime(2010, 7, 5, 17, tzinfo=TZ)
    assert not report.is_late
    assert (report.submitted_by, report.reviewed_by) == (office, office)
    event = report.events.get()
    assert (event.action, event.actor, event.comment) == (
        ReportAction.APPROVE,
        office,
        "Imported from 2010年台账.xlsx",
    )
    assert event.after == {
        "amount": "123.45",
        "progress": "桩基施工",
        "problems": "雨季影响",
        "state": "approved",
    }
    assert summary.counts == {"reports_created": 1, "reports_updated": 0, "reports_unchanged": 0}
    assert [(e.action, e.object_type) for e in AuditEntry.objects.order_by("seq")] == [
        ("create", "progress.monthlyreport"),
        ("import", "transfer.file"),
    ]


def test_given_an_approved_report_with_other_figures_when_imported_then_it_is_amended(office):
    report = MonthlyReport.objects.filter(
        project__region=office.region, year=2013, month=5, state=ReportState.APPROVED
    ).first()
    old = str(report.amount)
    data = reports_file(
        [[report.project.code, 2013, 5, report.amount + 1, report.progress, report.problems]]
    )
    _import(data, office)
    report.refresh_from_db()
    assert report.amount == Decimal(old) + 1
    event = report.events.order_by("-id").first()
    assert (event.action, event.before["amount"], event.comment) == (
        ReportAction.AMEND,
        old,
        "Imported from 月报.xlsx",
    )
    entry = AuditEntry.objects.get(object_type="progress.monthlyreport")
    assert (entry.action, entry.before["amount"], entry.after["amount"]) == (
        "update",
        old,
        str(report.amount),
    )


def test_given_a_submitted_report_when_imported_then_the_import_approves_it(office):
    report = MonthlyReport.objects.filter(
        project__region=office.region, year=2013, month=10, state=ReportState.SUBMITTED
    ).first()
    submitted_at = report.first_submitted_at
    data = reports_file(
        [[report.project.code, 2013, 10, report.amount, report.progress, report.problems]]
    )
    _import(data, office)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert report.first_submitted_at == submitted_at  # the unit's own submission time is kept
    assert report.events.order_by("-id").first().action == ReportAction.APPROVE


def test_given_the_years_approved_reports_when_imported_again_then_nothing_changes(office):
    data = template_bytes("reports", region=office.region, year=2013)
    before = dump()
    summary = _import(data, office)
    assert not summary.changed
    assert (
        summary.counts["reports_unchanged"]
        == MonthlyReport.objects.filter(
            project__region=office.region, year=2013, state=ReportState.APPROVED
        ).count()
    )
    assert dump() == before
