"""GET /figures and /figures/projects: the dashboard's and the wall's month, published or in scope."""

from __future__ import annotations

from sangua.orgs.models import Region
from sangua.progress.figures import region_board

from .conftest import ApiClient, SignIn


def test_liandu_completed_98_06_percent_by_the_end_of_september(anon: ApiClient) -> None:
    response = anon.get("/figures", region="331102", period="2013-09")

    assert response.status_code == 200
    body = response.json()
    assert (body["region"]["code"], body["period"], body["published"]) == (
        "331102",
        "2013-09",
        True,
    )
    assert body["figures"]["completion_rate"] == 98.06
    assert body["figures"]["time_progress"] == 75.0
    counts = body["light_counts"]
    assert sum(counts.values()) == body["figures"]["project_count"]


def test_the_counts_match_the_dashboards_board(anon: ApiClient) -> None:
    board = region_board(Region.objects.get(code="331100"), 2013, 9)

    body = anon.get("/figures", region="331100", period="2013-09").json()

    assert body["light_counts"] == {k: board.light_counts[k] for k in body["light_counts"]}
    assert (body["stalled_count"], body["slow_count"]) == (len(board.stalled), len(board.slow))


def test_an_unpublished_month_is_not_public(anon: ApiClient) -> None:
    response = anon.get("/figures", region="331102", period="2013-10")

    assert (response.status_code, response.json()["code"]) == (404, "not_published")


def test_the_office_sees_its_unpublished_month(as_user: SignIn) -> None:
    response = as_user("office").get("/figures", region="331102", period="2013-10")

    assert response.status_code == 200
    assert response.json()["published"] is False


def test_the_watch_list_lists_the_stalled_projects_worst_first(anon: ApiClient) -> None:
    body = anon.get("/figures", region="331100", period="2013-09").json()

    stalled = anon.get(
        "/figures/projects", region="331100", period="2013-09", watch="stalled", limit=500
    ).json()

    assert stalled["count"] == body["stalled_count"]
    assert all(p["stalled"] and p["light"] == "red" for p in stalled["items"])
    rates = [p["plan_to_date_rate"] or 0 for p in stalled["items"]]
    assert rates == sorted(rates)


def test_projects_filter_by_light_and_page(anon: ApiClient) -> None:
    page = anon.get(
        "/figures/projects", region="331102", period="2013-09", light="green", limit=2
    ).json()

    assert page["limit"] == 2
    assert len(page["items"]) == min(2, page["count"])
    assert {p["light"] for p in page["items"]} <= {"green"}
    assert all(p["district"]["code"] == "331102" and p["unit"]["code"] for p in page["items"])


def test_a_bad_period_names_its_field(anon: ApiClient) -> None:
    response = anon.get("/figures", region="331102", period="2013-13")

    assert (response.status_code, response.json()["field"]) == (422, "period")


def test_project_figures_cost_the_same_queries_for_any_page(
    anon: ApiClient, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(12):
        anon.get("/figures/projects", region="331100", period="2013-09", limit=500)


def test_projects_filter_by_unit_and_category(anon: ApiClient) -> None:
    all_of_them = anon.get("/figures/projects", region="331102", period="2013-09", limit=500).json()
    unit = all_of_them["items"][0]["unit"]["code"]
    category = "housing"

    by_unit = anon.get("/figures/projects", region="331102", period="2013-09", unit=unit).json()
    by_category = anon.get(
        "/figures/projects", region="331102", period="2013-09", category=category, limit=500
    ).json()

    assert by_unit["count"] == sum(p["unit"]["code"] == unit for p in all_of_them["items"])
    assert {p["unit"]["code"] for p in by_unit["items"]} == {unit}
    assert 0 < by_category["count"] < all_of_them["count"]
