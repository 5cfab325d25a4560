"""Period close (考核): the ladder per period kind, single-period sums, idempotence, re-close after a
change, publication, permissions, and issue 5's "done when" on the demo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from sangua.accountability.choices import FindingAction, FindingState
from sangua.accountability.models import Finding, FindingEvent, PeriodClose
from sangua.accountability.rules import rule_set_for
from sangua.accountability.services import period_close
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.core.testing.factories import office_for, reporter_for
from sangua.orgs.models import Region
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport
from sangua.progress.services import report_amend
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan

from .conftest import Town, make_town

D = Decimal


# --- Issue 5, done when: 331102 / 2013-Q3 on the demo ----------------------------------------


def _recompute(region: Region, unit_id: int, months: tuple[int, ...]) -> tuple[Decimal, Decimal]:
    """Planned and completed of a unit over some months of 2013, straight from the tables."""
    plans = InvestmentPlan.objects.filter(project__unit_id=unit_id, year=2013)
    planned = sum((getattr(plan, MONTH_FIELDS[m - 1]) for plan in plans for m in months), D("0"))
    completed = MonthlyReport.objects.filter(
        project__unit_id=unit_id, year=2013, month__in=months, state=ReportState.APPROVED
    ).aggregate(total=Sum("amount"))["total"] or D("0")
    return planned, D(completed)


def test_demo_quarter_close_findings_recompute_from_plans_and_approved_reports(liandu, user):
    run = period_close(region=liandu, period="2013-Q3", by=user("office"))

    findings = {f.unit.code: f for f in Finding.objects.filter(region=liandu, period="2013-Q3")}
    assert run.run == 1
    assert run.kind == "quarter"
    assert run.rule_set == rule_set_for(liandu)
    assert findings, "the demo has units that missed their Q3 plan"
    assert run.finding_count == len(findings)
    assessed_codes = set()
    for row in run.assessed:
        unit_id = liandu.units.get(code=row["unit"]).pk
        planned, completed = _recompute(liandu, unit_id, (7, 8, 9))
        assert D(row["planned"]) == planned
        assert D(row["completed"]) == completed
        assessed_codes.add(row["unit"])
        if completed < planned:
            finding = findings[row["unit"]]
            assert (finding.planned, finding.completed) == (planned, completed)
            assert finding.shortfall == planned - completed
            assert finding.sanction == "meeting_explanation"  # quarter → 常务会议说明
            assert finding.state == FindingState.NOTIFIED
            assert finding.rule_set.version == run.rule_set.version
            assert finding.head_name == str(finding.unit.head)
        else:
            assert row["unit"] not in findings
    # Every unit with a plan in Q3 was assessed, and only those.
    with_plan = {u.code for u in liandu.units.all() if _recompute(liandu, u.pk, (7, 8, 9))[0] > 0}
    assert assessed_codes == with_plan


def test_demo_closing_again_changes_nothing(liandu, user):
    first = period_close(region=liandu, period="2013-Q3", by=user("office"))
    before = list(
        Finding.objects.filter(period="2013-Q3").values(
            "pk", "unit_id", "planned", "completed", "shortfall", "sanction", "state", "rule_set_id"
        )
    )
    events = FindingEvent.objects.count()

    second = period_close(region=liandu, period="2013-Q3", by=user("office"))

    after = list(
        Finding.objects.filter(period="2013-Q3").values(
            "pk", "unit_id", "planned", "completed", "shortfall", "sanction", "state", "rule_set_id"
        )
    )
    assert after == before
    assert FindingEvent.objects.count() == events
    assert second.run == first.run + 1
    assert second.changes == []
    assert second.assessed == first.assessed


# --- the ladder, for each period kind -----------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "sanction", "planned", "completed"),
    [
        ("2013-05", "explanation", "100", "50"),
        ("2013-Q2", "meeting_explanation", "300", "150"),
        ("2013-H2", "admonishment", "600", "300"),
        ("2013", "bonus_withheld", "1200", "900"),
    ],
)
def test_ladder_gives_the_sanction_of_the_period_kind(
    town: Town, period, sanction, planned, completed
):
    period_close(region=town.region, period=period, by=town.office)

    finding = Finding.objects.get(unit=town.east, period=period)
    assert finding.sanction == sanction
    assert (finding.planned, finding.completed) == (D(planned), D(completed))
    assert finding.shortfall == D(planned) - D(completed)
    # West met its plan exactly: assessed, no finding.
    assert not Finding.objects.filter(unit=town.west, period=period).exists()


def test_sums_are_single_period_not_cumulative(town: Town):
    # East is ahead year-to-date at the end of April (450 + 50 = 500 done against 400 planned) …
    period_close(region=town.region, period="2013-04", by=town.office)

    # … but April alone is short: 50 done against 100 planned.
    finding = Finding.objects.get(unit=town.east, period="2013-04")
    assert (finding.planned, finding.completed, finding.shortfall) == (D(100), D(50), D(50))
    # And the first quarter, when it did 150 a month, is no finding at all.
    run = period_close(region=town.region, period="2013-Q1", by=town.office)
    assert not Finding.objects.filter(period="2013-Q1").exists()
    east = next(row for row in run.assessed if row["unit"] == town.east.code)
    assert (east["planned"], east["completed"]) == ("300.00", "450.00")


def test_units_without_plan_in_the_period_are_not_assessed(town: Town):
    plan = InvestmentPlan.objects.get(project=town.west_project, year=2013)
    for name in MONTH_FIELDS:
        setattr(plan, name, D(0) if name in ("m07", "m08", "m09") else D(300))
    plan.annual_amount = D(2700)
    plan.save()

    run = period_close(region=town.region, period="2013-Q3", by=town.office)

    assert [row["unit"] for row in run.assessed] == [town.east.code]


# --- publication ---------------------------------------------------------------------------------


def test_a_month_is_closed_only_once_published(db):
    town = make_town(published=8)

    with pytest.raises(Conflict) as refused:
        period_close(region=town.region, period="2013-09", by=town.office)

    assert refused.value.code == "period_not_published"
    assert "2013-09" in refused.value.message
    assert not PeriodClose.objects.filter(region=town.region).exists()


def test_a_quarter_needs_all_its_months_published(db):
    town = make_town(published=8)

    with pytest.raises(Conflict, match="2013-09"):
        period_close(region=town.region, period="2013-Q3", by=town.office)
    period_close(region=town.region, period="2013-08", by=town.office)  # its months are fine


@pytest.mark.parametrize("text", ["2013-9", "2013-Q5", "13", "", "2013-q1"])
def test_bad_period_text_is_refused(town: Town, text):
    with pytest.raises(ValidationFailed) as refused:
        period_close(region=town.region, period=text, by=town.office)
    assert refused.value.field == "period"


def test_only_a_district_is_closed(user):
    city = Region.objects.get(code="331100")
    with pytest.raises(ValidationFailed) as refused:
        period_close(region=city, period="2013-09", by=user("admin"))
    assert refused.value.code == "not_a_district"


# --- re-closing after the data changed -----------------------------------------------------------


def test_reclose_after_a_corrected_report_records_the_difference(town: Town):
    first = period_close(region=town.region, period="2013-Q2", by=town.office)
    finding = Finding.objects.get(unit=town.east, period="2013-Q2")
    assert finding.completed == D(150)

    # The office corrects East's May report from 50 to 80 (a published month: with a reason).
    may = MonthlyReport.objects.get(project=town.east_project, year=2013, month=5)
    report_amend(report=may, by=town.office, amount="80", reason="补录漏报的投资")
    second = period_close(region=town.region, period="2013-Q2", by=town.office)

    finding.refresh_from_db()
    assert (finding.completed, finding.shortfall) == (D(180), D(120))
    assert finding.found_in == first
    assert finding.checked_in == second
    assert second.changes == [
        {
            "unit": town.east.code,
            "unit_name": "东城街道",
            "what": "completed",
            "before": "150.00",
            "after": "180.00",
        }
    ]
    event = finding.events.get(action=FindingAction.RECALCULATE)
    assert event.close == second
    assert (event.before["completed"], event.after["completed"]) == ("150.00", "180.00")


def test_reclose_withdraws_a_finding_whose_shortfall_is_gone_and_reinstates_it(town: Town):
    period_close(region=town.region, period="2013-05", by=town.office)
    may = MonthlyReport.objects.get(project=town.east_project, year=2013, month=5)

    report_amend(report=may, by=town.office, amount="100", reason="数据更正")
    withdrawn = period_close(region=town.region, period="2013-05", by=town.office)
    finding = Finding.objects.get(unit=town.east, period="2013-05")
    assert finding.state == FindingState.WITHDRAWN
    assert finding.shortfall == D(0)
    assert withdrawn.finding_count == 0
    assert {c["what"] for c in withdrawn.changes} == {"completed", "finding_withdrawn"}

    report_amend(report=may, by=town.office, amount="60", reason="数据再更正")
    reinstated = period_close(region=town.region, period="2013-05", by=town.office)
    finding.refresh_from_db()
    assert finding.state == FindingState.NOTIFIED
    assert finding.shortfall == D(40)
    assert {c["what"] for c in reinstated.changes} == {"completed", "finding_reinstated"}
    assert list(finding.events.values_list("action", flat=True)) == [
        "notify",
        "withdraw",
        "reinstate",
    ]


# --- who may close -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["reporter", "head", "leader", "supervisor", "viewer"])
def test_only_the_office_closes(liandu, user, username):
    with pytest.raises(NotAllowed):
        period_close(region=liandu, period="2013-09", by=user(username))
    assert not PeriodClose.objects.exists()


def test_another_districts_office_cannot_close(liandu):
    other = office_for(Region.objects.get(code="331121"))
    with pytest.raises(NotAllowed):
        period_close(region=liandu, period="2013-09", by=other)


def test_a_unit_user_of_the_district_cannot_close_even_with_a_region(town: Town):
    with pytest.raises(NotAllowed):
        period_close(region=town.region, period="2013-09", by=reporter_for(town.east))


def test_the_city_office_may_close_its_districts(liandu, user):
    run = period_close(region=liandu, period="2013-09", by=user("city"))
    assert run.closed_by == user("city")


def test_the_command_line_closes_without_a_user(town: Town):
    run = period_close(region=town.region, period="2013-09", by=None)
    assert run.closed_by is None
    assert Finding.objects.get(unit=town.east, period="2013-09").events.get().actor is None
