"""The demo tells Liandu's 2013 story exactly (SPEC §6), and loading it again changes nothing."""

from decimal import Decimal

import pytest

from sangua.demo.build import load_demo
from sangua.orgs.models import Person, Region, User
from sangua.progress.choices import ReportState
from sangua.progress.figures import region_board
from sangua.progress.models import MonthlyReport, Publication
from sangua.progress.publication import latest_published
from sangua.projects.models import Project

pytestmark = pytest.mark.django_db


def city_rank(month):
    board = region_board(Region.objects.get(code="331100"), 2013, month)
    return {row.code: row for row in board.rows}


def test_liandu_is_eighth_of_nine_at_the_end_of_april():
    rows = city_rank(4)
    assert len(rows) == 9
    assert rows["331102"].rank == 8


def test_liandu_completes_98_06_percent_and_leads_the_city_at_the_end_of_september():
    rows = city_rank(9)
    liandu = rows["331102"]
    assert liandu.figures.completion_rate == Decimal("98.06")
    assert liandu.figures.time_progress == Decimal("75.00")
    assert liandu.rank <= 2


def test_earlier_years_rarely_reached_half_by_september():
    board = region_board(Region.objects.get(code="331102"), 2012, 9)
    assert board.figures.completion_rate < Decimal("50")


def test_the_story_projects_are_liandu_projects_with_their_leaders():
    names = set(Project.objects.filter(region__code="331102").values_list("name", flat=True))
    for fragment in ("古城岛", "之江监狱", "1000KV浙南站", "联城城郊农民新社区一期安置住房"):
        assert any(fragment in name for name in names), fragment
    resettlement = Project.objects.get(name__startswith="联城城郊农民新社区")
    assert str(resettlement.target_date) == "2013-10-18"


def test_stuck_projects_were_stalled_in_april_and_unblocked_by_september():
    liandu = Region.objects.get(code="331102")
    april = {p.name: p for p in region_board(liandu, 2013, 4).stalled}
    september = {p.name for p in region_board(liandu, 2013, 9).stalled}
    stuck = [n for n in april if n.startswith(("古城岛", "之江监狱", "1000KV"))]
    assert len(stuck) == 3
    assert not set(stuck) & september


def test_months_up_to_2013_09_are_published_for_every_area():
    for region in Region.objects.filter(level="district"):
        assert latest_published(region) == (2013, 9)
    assert latest_published(Region.objects.get(code="331100")) == (2013, 9)


def test_liandu_october_reports_are_coming_in():
    states = set(
        MonthlyReport.objects.filter(
            project__region__code="331102", year=2013, month=10
        ).values_list("state", flat=True)
    )
    assert states == {ReportState.DRAFT, ReportState.SUBMITTED}


def test_people_are_named_by_post_never_by_a_real_name():
    assert not Person.objects.exclude(name="").exists()
    assert Person.objects.filter(region__code="331102", post="区委书记").exists()


def test_every_role_has_a_demo_login():
    roles = set(User.objects.values_list("role", flat=True))
    assert {"office", "leader", "unit_head", "reporter", "supervisor", "viewer"} <= roles


def test_loading_again_changes_nothing():
    counts = (
        Project.objects.count(),
        MonthlyReport.objects.count(),
        Publication.objects.count(),
        User.objects.count(),
    )
    assert load_demo() is False
    assert counts == (
        Project.objects.count(),
        MonthlyReport.objects.count(),
        Publication.objects.count(),
        User.objects.count(),
    )
