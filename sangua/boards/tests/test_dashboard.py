"""The office dashboard, page by page: who sees which region and month, and what it links to."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sangua.boards.tests.conftest import (
    Login,
    closed_item,
    new_district,
    new_project,
    new_unit,
    red_item,
)
from sangua.core.testing.factories import office_for, plan_for, report_for
from sangua.orgs.models import Region
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport

URL = "/dashboard/"


def rows(response: Any) -> list[tuple[int | None, str]]:
    return [(row.rank, row.name) for row in response.context["board"].rows]


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_district_office_sees_its_district_at_the_latest_published_month(login: Login) -> None:
    response = login("office").get(URL)

    assert response.status_code == 200
    assert response.context["region"].code == "331102"
    assert response.context["period"] == "2013-09"
    html = response.content.decode()
    assert "98.06%" in html
    assert "75.00%" in html
    assert "+23.06" in html
    assert "157,043.09" in html  # money in 万元 with separators
    assert len(rows(response)) == 23
    assert rows(response)[0] == (1, "碧湖镇")
    # a unit row leads to the project list filtered by that unit and month
    assert f"{reverse('projects:list')}?unit=331102-T07&amp;period=2013-09" in html
    # a published month offers no publish button
    assert reverse("progress:publish") not in html


def test_office_month_picker_marks_unpublished_months(login: Login) -> None:
    response = login("office").get(URL, {"period": "2013-10"})

    assert response.context["period"] == "2013-10"
    html = response.content.decode()
    assert re.search(r'<option value="2013-10" selected>[^<]*unpublished', html)
    assert '<option value="2013-09">2013-09</option>' in html


def test_office_can_publish_an_unpublished_month_after_review(login: Login, liandu: Region) -> None:
    client = login("office")
    waiting = MonthlyReport.objects.filter(
        project__region=liandu, year=2013, month=10, state=ReportState.SUBMITTED
    ).count()

    html = client.get(URL, {"period": "2013-10"}).content.decode()

    assert f'action="{reverse("progress:publish")}"' in html
    assert '<input type="hidden" name="region" value="331102">' in html
    assert '<input type="hidden" name="month" value="10">' in html
    assert f"{waiting} reports await review" in html
    assert re.search(r'<button class="btn btn-primary" type="submit" disabled>', html)

    MonthlyReport.objects.filter(project__region=liandu, year=2013, month=10).exclude(
        state=ReportState.DRAFT
    ).update(state=ReportState.APPROVED)
    html = client.get(URL, {"period": "2013-10"}).content.decode()

    assert "0 reports await review" in html
    assert re.search(r'<button class="btn btn-primary" type="submit">', html)


@pytest.mark.parametrize("username", ["reporter", "leader", "viewer"])
def test_other_roles_see_published_months_only(login: Login, username: str) -> None:
    response = login(username).get(URL, {"period": "2013-10"})

    assert response.status_code == 200
    assert response.context["region"].code == "331102"
    assert response.context["period"] == "2013-09"
    html = response.content.decode()
    assert "2013-10 is not available to you" in html
    assert 'value="2013-10"' not in html
    assert reverse("progress:publish") not in html


def test_reporter_sees_its_unit_marked_in_the_ranking(login: Login) -> None:
    html = login("reporter").get(URL).content.decode()

    assert re.search(r'<tr class="mine">.*?联城街道', html, re.S)


def test_city_office_sees_the_districts_ranked(login: Login) -> None:
    response = login("city").get(URL)

    assert response.context["region"].code == "331100"
    assert rows(response)[0] == (1, "莲都区")
    html = response.content.decode()
    assert "98.06%" in html
    assert f"{reverse('boards:dashboard')}?region=331102&amp;period=2013-09" in html
    assert '<option value="331102">' in html  # the district picker


def test_city_month_picker_goes_back_to_april_when_liandu_was_eighth(login: Login) -> None:
    response = login("city").get(URL, {"period": "2013-04"})

    assert response.context["period"] == "2013-04"
    assert (8, "莲都区") in rows(response)


def test_city_office_drills_into_a_district(login: Login) -> None:
    response = login("city").get(URL, {"region": "331102", "period": "2013-09"})

    assert response.context["region"].code == "331102"
    assert rows(response)[0] == (1, "碧湖镇")
    assert '<option value="331102" selected>' in response.content.decode()


def test_a_district_user_cannot_look_at_the_city_or_another_district(login: Login) -> None:
    client = login("office")

    assert client.get(URL, {"region": "331100"}).status_code == 403
    assert client.get(URL, {"region": "331121"}).status_code == 403
    assert client.get(URL, {"region": "nope"}).status_code == 404


def test_a_malformed_month_falls_back_to_the_default(login: Login) -> None:
    response = login("office").get(URL, {"period": "2013-9x"})

    assert response.context["period"] == "2013-09"


def test_stalled_and_slow_projects_link_to_their_pages_with_leaders(login: Login) -> None:
    response = login("office").get(URL)
    watch = response.context["watch"]
    html = response.content.decode()

    assert [w.project.code for w in watch.stalled]
    for w in watch.stalled + watch.slow:
        assert reverse("projects:detail", args=[w.project.code]) in html
        assert w.project.leader in html


def test_late_and_missing_reports_are_listed_as_counted_by_hand(client: Client, db: None) -> None:
    # Given a district with, for October 2013: one report on time, one 2 days late,
    # one planned project without a report and one draft never submitted
    district = new_district()
    unit = new_unit(district)
    october: list[int | str | Decimal] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0]
    names = ["准时项目", "迟报项目", "漏报项目", "草稿项目"]
    projects = {name: new_project(unit=unit, name=name) for name in names}
    for project in projects.values():
        plan_for(project, 2013, october)
    for name, day in (("准时项目", 5), ("迟报项目", 7)):
        report = report_for(projects[name], 2013, 10, 80, state=ReportState.APPROVED)
        report.first_submitted_at = dt.datetime(2013, 11, day, 9, tzinfo=dt.UTC)
        report.save()
    report_for(projects["草稿项目"], 2013, 10, 10, state=ReportState.DRAFT)
    client.force_login(office_for(district))

    # When the district office opens the dashboard on October
    response = client.get(URL, {"period": "2013-10"})

    # Then it counts 4 expected, 2 submitted, 2 missing and 1 late, and names them
    gaps = response.context["gaps"]
    assert (gaps.expected, gaps.submitted, len(gaps.missing), len(gaps.late)) == (4, 2, 2, 1)
    html = response.content.decode()
    assert "2 submitted of 4 expected" in html
    missing = html[html.index("gaps-missing") : html.index("gaps-late")]
    assert "漏报项目" in missing
    assert "草稿项目" in missing
    assert "迟报项目" not in missing
    late = html[html.index("gaps-late") :]
    assert "迟报项目" in late
    assert "2013-11-07" in late


def test_dashboard_queries_do_not_grow_with_projects_or_supervision_items(
    login: Login, liandu: Region, django_assert_max_num_queries: Any
) -> None:
    # figures, gaps and charts ~19; supervision 6; findings and closes 2; forecast 8; inbox 1
    client = login("office")
    with django_assert_max_num_queries(41) as before:  # + the reverse plans (schedule flags)
        client.get(URL, {"period": "2013-10"})
    unit = liandu.units.first()
    assert unit is not None
    for _ in range(15):
        project = new_project(unit=unit, region=liandu)
        plan_for(project, 2013, [Decimal(10)] * 12)
        report_for(project, 2013, 9, 5)
        report_for(project, 2013, 10, 5, state=ReportState.SUBMITTED)
    for n in range(8):
        red_item(unit, f"红牌{n}", opened="2013-09-02", deadline="2013-09-20", red_on="2013-10-08")
        closed_item(unit, f"十月销号{n}", opened="2013-09-02", closed="2013-10-21")

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(URL, {"period": "2013-10"})

    assert len(response.context["board"].projects) == 32 + 15
    assert len(response.context["supervision"].red) == 3 + 8
    assert response.context["supervision"].closed_this_month == 1 + 8


@pytest.mark.parametrize("params", [{}, {"period": "2013-10"}])
def test_dashboard_has_no_inline_script_or_style(login: Login, params: dict[str, str]) -> None:
    html = login("office").get(URL, params).content.decode()

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html
    assert " onclick=" not in html


def test_months_are_published_in_order(login: Login) -> None:
    html = login("office").get(URL, {"period": "2013-11"}).content.decode()

    assert "2013-11 cannot be published yet" in html
    assert '<a href="?period=2013-10">Publish 2013-10 first</a>' in html
    assert reverse("progress:publish") not in html


def test_a_long_watch_list_folds_after_eight_of_each_kind(login: Login) -> None:
    city = login("city").get(URL)
    watch = city.context["watch"]
    html = city.content.decode()

    assert watch.folded == len(watch.stalled) - 8 + len(watch.slow) - 8 > 0
    assert html.count('<tr class="extra">') == watch.folded
    assert f"Show {watch.folded} more" in html
    district = login("office").get(URL).content.decode()
    assert 'class="extra"' not in district
    assert "unfold" not in district


def test_city_dashboard_queries_do_not_grow_with_districts_or_their_past_years(
    login: Login, lishui: Region, django_assert_max_num_queries: Any
) -> None:
    # the forecast reads each past year once for the whole city, not once per district
    client = login("city")
    with django_assert_max_num_queries(50) as before:  # 82 when each district read its past
        first = client.get(URL, {"period": "2013-09"})
    assert first.context["region"].code == "331100"
    for _ in range(4):
        district = new_district()
        district.parent = lishui
        district.save()
        project = new_project(unit=new_unit(district), region=district)
        for year in (2011, 2012, 2013):
            plan_for(project, year, [Decimal(10)] * 12)
            report_for(project, year, 9, 50)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(URL, {"period": "2013-09"})

    assert len(rows(response)) == 9 + 4
