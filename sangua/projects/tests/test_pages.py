"""The project list and the project page, on the demo (Liandu published through 2013-09)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangua.core.testing.factories import PersonFactory, ProjectFactory, plan_for, report_for
from sangua.orgs.models import Person, Region, Unit, User
from sangua.progress.choices import ReportState
from sangua.progress.services import report_approve
from sangua.projects import services
from sangua.projects.models import Project

LIST = reverse("projects:list")


def codes(response) -> list[str]:
    return [row.project.code for row in response.context["page"].object_list]


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- scope ---------------------------------------------------------------------------------------


def test_the_district_office_sees_its_districts_projects_at_the_latest_published_month(login):
    response = login("office").get(LIST)

    assert response.status_code == 200
    assert response.context["period"] == "2013-09"
    assert response.context["page"].paginator.count == 32
    assert {c[:6] for c in codes(response)} == {"331102"}
    totals = response.context["result"].totals
    assert totals.completion_rate == Decimal("98.06")  # the story's figure
    html = response.content.decode()
    assert "98.06%" in html
    assert "157,043.09" in html  # 万元 with thousands separators
    assert 'value="2013-09"' in html  # the month picker shows the month used


@pytest.mark.parametrize("user", ["reporter", "head"])
def test_unit_users_see_only_their_units_projects(login, user):
    response = login(user).get(LIST)

    assert codes(response) == ["331102-004", "331102-031"]
    assert "unit" not in response.context["form"].fields  # one unit: no unit filter


def test_the_city_office_sees_every_district_paginated_and_can_filter_by_district(login):
    client = login("city")

    everything = client.get(LIST)
    liandu = client.get(LIST, {"region": "331102"})

    assert everything.context["page"].paginator.count == 158
    assert everything.context["page"].paginator.num_pages == 4
    assert len(codes(everything)) == 50
    assert everything.context["show_region"] is True
    assert liandu.context["page"].paginator.count == 32


def test_a_district_user_cannot_filter_by_another_district(login):
    response = login("office").get(LIST, {"region": "331121"})

    assert "region" not in response.context["form"].fields
    assert response.context["page"].paginator.count == 32


# --- filters ------------------------------------------------------------------------------------


def test_filter_by_unit_code(login):
    response = login("office").get(LIST, {"unit": "331102-T05"})

    assert codes(response) == ["331102-004", "331102-031"]


def test_filter_by_leader(login):
    leader = Person.objects.get(region__code="331102", post="区长")

    response = login("office").get(LIST, {"leader": leader.pk})

    assert response.context["page"].paginator.count == 3
    assert {row.project.leader for row in response.context["page"].object_list} == {"区长"}


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"category": "housing"}, 2),
        ({"state": "completed"}, 11),
        ({"state": "under_construction", "category": "water"}, None),
        ({"q": "联城"}, 2),
        ({"q": "331102-01"}, 10),
    ],
)
def test_filters_by_category_state_and_text(login, params, count):
    response = login("office").get(LIST, params)

    rows = response.context["page"].object_list
    if count is not None:
        assert response.context["page"].paginator.count == count
    for key, value in params.items():
        if key in ("category", "state"):
            assert {getattr(row.project, key) for row in rows} == {value}


def test_filter_by_light_is_computed_for_the_chosen_month(login):
    client = login("office")

    september = client.get(LIST, {"period": "2013-09", "light": "red"})
    april = client.get(LIST, {"period": "2013-04", "light": "red"})

    assert september.context["result"].light_counts == {
        "grey": 0,
        "red": 4,
        "yellow": 1,
        "green": 27,
    }
    assert september.context["page"].paginator.count == 4
    assert {row.figures.light for row in september.context["page"].object_list} == {"red"}
    assert april.context["filters"].month == 4
    assert april.context["page"].paginator.count == april.context["result"].light_counts["red"]
    assert codes(april) != codes(september)


def test_invalid_filter_values_are_ignored(login):
    response = login("office").get(
        LIST, {"light": "purple", "period": "2013-13", "unit": "nope", "leader": "x"}
    )

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 32
    assert response.context["period"] == "2013-09"


def test_sorting_by_completion_rate(login):
    response = login("office").get(LIST, {"sort": "completion_rate"})

    rates = [row.figures.completion_rate for row in response.context["page"].object_list]
    assert rates == sorted(rates)


def test_htmx_gets_only_the_table(login):
    response = login("office").get(
        LIST, {"light": "yellow"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="project-table"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert 'class="data projects"' in html
    assert response["Vary"].lower().count("hx-request") == 1


def test_pages_keep_the_filters(login):
    response = login("city").get(LIST, {"category": "urban"})
    count = response.context["page"].paginator.count

    assert count > 0
    assert "category=urban" in response.context["query"]


# --- query count ---------------------------------------------------------------------------------


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"light": "red"}, {"q": "区"}])
def test_the_list_costs_the_same_queries_however_many_projects(login, params):
    client = login("office")
    before = count_queries(client, params)
    unit = Unit.objects.get(code="331102-T05")
    for _ in range(12):
        project = ProjectFactory(
            unit=unit, leader=PersonFactory(region=unit.region), name="区新增项目"
        )
        plan_for(project, 2013, [100] * 12)
        for month in range(1, 10):
            report_for(project, 2013, month, "50")

    after = count_queries(client, params)

    assert after == before


def test_the_city_list_queries_do_not_grow_with_projects(login):
    client = login("city")
    before = count_queries(client, {})
    unit = Unit.objects.get(code="331102-T05")
    for _ in range(5):
        ProjectFactory(unit=unit, leader=PersonFactory(region=unit.region))

    assert count_queries(client, {}) == before


# --- the project page -----------------------------------------------------------------------------


def detail(code: str) -> str:
    return reverse("projects:detail", args=[code])


def test_the_project_page_shows_the_four_fixes_and_figures(login):
    response = login("office").get(detail("331102-004"), {"period": "2013-09"})

    assert response.status_code == 200
    page = response.context["page"]
    assert (page.year, page.month) == (2013, 9)
    assert page.figures.annual_plan == Decimal("2450.00")
    assert page.figures.plan_to_date == Decimal("1617.00")
    assert page.figures.completed == Decimal("2298.40")
    assert page.figures.completion_rate == Decimal("93.81")
    assert page.figures.plan_to_date_rate == Decimal("142.14")
    html = response.content.decode()
    for text in ("联城街道", "区委副书记", "联城街道党工委书记", "2011-03-01", "2013-10-18"):
        assert text in html
    assert "39,000.00" in html  # total investment


def test_the_chart_data_is_in_a_json_script_and_stops_after_the_last_reported_month(login):
    response = login("office").get(detail("331102-004"), {"period": "2013-09"})

    html = response.content.decode()
    assert '<script id="chart-data" type="application/json">' in html
    assert "<script>" not in html  # no inline script
    chart = response.context["chart"]
    assert chart["plan"][0] == "73.50"
    assert chart["done"][8] == "366.67"
    assert chart["done"][9:] == [None, None, None]  # October is not approved yet
    assert chart["done_cumulative"][8] == "2298.40"
    assert chart["plan_cumulative"][11] == "2450.00"
    labels = json.loads(html.split('id="chart-labels" type="application/json">')[1].split("<")[0])
    assert len(labels["months"]) == 12


def test_the_report_history_lists_every_report_of_the_year_with_its_events(login):
    response = login("office").get(detail("331102-004"), {"period": "2013-09"})

    lines = [line for line, _form in response.context["reports"]]
    assert [line.report.month for line in lines] == list(range(1, 11))
    october = lines[-1]
    assert october.report.state == ReportState.SUBMITTED
    assert october.report.is_late  # submitted 2013-11-07, due 2013-11-05
    assert [e.event.action for e in october.events] == ["create", "submit"]
    assert [line.published for line in lines] == [True] * 9 + [False]


def test_the_office_gets_an_amend_form_on_approved_reports_only(login):
    response = login("office").get(detail("331102-004"), {"period": "2013-09"})

    forms = {line.report.month: form for line, form in response.context["reports"]}
    assert all(forms[m] is not None for m in range(1, 10))
    assert forms[10] is None  # submitted, not approved
    html = response.content.decode()
    assert reverse("progress:amend", args=["331102-004", "2013-09"]) in html


@pytest.mark.parametrize("user", ["viewer", "leader", "reporter", "city"])
def test_others_get_no_amend_form(login, user):
    response = login(user).get(detail("331102-004"))

    assert response.status_code == 200
    if user == "city":
        return  # the city office may review Liandu's reports; it gets the form
    assert all(form is None for _line, form in response.context["reports"])
    assert "/amend/" not in response.content.decode()


def test_a_project_outside_the_users_scope_is_not_found(login):
    assert login("reporter2").get(detail("331102-004")).status_code == 404
    assert login("office").get(detail("331121-001")).status_code == 404
    assert login("office").get(detail("NO-SUCH")).status_code == 404


def test_another_year_is_chosen_by_the_month(login):
    response = login("office").get(detail("331102-004"), {"period": "2012-12"})

    assert response.context["page"].year == 2012
    assert {y for y, _p in response.context["year_periods"]} >= {2012, 2013}


def test_the_project_page_query_count_does_not_grow_with_reports(login):
    client = login("office")
    with CaptureQueriesContext(connection) as first:
        client.get(detail("331102-031"), {"period": "2013-09"})
    region = Region.objects.get(code="331102")
    assert region.is_district

    with CaptureQueriesContext(connection) as second:
        client.get(detail("331102-004"), {"period": "2013-09"})

    assert len(second) == len(first)


def test_choosing_a_district_narrows_the_unit_and_leader_choices(login):
    client = login("city")

    everywhere = client.get(LIST).context["form"].fields["unit"].choices
    liandu = client.get(LIST, {"region": "331102"}).context["form"].fields["unit"].choices

    assert len(everywhere) > len(liandu) == 24  # 23 units and "all units"
    assert all(code.startswith("331102-") for code, _name in liandu[1:])


def test_a_leader_gets_a_link_to_their_own_projects(login):
    response = login("leader").get(LIST)

    leader = response.context["my_leader"]
    assert leader.post == "区长"
    assert f"?leader={leader.pk}&amp;period=2013-09" in response.content.decode()


def test_the_project_page_shows_the_audit_history_of_the_project_and_its_plans(login):
    # given changes to the project and to its 2013 plan, and a report step
    office = User.objects.get(username="office")
    project = Project.objects.get(code="331102-004")
    plan = project.plans.get(year=2013)
    months = [plan.months[k] + (1 if k == 11 else 0) for k in range(12)]
    services.project_update(project=project, by=office, contact="新联系人")
    services.plan_set(project=project, year=2013, months=months, by=office)
    report = project.reports.get(year=2013, month=10)
    report_approve(report=report, by=office)
    # when the page is opened
    response = login("office").get(detail("331102-004"), {"period": "2013-09"})
    # then its history holds the plan's change, then the project's, newest first; the report's
    # step is in the report's own history, not repeated here
    history = response.context["history"]
    assert [(e.object_type, e.action) for e in history[:2]] == [
        ("projects.investmentplan", "update"),
        ("projects.project", "update"),
    ]
    assert all(e.object_type != "progress.monthlyreport" for e in history)
    html = response.content.decode()
    assert "新联系人" in html
    assert str(plan) in html  # which object each line is about
    assert [e.event.action for e in response.context["reports"][-1][0].events][-1] == "approve"
