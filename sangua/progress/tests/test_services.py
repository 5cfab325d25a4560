"""The monthly report workflow, amendments and publication, through the services only.

draft → submitted → approved, or → returned (with a comment) → resubmitted → approved / returned;
the office amends approved reports (with a reason once the month is published) and publishes a
district's month once nothing awaits review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.core.testing.factories import (
    DistrictFactory,
    UnitFactory,
    office_for,
    publish,
    report_for,
    reporter_for,
)
from sangua.progress.choices import ReportAction, ReportState
from sangua.progress.models import MonthlyReport, Publication, ReportEvent
from sangua.progress.services import (
    month_publish,
    report_amend,
    report_approve,
    report_due_date,
    report_return,
    report_save,
    report_submit,
)

from .conftest import months_ago

S = ReportState


def drive(place, *states: str) -> MonthlyReport:
    """Take a new report through the workflow, step by step, to the last of the given states."""
    report = report_save(
        project=place.project,
        year=place.year,
        month=place.month,
        amount="80",
        progress="主体施工",
        by=place.reporter,
    )
    for state in states:
        if state == S.SUBMITTED or state == S.RESUBMITTED:
            report = report_submit(report=report, by=place.reporter)
        elif state == S.APPROVED:
            report = report_approve(report=report, by=place.office)
        elif state == S.RETURNED:
            report = report_return(report=report, by=place.office, comment="请补充照片")
    assert report.state == (states[-1] if states else S.DRAFT)
    return report


def actions(report: MonthlyReport) -> list[str]:
    return list(report.events.order_by("at", "id").values_list("action", flat=True))


# --- allowed steps ------------------------------------------------------------------------------


def test_a_reporter_creates_and_edits_a_draft_and_each_step_is_in_the_history(place):
    report = drive(place)
    report = report_save(
        project=place.project,
        year=place.year,
        month=place.month,
        amount="95.5",
        progress="主体封顶",
        by=place.reporter,
    )

    assert report.state == S.DRAFT
    assert report.amount == Decimal("95.50")
    assert report.due_date == report_due_date(place.year, place.month)
    assert actions(report) == [ReportAction.CREATE, ReportAction.EDIT]
    edit = report.events.get(action=ReportAction.EDIT)
    assert edit.before["amount"] == "80.00"
    assert edit.after["amount"] == "95.50"
    assert edit.actor == place.reporter


@pytest.mark.parametrize(
    ("path", "expected_actions"),
    [
        ([S.SUBMITTED], ["create", "submit"]),
        ([S.SUBMITTED, S.APPROVED], ["create", "submit", "approve"]),
        ([S.SUBMITTED, S.RETURNED], ["create", "submit", "return"]),
        ([S.SUBMITTED, S.RETURNED, S.RESUBMITTED], ["create", "submit", "return", "resubmit"]),
        (
            [S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.APPROVED],
            ["create", "submit", "return", "resubmit", "approve"],
        ),
        (
            [S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.RETURNED],
            ["create", "submit", "return", "resubmit", "return"],
        ),
    ],
)
def test_allowed_paths_through_the_workflow(place, path, expected_actions):
    report = drive(place, *path)

    assert actions(report) == expected_actions
    last = report.events.order_by("-at", "-id").first()
    assert last.after["state"] == path[-1]


def test_submitting_stamps_the_first_submission_and_a_resubmission_keeps_it(place):
    report = drive(place, S.SUBMITTED)
    first = report.first_submitted_at
    assert first is not None
    assert report.submitted_by == place.reporter

    report = report_return(report=report, by=place.office, comment="金额有误")
    assert report.review_comment == "金额有误"
    report = report_save(
        project=place.project,
        year=place.year,
        month=place.month,
        amount="70",
        by=place.reporter,
    )
    assert report.state == S.RETURNED  # a correction keeps it returned until sent again
    report = report_submit(report=report, by=place.reporter)

    assert report.state == S.RESUBMITTED
    assert report.first_submitted_at == first
    assert report.submitted_at >= first


def test_approval_records_the_reviewer_and_the_comment(place):
    report = drive(place, S.SUBMITTED)
    report = report_approve(report=report, by=place.office, comment="同意")

    assert report.reviewed_by == place.office
    assert report.review_comment == "同意"
    assert report.events.get(action=ReportAction.APPROVE).comment == "同意"


# --- refused steps ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RESUBMITTED, S.APPROVED])
def test_the_unit_cannot_change_a_report_it_has_sent(place, state):
    report = report_for(place.project, place.year, place.month, "80", state=state)

    with pytest.raises(Conflict) as refused:
        report_save(
            project=place.project, year=place.year, month=place.month, amount="1", by=place.reporter
        )

    assert refused.value.code == "report_locked"
    report.refresh_from_db()
    assert report.amount == Decimal("80.00")
    assert not report.events.exists()


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RESUBMITTED, S.APPROVED])
def test_a_sent_report_cannot_be_submitted_again(place, state):
    report = report_for(place.project, place.year, place.month, "80", state=state)

    with pytest.raises(Conflict) as refused:
        report_submit(report=report, by=place.reporter)

    assert refused.value.code == "invalid_state"
    report.refresh_from_db()
    assert report.state == state


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED, S.APPROVED])
@pytest.mark.parametrize("step", ["approve", "return"])
def test_only_a_report_awaiting_review_can_be_approved_or_returned(place, state, step):
    report = report_for(place.project, place.year, place.month, "80", state=state)

    review = {
        "approve": lambda: report_approve(report=report, by=place.office),
        "return": lambda: report_return(report=report, by=place.office, comment="x"),
    }[step]

    with pytest.raises(Conflict) as refused:
        review()

    assert refused.value.code == "invalid_state"
    report.refresh_from_db()
    assert report.state == state
    assert not report.events.exists()


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_needs_a_comment(place, comment):
    report = drive(place, S.SUBMITTED)

    with pytest.raises(ValidationFailed) as refused:
        report_return(report=report, by=place.office, comment=comment)

    assert (refused.value.code, refused.value.field) == ("comment_required", "comment")
    report.refresh_from_db()
    assert report.state == S.SUBMITTED


@pytest.mark.parametrize(("amount", "code"), [("-1", "negative_amount"), ("abc", "invalid_amount")])
def test_a_bad_amount_is_refused_naming_the_field_and_nothing_is_written(place, amount, code):
    with pytest.raises(ValidationFailed) as refused:
        report_save(
            project=place.project,
            year=place.year,
            month=place.month,
            amount=amount,
            by=place.reporter,
        )

    assert (refused.value.code, refused.value.field) == (code, "amount")
    assert not MonthlyReport.objects.filter(project=place.project).exists()


def test_a_month_that_has_not_begun_cannot_be_reported(place):
    year, month = months_ago(-1)

    with pytest.raises(ValidationFailed) as refused:
        report_save(project=place.project, year=year, month=month, amount="1", by=place.reporter)

    assert (refused.value.code, refused.value.field) == ("future_month", "month")


def test_the_office_cannot_fill_or_submit_a_units_report(place):
    report = drive(place)

    with pytest.raises(NotAllowed):
        report_save(
            project=place.project, year=place.year, month=place.month, amount="1", by=place.office
        )
    with pytest.raises(NotAllowed):
        report_submit(report=report, by=place.office)


def test_a_reporter_of_another_unit_cannot_fill_or_submit(place):
    other = reporter_for(UnitFactory(region=place.district))
    report = drive(place)

    with pytest.raises(NotAllowed):
        report_save(project=place.project, year=place.year, month=place.month, amount="1", by=other)
    with pytest.raises(NotAllowed):
        report_submit(report=report, by=other)
    report.refresh_from_db()
    assert (report.state, report.amount) == (S.DRAFT, Decimal("80.00"))


def test_a_reporter_cannot_approve_or_return(place):
    report = drive(place, S.SUBMITTED)

    with pytest.raises(NotAllowed):
        report_approve(report=report, by=place.reporter)
    with pytest.raises(NotAllowed):
        report_return(report=report, by=place.reporter, comment="x")
    report.refresh_from_db()
    assert report.state == S.SUBMITTED


def test_the_office_of_another_district_cannot_review(place):
    stranger = office_for(DistrictFactory())
    report = drive(place, S.SUBMITTED)

    with pytest.raises(NotAllowed):
        report_approve(report=report, by=stranger)


# --- amendments ---------------------------------------------------------------------------------


def test_amending_a_published_month_needs_a_reason_and_changes_nothing_without_one(place):
    report = drive(place, S.SUBMITTED, S.APPROVED)
    publish(place.district, place.year, place.month)
    events_before = report.events.count()

    with pytest.raises(ValidationFailed) as refused:
        report_amend(report=report, by=place.office, amount="60", reason="  ")

    assert (refused.value.code, refused.value.field) == ("reason_required", "reason")
    report.refresh_from_db()
    assert report.amount == Decimal("80.00")
    assert report.events.count() == events_before


def test_an_amendment_with_a_reason_is_kept_in_the_history(place):
    report = drive(place, S.SUBMITTED, S.APPROVED)
    publish(place.district, place.year, place.month)

    report = report_amend(report=report, by=place.office, amount="60", reason="审计核减 20 万元")

    assert (report.state, report.amount) == (S.APPROVED, Decimal("60.00"))
    event = report.events.get(action=ReportAction.AMEND)
    assert event.comment == "审计核减 20 万元"
    assert (event.before["amount"], event.after["amount"]) == ("80.00", "60.00")
    assert event.actor == place.office


def test_an_unpublished_month_is_amended_without_a_reason(place):
    report = drive(place, S.SUBMITTED, S.APPROVED)

    report = report_amend(report=report, by=place.office, amount="60")

    assert report.amount == Decimal("60.00")
    assert report.events.get(action=ReportAction.AMEND).comment == ""


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED])
def test_only_approved_reports_are_amended(place, state):
    report = report_for(place.project, place.year, place.month, "80", state=state)

    with pytest.raises(Conflict):
        report_amend(report=report, by=place.office, amount="1", reason="x")


def test_an_amendment_that_changes_nothing_is_refused(place):
    report = drive(place, S.SUBMITTED, S.APPROVED)

    with pytest.raises(ValidationFailed) as refused:
        report_amend(report=report, by=place.office, amount="80.00", reason="x")

    assert refused.value.code == "no_change"


@pytest.mark.parametrize("who", ["viewer", "reporter"])
def test_only_the_office_amends(place, who):
    report = drive(place, S.SUBMITTED, S.APPROVED)

    with pytest.raises(NotAllowed):
        report_amend(report=report, by=getattr(place, who), amount="1", reason="x")
    report.refresh_from_db()
    assert report.amount == Decimal("80.00")


# --- publication --------------------------------------------------------------------------------


def test_the_office_publishes_a_month_once_nothing_awaits_review(place):
    drive(place, S.SUBMITTED, S.APPROVED)

    publication = month_publish(
        region=place.district, year=place.year, month=place.month, by=place.office
    )

    assert (publication.year, publication.month) == (place.year, place.month)
    assert publication.published_by == place.office


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RESUBMITTED])
def test_publishing_is_refused_while_reports_await_review(place, state):
    report_for(place.project, place.year, place.month, "80", state=state)

    with pytest.raises(Conflict) as refused:
        month_publish(region=place.district, year=place.year, month=place.month, by=place.office)

    assert refused.value.code == "reports_awaiting_review"
    assert "1" in refused.value.message
    assert not Publication.objects.filter(region=place.district).exists()


def test_drafts_and_missing_reports_do_not_hold_publication_back(place):
    report_for(place.project, place.year, place.month, "80", state=S.DRAFT)

    month_publish(region=place.district, year=place.year, month=place.month, by=place.office)

    assert Publication.objects.filter(region=place.district).count() == 1


def test_a_month_that_is_not_over_cannot_be_published(place):
    today = timezone.localdate()

    with pytest.raises(ValidationFailed) as refused:
        month_publish(region=place.district, year=today.year, month=today.month, by=place.office)

    assert (refused.value.code, refused.value.field) == ("month_not_over", "month")


def test_a_month_is_published_once(place):
    month_publish(region=place.district, year=place.year, month=place.month, by=place.office)

    with pytest.raises(Conflict) as refused:
        month_publish(region=place.district, year=place.year, month=place.month, by=place.office)

    assert refused.value.code == "already_published"
    assert Publication.objects.filter(region=place.district).count() == 1


@pytest.mark.parametrize("who", ["reporter", "viewer"])
def test_only_the_office_publishes(place, who):
    with pytest.raises(NotAllowed):
        month_publish(
            region=place.district, year=place.year, month=place.month, by=getattr(place, who)
        )
    assert not Publication.objects.filter(region=place.district).exists()


def test_the_office_of_another_district_cannot_publish(place):
    with pytest.raises(NotAllowed):
        month_publish(
            region=place.district,
            year=place.year,
            month=place.month,
            by=office_for(DistrictFactory()),
        )


# --- due date and late flag ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "due"),
    [(2013, 9, dt.date(2013, 10, 5)), (2013, 12, dt.date(2014, 1, 5))],
)
def test_a_report_is_due_on_the_5th_of_the_next_month(year, month, due):
    assert report_due_date(year, month) == due


def test_the_due_day_is_a_setting(settings):
    settings.SANGUA_REPORT_DUE_DAY = 10

    assert report_due_date(2013, 9) == dt.date(2013, 10, 10)


def test_a_report_first_submitted_after_its_due_date_is_late(place):
    report = drive(place, S.SUBMITTED)  # two months back: the due date has passed

    assert report.due_date < timezone.localdate()
    assert report.is_late


def test_a_report_submitted_by_its_due_date_is_not_late_even_if_resubmitted_later(place):
    report = report_for(place.project, place.year, place.month, "80", state=S.SUBMITTED)
    report.first_submitted_at = timezone.make_aware(
        dt.datetime.combine(report.due_date, dt.time(23, 0))
    )
    report.submitted_at = timezone.now()
    report.save()

    assert not report.is_late


def test_a_report_not_yet_submitted_is_late_once_its_due_date_passes(place):
    overdue = report_for(place.project, place.year, place.month, "80", state=S.DRAFT)
    year, month = months_ago(0)
    current = report_for(place.project, year, month, "80", state=S.DRAFT)

    assert overdue.is_late
    assert not current.is_late  # due on the 5th of next month


def test_every_step_records_who_and_the_state_before_and_after(place):
    report = drive(place, S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.APPROVED)

    steps = [
        (e.action, (e.before or {}).get("state"), e.after["state"], e.actor_id)
        for e in ReportEvent.objects.filter(report=report).order_by("at", "id")
    ]
    assert steps == [
        ("create", None, "draft", place.reporter.pk),
        ("submit", "draft", "submitted", place.reporter.pk),
        ("return", "submitted", "returned", place.office.pk),
        ("resubmit", "returned", "resubmitted", place.reporter.pk),
        ("approve", "resubmitted", "approved", place.office.pk),
    ]


# --- a published month is closed to the unit ----------------------------------------------------


def test_a_unit_cannot_file_a_report_for_a_published_month(place):
    publish(place.district, place.year, place.month)

    with pytest.raises(Conflict) as refused:
        report_save(
            project=place.project,
            year=place.year,
            month=place.month,
            amount="10",
            by=place.reporter,
        )

    assert refused.value.code == "month_published"
    assert not MonthlyReport.objects.filter(project=place.project).exists()


def test_a_returned_report_cannot_be_resubmitted_once_its_month_is_published(place):
    report = drive(place, S.SUBMITTED, S.RETURNED)
    publish(place.district, place.year, place.month)

    with pytest.raises(Conflict) as refused:
        report_submit(report=report, by=place.reporter)

    assert refused.value.code == "month_published"
    report.refresh_from_db()
    assert report.state == S.RETURNED


def test_a_report_waiting_in_a_published_month_cannot_be_approved(place):
    report = drive(place, S.SUBMITTED)
    publish(place.district, place.year, place.month)  # straight to the table, as an import would

    with pytest.raises(Conflict) as refused:
        report_approve(report=report, by=place.office)

    assert refused.value.code == "month_published"
    assert MonthlyReport.objects.get(pk=report.pk).state == S.SUBMITTED


def test_an_amount_too_large_for_the_column_is_refused_not_crashed(place):
    with pytest.raises(ValidationFailed) as refused:
        report_save(
            project=place.project,
            year=place.year,
            month=place.month,
            amount="1e40",
            by=place.reporter,
        )

    assert (refused.value.code, refused.value.field) == ("invalid_amount", "amount")
