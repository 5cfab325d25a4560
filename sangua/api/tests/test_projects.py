"""GET /projects and /projects/{code}: filters, pagination, query counts, what each caller sees,
and the promise of issue 2 — every ranking figure recomputes from the per-project responses."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sangua.core.testing.factories import office_for, report_for
from sangua.orgs.models import Region
from sangua.progress.choices import ReportState
from sangua.projects.models import Project

from .conftest import ApiClient, SignIn, make_client

LISHUI, LIANDU = "331100", "331102"


def dec(value: float) -> Decimal:
    """A JSON number back to the exact 2-place decimal it was written from."""
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def rate(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- the list -------------------------------------------------------------------------------


def test_list_is_paginated_by_code_with_a_count(anon: ApiClient) -> None:
    first = anon.get("/projects", limit=5).json()
    second = anon.get("/projects", limit=5, offset=5).json()

    assert first["count"] == Project.objects.count()
    codes = [p["code"] for p in first["items"] + second["items"]]
    assert codes == list(Project.objects.order_by("code").values_list("code", flat=True)[:10])


def test_list_item_shape(anon: ApiClient) -> None:
    item = anon.get("/projects", region=LIANDU, limit=1).json()["items"][0]

    assert item["code"] == "331102-001"
    assert item["region"] == {"code": LIANDU, "name": "莲都区"}
    assert set(item["unit"]) == {"code", "name"}
    assert set(item["leader"]) == {"id", "post", "name"}
    assert isinstance(item["total_investment"], float)


def test_a_city_code_means_its_districts(anon: ApiClient) -> None:
    city = anon.get("/projects", region=LISHUI, limit=1).json()
    district = anon.get("/projects", region=LIANDU, limit=1).json()

    assert city["count"] == Project.objects.filter(region__parent__code=LISHUI).count()
    assert district["count"] == Project.objects.filter(region__code=LIANDU).count()
    assert 0 < district["count"] < city["count"]


@pytest.mark.parametrize(
    ("field", "value", "lookup"),
    [
        ("unit", "331102-T05", {"unit__code": "331102-T05"}),
        ("category", "housing", {"category": "housing"}),
        ("state", "completed", {"state": "completed"}),
        ("q", "安置", {"name__contains": "安置"}),
        ("q", "331102-00", {"code__contains": "331102-00"}),
    ],
)
def test_filters(anon: ApiClient, field: str, value: str, lookup: dict[str, str]) -> None:
    body = anon.get("/projects", **{field: value}, limit=500).json()

    expected = list(
        Project.objects.filter(**lookup).order_by("code").values_list("code", flat=True)
    )
    assert expected
    assert [p["code"] for p in body["items"]] == expected
    assert body["count"] == len(expected)


def test_filter_by_leader(anon: ApiClient) -> None:
    leader = Project.objects.filter(region__code=LIANDU).first().leader  # type: ignore[union-attr]

    body = anon.get("/projects", leader=leader.pk, limit=500).json()

    assert body["count"] == Project.objects.filter(leader=leader).count()
    assert {p["leader"]["id"] for p in body["items"]} == {leader.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "castle"}, "category"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"leader": "x"}, "leader"),
        ({"leader": 10**30}, "leader"),
        ({"q": "a\x00"}, "q"),
        ({"region": "\x00"}, "region"),
    ],
)
def test_bad_filters_are_invalid_input(anon: ApiClient, params: dict[str, Any], field: str) -> None:
    response = anon.get("/projects", **params)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["field"] == field


def test_an_unknown_region_filter_is_a_404(anon: ApiClient) -> None:
    response = anon.get("/projects", region="123456")

    assert response.status_code == 404
    assert response.json()["field"] == "region"


def _queries(client: ApiClient, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/projects", **params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "office"])
def test_list_query_count_does_not_grow_with_the_page(
    anon: ApiClient, as_user: SignIn, who: str, django_assert_max_num_queries: Any
) -> None:
    client = anon if who == "anonymous" else as_user("office")
    small = _queries(client, region=LISHUI, limit=1)

    with django_assert_max_num_queries(small):
        response = client.get("/projects", region=LISHUI, limit=200)

    assert len(response.json()["items"]) > 100
    assert small <= 6


# --- one project ------------------------------------------------------------------------------


def test_detail_has_the_four_fixes_and_plans_by_month(anon: ApiClient) -> None:
    body = anon.get("/projects/331102-004").json()

    assert body["name"] == "联城城郊农民新社区一期安置住房"
    assert body["unit"]["name"] == "联城街道"
    assert body["leader"]["post"]
    assert body["target_date"]
    assert [plan["year"] for plan in body["plans"]] == sorted(
        plan["year"] for plan in body["plans"]
    )
    for plan in body["plans"]:
        assert len(plan["months"]) == 12
        assert sum(dec(m) for m in plan["months"]) == dec(plan["annual"])


def test_a_nul_character_in_the_code_is_invalid_input(anon: ApiClient) -> None:
    response = anon.get("/projects/a%00b")

    assert (response.status_code, response.json()["field"]) == (422, "code")


def test_an_unknown_project_is_a_404(anon: ApiClient) -> None:
    response = anon.get("/projects/NOPE")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.fixture
def october_project(liancheng_project: Project) -> Project:
    """A Liandu project with approved reports in September (published) and October (not)."""
    project = liancheng_project
    report_for(project, 2013, 9, "12.34")
    report_for(project, 2013, 10, "56.78")
    report_for(project, 2013, 11, "9.99", state=ReportState.SUBMITTED)
    return project


def test_anonymous_callers_get_published_months_only(
    anon: ApiClient, october_project: Project
) -> None:
    body = anon.get(f"/projects/{october_project.code}").json()

    (year,) = body["reports"]
    assert year["year"] == 2013
    assert year["published_through"] == 9
    assert year["includes_unpublished"] is False
    assert year["months"] == [0, 0, 0, 0, 0, 0, 0, 0, 12.34, 0, 0, 0]
    assert body["contact_phone"] is None


def test_staff_of_another_district_get_published_months_only(
    october_project: Project,
) -> None:
    client = make_client()
    client.force_login(office_for(Region.objects.get(code="331121")))

    body = ApiClient(client).get(f"/projects/{october_project.code}").json()

    assert body["reports"][0]["months"][8:10] == [12.34, 0]
    assert body["reports"][0]["includes_unpublished"] is False


def test_the_city_office_sees_unpublished_months_of_its_districts(
    as_user: SignIn, october_project: Project
) -> None:
    body = as_user("city").get(f"/projects/{october_project.code}").json()

    assert body["reports"][0]["months"][8:10] == [12.34, 56.78]


def test_staff_of_the_district_get_every_approved_month(
    as_user: SignIn, october_project: Project
) -> None:
    body = as_user("reporter2").get(f"/projects/{october_project.code}").json()

    (year,) = body["reports"]
    assert year["includes_unpublished"] is True
    # Approved amounts only: November's submitted report is not a figure yet.
    assert year["months"] == [0, 0, 0, 0, 0, 0, 0, 0, 12.34, 56.78, 0, 0]
    assert body["contact_phone"] == "0578-0000000"


# --- the promise: figures recompute from the projects -------------------------------------------


def test_liandu_2013_09_recomputes_from_the_projects(anon: ApiClient) -> None:
    """Sum each project's plan and approved months as the API returns them; get the rankings."""
    listing = anon.get("/projects", region=LIANDU, limit=500).json()
    assert listing["count"] == len(listing["items"])
    annual: dict[str, Decimal] = defaultdict(Decimal)
    to_date: dict[str, Decimal] = defaultdict(Decimal)
    done: dict[str, Decimal] = defaultdict(Decimal)
    for item in listing["items"]:
        project = anon.get(f"/projects/{item['code']}").json()
        unit = project["unit"]["code"]
        for plan in project["plans"]:
            if plan["year"] == 2013:
                annual[unit] += sum((dec(m) for m in plan["months"]), Decimal(0))
                to_date[unit] += sum((dec(m) for m in plan["months"][:9]), Decimal(0))
        for year in project["reports"]:
            if year["year"] == 2013:
                assert year["published_through"] >= 9
                done[unit] += sum((dec(m) for m in year["months"][:9]), Decimal(0))

    city = anon.get("/rankings", region=LISHUI, period="2013-09").json()
    liandu = next(row for row in city["rows"] if row["code"] == LIANDU)
    total_annual = sum(annual.values(), Decimal(0))
    total_done = sum(done.values(), Decimal(0))
    assert rate(total_done, total_annual) == Decimal("98.06")
    assert dec(liandu["completion_rate"]) == rate(total_done, total_annual)
    assert dec(liandu["annual_plan"]) == total_annual
    assert dec(liandu["completed"]) == total_done
    assert dec(liandu["plan_to_date"]) == sum(to_date.values(), Decimal(0))

    district = anon.get("/rankings", region=LIANDU, period="2013-09").json()
    for row in district["rows"]:
        assert dec(row["annual_plan"]) == annual[row["code"]], row["code"]
        assert dec(row["completed"]) == done[row["code"]], row["code"]
        if annual[row["code"]]:
            assert dec(row["completion_rate"]) == rate(done[row["code"]], annual[row["code"]])


def test_a_planned_year_without_approved_reports_has_twelve_zeros(
    anon: ApiClient, liancheng_project: Project
) -> None:
    body = anon.get(f"/projects/{liancheng_project.code}").json()

    assert body["plans"] == [{"year": 2013, "annual": 120.0, "months": [10.0] * 12}]
    assert body["reports"] == [
        {
            "year": 2013,
            "months": [0] * 12,
            "published_through": 9,
            "includes_unpublished": False,
        }
    ]


def test_project_detail_costs_a_fixed_number_of_queries(
    anon: ApiClient, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        anon.get("/projects/331102-004")
