"""GET /why/…: "why is this red?" as JSON — the demo's story (Liandu 98.06 % at the end of September,
8th of the city in April), the months adding up to the figures, the reports behind them, and
exactly the page's permissions and publication rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangua.core.testing.factories import ProjectFactory, UnitFactory, plan_for, report_for
from sangua.orgs.models import Region, Unit
from sangua.progress.choices import ReportState
from sangua.projects.models import Project

from .conftest import API, ApiClient, SignIn, make_client
from .matrix_world import ROLES, World

LISHUI, LIANDU, QINGTIAN = "331100", "331102", "331121"
STALLED = "雅溪口水库工程前期"  # stalls in August and September 2013 (the demo's "stalled-late")


def d(value: Any) -> Decimal:
    """A JSON number back as the 2-place decimal it was written from."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def liancheng() -> Unit:
    return Unit.objects.get(name="联城街道")


# --- a region's light ---------------------------------------------------------------------------------


def test_liandu_at_the_end_of_september_2013(as_user: SignIn) -> None:
    response = as_user("office").get(f"/why/regions/{LIANDU}", period="2013-09")

    assert response.status_code == 200
    body = response.json()
    assert (body["kind"], body["code"], body["name"]) == ("region", LIANDU, "莲都区")
    assert (body["period"], body["published"]) == ("2013-09", True)
    f = body["figures"]
    # 157,043.09 of 160,150.00 万元: 98.06 % of the annual plan with 75 % of the year gone.
    assert (d(f["annual_plan"]), d(f["completed"])) == (Decimal("160150.00"), Decimal("157043.09"))
    assert f["completion_rate"] == 98.06
    assert f["time_progress"] == 75.0
    assert (f["light"], f["stalled"], f["slow"]) == ("green", False, False)
    assert body["reasons"] == ["at_green", "not_stalled"]
    assert (body["gap_to_yellow"], body["gap_to_green"]) == (0.0, 0.0)
    rules = body["rules"]
    assert (rules["version"], rules["red_below"], rules["green_from"], rules["stall_months"]) == (
        1,
        90.0,
        100.0,
        2,
    )
    assert body["member_kind"] == "unit"
    assert len(body["members"]) == 23


def test_the_months_add_up_to_the_figures(as_user: SignIn) -> None:
    body = as_user("office").get(f"/why/regions/{LIANDU}", period="2013-09").json()

    months, f = body["months"], body["figures"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert [m["counted"] for m in months] == [True] * 9 + [False] * 3
    counted = months[:9]
    assert sum(d(m["plan"]) for m in counted) == d(f["plan_to_date"])
    assert sum(d(m["done"]) for m in counted) == d(f["completed"])
    assert sum(d(m["plan"]) for m in months) == d(f["annual_plan"])
    assert d(months[8]["done_cumulative"]) == d(f["completed"])
    assert d(months[8]["plan_cumulative"]) == d(f["plan_to_date"])
    assert [m["month"] for m in months if m["examined_for_stall"]] == f["stall_months"] == [8, 9]
    # …and so do the members (Liandu's units).
    members = body["members"]
    assert sum(d(m["figures"]["completed"]) for m in members) == d(f["completed"])
    assert sum(d(m["figures"]["annual_plan"]) for m in members) == d(f["annual_plan"])
    assert sum(d(m["done"][0]) for m in members) == d(months[0]["done"])


def test_the_city_is_the_sum_of_its_nine_districts(as_user: SignIn) -> None:
    body = as_user("city").get(f"/why/regions/{LISHUI}", period="2013-09").json()

    assert body["member_kind"] == "district"
    assert len(body["members"]) == 9
    liandu = next(m for m in body["members"] if m["code"] == LIANDU)
    assert liandu["figures"]["completion_rate"] == 98.06
    assert sum(d(m["figures"]["completed"]) for m in body["members"]) == d(
        body["figures"]["completed"]
    )


# --- a project's light and the reports behind it ------------------------------------------------------


def test_a_stalled_project_is_red_and_shows_its_reports(as_user: SignIn) -> None:
    project = Project.objects.get(name=STALLED)
    office = as_user("office")

    body = office.get(f"/why/projects/{project.code}", period="2013-09").json()

    assert body["unit"]["code"] == project.unit.code
    assert body["figures"]["light"] == "red"
    assert body["reasons"][0] == "stalled"
    assert body["figures"]["stall_months"] == [8, 9]
    assert body["member_kind"] is None
    assert body["members"] == []
    for month in body["months"]:
        counted = [r for r in month["reports"] if r["counted"]]
        assert sum((d(r["amount"]) for r in counted), Decimal(0)) == d(month["done"])
        assert all(r["project"] == project.code for r in month["reports"])
    august, september = body["months"][7], body["months"][8]
    assert d(august["done"]) == d(september["done"]) == 0
    assert d(august["plan"]) > 0
    assert d(september["plan"]) > 0
    # Each report is the one GET /reports/{id} answers.
    first = body["months"][0]["reports"][0]
    report = office.get(f"/reports/{first['id']}").json()
    assert (report["project"]["code"], d(report["amount"])) == (project.code, d(first["amount"]))


def test_reports_not_approved_are_listed_but_not_counted(as_user: SignIn) -> None:
    project = Project.objects.filter(unit=liancheng()).order_by("code").first()
    assert project is not None
    report_for(project, 2013, 11, "7.50", state=ReportState.SUBMITTED)

    body = as_user("office").get(f"/why/projects/{project.code}", period="2013-09").json()

    november = body["months"][10]
    assert [(r["state"], r["counted"], r["amount"]) for r in november["reports"]] == [
        ("submitted", False, 7.5)
    ]
    assert november["counted"] is False


# --- a unit's light --------------------------------------------------------------------------------------


def test_a_unit_is_the_sum_of_its_projects_as_the_watch_list_shows_them(as_user: SignIn) -> None:
    unit = liancheng()
    reporter = as_user("reporter")

    body = reporter.get(f"/why/units/{unit.code}", period="2013-09").json()
    listed = reporter.get(
        "/figures/projects", region=LIANDU, period="2013-09", unit=unit.code, limit=500
    ).json()

    assert (body["kind"], body["name"], body["member_kind"]) == ("unit", "联城街道", "project")
    by_code = {p["code"]: p for p in listed["items"]}
    assert {m["code"] for m in body["members"]} == set(by_code)
    for member in body["members"]:
        assert member["detail"] == "联城街道"
        assert member["figures"]["completed"] == by_code[member["code"]]["completed"]
        assert member["figures"]["light"] == by_code[member["code"]]["light"]
    assert sum(d(m["figures"]["completed"]) for m in body["members"]) == d(
        body["figures"]["completed"]
    )
    codes = {r["project"] for m in body["months"] for r in m["reports"]}
    assert codes <= set(by_code)


# --- a ranking position -------------------------------------------------------------------------------


def test_liandu_was_8th_of_the_city_in_april_and_1st_in_september(as_user: SignIn) -> None:
    city = as_user("city")

    april = city.get(f"/why/rankings/{LIANDU}", period="2013-04").json()
    september = city.get(f"/why/rankings/{LIANDU}", period="2013-09").json()

    assert (april["kind"], april["parent"]["code"]) == ("district", LISHUI)
    assert (april["rank"], april["ranked_count"]) == (8, 9)
    subject = next(line for line in april["lines"] if line["is_subject"])
    assert subject["code"] == LIANDU
    assert subject["completion_rate"] == 14.5
    assert [line["rank"] for line in april["lines"]] == list(range(1, 10))
    assert april["above"] == april["lines"][6]["code"]
    assert april["below"] == april["lines"][8]["code"]
    assert september["rank"] == 1
    assert september["above"] is None
    assert september["lines"][0]["completion_rate"] == 98.06


def test_a_districts_office_sees_why_it_ranks_where_it_does_in_its_city(as_user: SignIn) -> None:
    office = as_user("office")  # 莲都区's office: its scope is the district, not the city

    april = office.get(f"/why/rankings/{LIANDU}", period="2013-04")
    october = office.get(f"/why/rankings/{LIANDU}", period="2013-10")
    another = office.get("/why/rankings/331121", period="2013-09")  # 青田县's rank

    assert april.status_code == 200
    assert (april.json()["rank"], april.json()["parent"]["code"]) == (8, LISHUI)
    # the city's October is not published: the city office may look, a district's may not
    assert (october.status_code, october.json()["code"]) == (404, "not_published")
    assert as_user("city").get(f"/why/rankings/{LIANDU}", period="2013-10").status_code == 200
    assert another.status_code == 403


def test_a_unit_is_ranked_among_its_districts_units(as_user: SignIn) -> None:
    unit = liancheng()

    body = as_user("reporter").get(f"/why/rankings/{unit.code}", period="2013-09").json()
    board = as_user("reporter").get("/rankings", region=LIANDU, period="2013-09").json()

    assert (body["kind"], body["parent"]["code"]) == ("unit", LIANDU)
    assert [(line["code"], line["rank"]) for line in body["lines"]] == [
        (row["code"], row["rank"]) for row in board["rows"]
    ]
    assert body["rank"] == next(r["rank"] for r in board["rows"] if r["code"] == unit.code)
    assert body["rules"]["version"] == 1


def test_a_unit_without_projects_is_not_ranked(as_user: SignIn) -> None:
    empty = UnitFactory(region=Region.objects.get(code=LIANDU))

    response = as_user("office").get(f"/why/rankings/{empty.code}", period="2013-09")

    assert (response.status_code, response.json()["code"]) == (404, "not_ranked")


# --- months, codes, callers --------------------------------------------------------------------------


def test_an_unpublished_month_is_the_office_s_only(as_user: SignIn) -> None:
    leader, office = as_user("leader"), as_user("office")

    for path in (f"/why/regions/{LIANDU}", f"/why/units/{liancheng().code}"):
        refused = leader.get(path, period="2013-10")
        assert (refused.status_code, refused.json()["code"]) == (404, "not_published"), path
        shown = office.get(path, period="2013-10")
        assert (shown.status_code, shown.json()["published"]) == (200, False), path


def test_the_default_month_is_the_latest_published(as_user: SignIn) -> None:
    body = as_user("leader").get(f"/why/regions/{LIANDU}").json()

    assert (body["period"], body["published"]) == ("2013-09", True)


@pytest.mark.parametrize("period", ["2013-9", "2013-Q3", "2013-13", "1999-01", "soon"])
def test_a_bad_period_is_a_422_naming_it(as_user: SignIn, period: str) -> None:
    response = as_user("office").get(f"/why/regions/{LIANDU}", period=period)

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid_period", "period")


@pytest.mark.parametrize(
    "path",
    ["/why/projects/NOPE", "/why/units/NOPE", "/why/regions/NOPE", "/why/rankings/NOPE"]
    + [f"/why/rankings/{LISHUI}"],  # the city is ranked nowhere
)
def test_unknown_codes_are_404(as_user: SignIn, path: str) -> None:
    response = as_user("office").get(path, period="2013-09")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_another_district_s_project_is_not_revealed(as_user: SignIn) -> None:
    project = Project.objects.filter(region__code=QINGTIAN).order_by("code").first()
    assert project is not None

    response = as_user("office").get(f"/why/projects/{project.code}", period="2013-09")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_token_holder_reads_the_same(with_token: SignIn, as_user: SignIn) -> None:
    path = f"/why/units/{liancheng().code}"

    by_token = with_token("reporter").get(path, period="2013-09")
    by_session = as_user("reporter").get(path, period="2013-09")

    assert by_token.status_code == 200
    assert by_token.json() == by_session.json()


@pytest.mark.parametrize(
    "path", ["/why/projects/331102-004", "/why/units/331102-T05", "/why/regions/331102"]
)
def test_anonymous_callers_are_refused_like_the_page_s_sign_in(anon: ApiClient, path: str) -> None:
    response = anon.get(path, period="2013-09")

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


# --- exactly the pages' permissions ---------------------------------------------------------------------


def _page_url(endpoint: str, w: World) -> str:
    if endpoint == "forecast":
        return f"{reverse('accountability:forecast')}?region={w.district.code}&period=2013-09"
    code = {
        "why-project": lambda: Project.objects.filter(unit=w.unit).order_by("code")[0].code,
        "why-unit": lambda: w.unit.code,
        "why-region": lambda: w.district.code,
        "why-rank": lambda: w.unit.code,
    }[endpoint]()
    return reverse(f"accountability:{endpoint}", args=[code, "2013-09"])


def _api_url(endpoint: str, w: World) -> str:
    if endpoint == "forecast":
        return f"{API}/forecast?region={w.district.code}&period=2013-09"
    path = {
        "why-project": "projects/" + Project.objects.filter(unit=w.unit).order_by("code")[0].code,
        "why-unit": f"units/{w.unit.code}",
        "why-region": f"regions/{w.district.code}",
        "why-rank": f"rankings/{w.unit.code}",
    }[endpoint]
    return f"{API}/why/{path}?period=2013-09"


def _outcome(status: int) -> str:
    # The page sends anonymous visitors to the sign-in page; the API answers 401.
    return {200: "ok", 302: "401"}.get(status, str(status))


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "endpoint", ["why-project", "why-unit", "why-region", "why-rank", "forecast"]
)
def test_the_api_allows_exactly_what_the_page_allows(
    db: None, endpoint: str, role: str, target: str
) -> None:
    w = World(role, target)
    client = make_client()
    if w.caller is not None:
        client.force_login(w.caller)

    page = client.get(_page_url(endpoint, w))
    api = client.get(_api_url(endpoint, w))

    assert _outcome(api.status_code) == _outcome(page.status_code)


# --- the cost does not grow with the projects --------------------------------------------------------


def _more_projects(n: int) -> None:
    """``n`` more Liandu projects of 联城街道, planned and reported for 2013."""
    unit = liancheng()
    for i in range(n):
        project = ProjectFactory(unit=unit, code=f"331102-X{i:02d}")
        plan_for(project, 2013, [10] * 12)
        for month in range(1, 10):
            report_for(project, 2013, month, 9)


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("office", f"/why/regions/{LIANDU}"),
        ("city", f"/why/regions/{LISHUI}"),
        ("office", "/why/units/331102-T05"),
        ("office", "/why/projects/331102-004"),
        ("office", "/why/rankings/331102-T05"),
        ("city", f"/why/rankings/{LIANDU}"),
    ],
)
def test_queries_do_not_grow_with_the_projects(
    as_user: SignIn, django_assert_max_num_queries: Any, username: str, path: str
) -> None:
    client = as_user(username)
    client.get(path, period="2013-09")  # the session and the content types, once

    with CaptureQueriesContext(connection) as before:
        assert client.get(path, period="2013-09").status_code == 200
    _more_projects(12)
    with django_assert_max_num_queries(16):
        assert client.get(path, period="2013-09").status_code == 200
    with CaptureQueriesContext(connection) as after:
        client.get(path, period="2013-09")

    assert len(after.captured_queries) == len(before.captured_queries)
