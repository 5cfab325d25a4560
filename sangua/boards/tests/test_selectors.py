"""Selectors of the boards: region and month choice, report gaps, chart series, columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sangua.boards import selectors
from sangua.boards.tests.conftest import new_district, new_project, new_unit
from sangua.core.testing.factories import plan_for, publish, report_for
from sangua.orgs.models import Region, User
from sangua.progress.choices import ReportState
from sangua.progress.figures import region_board
from sangua.progress.models import MonthlyReport
from sangua.projects.choices import ProjectState
from sangua.projects.models import Project

TZ = ZoneInfo("Asia/Shanghai")
OCTOBER: list[int | str | Decimal] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0]
NOTHING: list[int | str | Decimal] = [0] * 12
DUE = dt.date(2013, 11, 5)  # the 5th of the next month


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def submitted(project: Project, state: str, on: dt.date) -> MonthlyReport:
    report = report_for(project, 2013, 10, 50, state=state)
    report.first_submitted_at = report.submitted_at = at(on)
    report.save()
    return report


GapDistrict = tuple[Region, dict[str, Project]]


@pytest.fixture
def gap_district(db: None) -> GapDistrict:
    """A district whose October 2013 reports were counted by hand (see each line)."""
    district = new_district()
    town, dept = new_unit(district), new_unit(district)
    p: dict[str, Project] = {}

    def project(
        key: str, unit: object, months: list[int | str | Decimal], **kwargs: object
    ) -> None:
        p[key] = new_project(unit=unit, name=f"gap-{key}", **kwargs)
        plan_for(p[key], 2013, months)

    project("on_time", town, OCTOBER)  # submitted the day before: counted, not late
    submitted(p["on_time"], ReportState.SUBMITTED, DUE - dt.timedelta(days=1))
    project("absent", town, OCTOBER)  # planned, no report: missing
    project("draft", town, OCTOBER)  # planned, draft never sent: missing
    report_for(p["draft"], 2013, 10, 10, state=ReportState.DRAFT)
    project("late3", dept, NOTHING)  # no plan but being built: expected; 3 days late
    submitted(p["late3"], ReportState.APPROVED, DUE + dt.timedelta(days=3))
    project("late1", dept, OCTOBER)  # 1 day late, still awaiting review
    submitted(p["late1"], ReportState.RESUBMITTED, DUE + dt.timedelta(days=1))
    project("returned", dept, OCTOBER)  # sent on the due date, returned: counted, not late
    submitted(p["returned"], ReportState.RETURNED, DUE)
    project("finished", dept, NOTHING, state=ProjectState.COMPLETED)  # owes nothing
    project(  # starts after October and has no October plan: owes nothing
        "future", dept, NOTHING, start_date=dt.date(2013, 11, 1)
    )
    return district, p


def test_report_gaps_counts_missing_and_late_reports_by_hand(gap_district: GapDistrict) -> None:
    district, _projects = gap_district

    gaps = selectors.report_gaps(district, 2013, 10)

    assert gaps.due_date == DUE
    assert gaps.due_passed is True
    assert gaps.expected == 6
    assert gaps.submitted == 4
    assert gaps.approved == 1
    assert gaps.awaiting_review == 2
    assert gaps.returned == 1
    assert [(g.name, g.report_state) for g in gaps.missing] == [
        ("gap-absent", None),
        ("gap-draft", ReportState.DRAFT),
    ]
    assert [(g.name, g.days_late, g.submitted_on) for g in gaps.late] == [
        ("gap-late3", 3, dt.date(2013, 11, 8)),
        ("gap-late1", 1, dt.date(2013, 11, 6)),
    ]
    assert [(d.code, d.expected, d.missing, d.late) for d in gaps.districts] == [
        (district.code, 6, 2, 1 + 1)
    ]


def test_report_gaps_late_is_judged_on_the_local_date(gap_district: GapDistrict) -> None:
    # 23:30 on the due date in Shanghai is 15:30 UTC the same day: on time.
    district, p = gap_district
    report = p["absent"].reports.create(
        year=2013, month=10, amount=Decimal(1), state=ReportState.SUBMITTED, due_date=DUE
    )
    report.first_submitted_at = dt.datetime(2013, 11, 5, 23, 30, tzinfo=TZ)
    report.save()

    gaps = selectors.report_gaps(district, 2013, 10)

    assert "gap-absent" not in [g.name for g in gaps.missing]
    assert "gap-absent" not in [g.name for g in gaps.late]


def test_report_gaps_of_a_city_sum_its_districts(lishui: Region, liandu: Region) -> None:
    city = selectors.report_gaps(lishui, 2013, 9)
    district = selectors.report_gaps(liandu, 2013, 9)

    assert len(city.districts) == 9
    liandu_row = next(d for d in city.districts if d.code == "331102")
    assert (liandu_row.expected, liandu_row.missing, liandu_row.late) == (
        district.expected,
        len(district.missing),
        len(district.late),
    )
    assert city.expected == sum(d.expected for d in city.districts)


def test_report_gaps_of_the_demo_october_match_the_report_table(liandu: Region) -> None:
    gaps = selectors.report_gaps(liandu, 2013, 10)

    reports = MonthlyReport.objects.filter(project__region=liandu, year=2013, month=10)
    assert gaps.submitted == reports.exclude(first_submitted_at=None).count()
    assert gaps.awaiting_review == reports.filter(state=ReportState.SUBMITTED).count() > 0
    never_sent = reports.filter(first_submitted_at=None).count()
    unreported = 32 - reports.count()
    assert len(gaps.missing) == never_sent + unreported > 0


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("office", None, "331102"),
        ("city", None, "331100"),
        ("reporter", None, "331102"),
        ("leader", None, "331102"),
        ("city", "331102", "331102"),
        ("admin", "331121", "331121"),
    ],
)
def test_dashboard_region_is_the_users_scope_or_a_region_inside_it(
    db: None, username: str, code: str | None, expected: str
) -> None:
    user = User.objects.get(username=username)

    assert selectors.dashboard_region(user=user, code=code).code == expected


@pytest.mark.parametrize(("username", "code"), [("office", "331100"), ("office", "331121")])
def test_dashboard_region_outside_the_scope_is_refused(db: None, username: str, code: str) -> None:
    with pytest.raises(PermissionDenied):
        selectors.dashboard_region(user=User.objects.get(username=username), code=code)


def test_dashboard_region_unknown_code_is_not_found(db: None) -> None:
    with pytest.raises(Http404):
        selectors.dashboard_region(user=User.objects.get(username="city"), code="999999")


def test_month_options_mark_unpublished_months_for_the_office_only(liandu: Region) -> None:
    office = selectors.month_options(region=liandu, include_unpublished=True)
    others = selectors.month_options(region=liandu, include_unpublished=False)

    assert (office[0].year, office[0].month) > (2013, 9)  # newest first, up to this month
    october = next(o for o in office if (o.year, o.month) == (2013, 10))
    assert october.published is False
    assert october.value == "2013-10"
    assert [(o.year, o.month) for o in others][:2] == [(2013, 9), (2013, 8)]
    assert all(o.published for o in others)
    assert len(others) == 2 * 12 + 9  # 2011, 2012 and January–September 2013


def test_dashboard_month_refuses_a_month_not_offered(liandu: Region) -> None:
    options = selectors.month_options(region=liandu, include_unpublished=False)

    choice = selectors.dashboard_month(region=liandu, requested=(2013, 10), options=options)

    assert (choice.year, choice.month, choice.published) == (2013, 9, True)
    assert choice.refused == (2013, 10)


def test_wall_month_shows_only_published_months(liandu: Region) -> None:
    shown = selectors.MonthChoice

    assert selectors.wall_month(region=liandu, requested=None) == shown(2013, 9, published=True)
    assert selectors.wall_month(region=liandu, requested=(2013, 10)) == shown(
        2013, 9, published=True, refused=(2013, 10)
    )
    assert selectors.wall_month(region=liandu, requested=(2013, 4)) == shown(
        2013, 4, published=True
    )

    publish(liandu, 2013, 10)

    assert selectors.wall_month(region=liandu, requested=(2013, 10)) == shown(
        2013, 10, published=True
    )


def test_wall_month_of_a_city_waits_for_every_district(lishui: Region, liandu: Region) -> None:
    publish(liandu, 2013, 10)

    assert selectors.wall_month(region=lishui, requested=None) == selectors.MonthChoice(
        2013, 9, published=True
    )


def test_wall_month_is_none_before_anything_is_published(db: None) -> None:
    assert selectors.wall_month(region=new_district(), requested=(2013, 9)) is None


def test_cumulative_chart_stops_completed_at_the_month(liandu: Region) -> None:
    board = region_board(liandu, 2013, 9)

    chart = selectors.cumulative_chart(board)

    assert [v is not None for v in chart["done"]] == [True] * 9 + [False] * 3
    assert chart["plan"][-1] == float(board.figures.annual_plan)
    assert chart["done"][8] == float(board.figures.completed)
    assert chart["time"][8] == float(board.figures.annual_plan) * 9 / 12


def test_rate_chart_ends_at_the_shown_completion_rate(liandu: Region) -> None:
    chart = selectors.rate_chart(region_board(liandu, 2013, 9))

    assert chart["rate"][8] == 98.06
    assert chart["rate"][9:] == [None, None, None]
    assert chart["time"][8] == 75.0


def test_bar_scale_rounds_the_best_rate_up_to_ten(liandu: Region, lishui: Region) -> None:
    assert selectors.bar_scale(region_board(liandu, 2013, 9)) == 140  # best unit 131.93 %
    assert selectors.bar_scale(region_board(lishui, 2013, 9)) == 100  # best district 98.06 %


def test_rank_columns_split_evenly_and_pad_the_last(liandu: Region, lishui: Region) -> None:
    units = selectors.rank_columns(region_board(liandu, 2013, 9).rows)
    districts = selectors.rank_columns(region_board(lishui, 2013, 9).rows)

    assert [len(c) for c in units] == [12, 12]
    assert units[1][-1] is None
    assert units[1][-2] is not None
    assert [len(c) for c in districts] == [9]
    assert selectors.rank_columns([]) == []


def test_watch_list_puts_the_worst_first_with_its_district(lishui: Region) -> None:
    watch = selectors.watch_list(region_board(lishui, 2013, 9))

    assert len(watch.stalled) > 1
    assert len(watch.slow) > 1
    rates = [w.project.figures.plan_to_date_rate or Decimal(0) for w in watch.slow]
    assert rates == sorted(rates)
    assert all(w.district_name for w in watch.stalled + watch.slow)


@pytest.mark.parametrize(
    ("published", "month", "first"),
    [
        ([(2013, 9)], (2013, 10), None),
        ([(2013, 9)], (2013, 12), (2013, 10)),
        ([(2013, 12)], (2014, 2), (2014, 1)),
        ([], (2013, 5), None),
    ],
)
def test_publish_first_keeps_months_in_order(
    published: list[tuple[int, int]], month: tuple[int, int], first: tuple[int, int] | None
) -> None:
    options = [selectors.MonthOption(y, m, published=True) for y, m in published]

    result = selectors.publish_first(options, *month)

    assert (result and (result.year, result.month)) == first
