"""GET /rankings: the story of issue 2 (Liandu 8th in April, 1st at 98.06 in September), visibility
of unpublished months, and the error codes of bad input."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ApiClient, SignIn

LISHUI, LIANDU = "331100", "331102"


def test_city_ranking_2013_09_has_liandu_first_at_98_06(anon: ApiClient) -> None:
    response = anon.get("/rankings", region=LISHUI, period="2013-09")

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2013-09"
    assert body["child_kind"] == "district"
    assert body["published"] is True
    assert len(body["rows"]) == 9
    assert [row["rank"] for row in body["rows"]] == list(range(1, 10))
    liandu = next(row for row in body["rows"] if row["code"] == LIANDU)
    assert liandu["name"] == "莲都区"
    assert liandu["completion_rate"] == 98.06
    assert liandu["rank"] <= 2
    assert liandu["rank"] == 1
    assert liandu["time_progress"] == 75.0


def test_city_ranking_2013_04_has_liandu_8th(anon: ApiClient) -> None:
    body = anon.get("/rankings", region=LISHUI, period="2013-04").json()

    liandu = next(row for row in body["rows"] if row["code"] == LIANDU)
    assert liandu["rank"] == 8


def test_rates_and_money_are_json_numbers_with_two_decimals(anon: ApiClient) -> None:
    response = anon.get("/rankings", region=LISHUI, period="2013-09")

    assert '"completion_rate": 98.06' in response.content.decode()
    row = response.json()["rows"][0]
    for key in ("annual_plan", "plan_to_date", "completed", "completion_rate", "plan_to_date_rate"):
        assert isinstance(row[key], float), key
        assert round(row[key], 2) == row[key], key


def test_row_shape(anon: ApiClient) -> None:
    row = anon.get("/rankings", region=LISHUI, period="2013-09").json()["rows"][0]

    assert set(row) == {
        "code",
        "name",
        "rank",
        "annual_plan",
        "plan_to_date",
        "completed",
        "completion_rate",
        "time_progress",
        "plan_to_date_rate",
        "light",
        "stalled",
        "slow",
        "project_count",
    }
    assert row["light"] in {"grey", "red", "yellow", "green"}


def test_totals_are_the_sum_of_the_rows(anon: ApiClient) -> None:
    body = anon.get("/rankings", region=LISHUI, period="2013-09").json()

    totals = body["totals"]
    assert totals["project_count"] == sum(row["project_count"] for row in body["rows"])
    assert totals["annual_plan"] == pytest.approx(sum(row["annual_plan"] for row in body["rows"]))
    assert totals["completed"] == pytest.approx(sum(row["completed"] for row in body["rows"]))


def test_district_ranking_ranks_its_units(anon: ApiClient) -> None:
    body = anon.get("/rankings", region=LIANDU, period="2013-09").json()

    assert body["child_kind"] == "unit"
    assert body["totals"]["completion_rate"] == 98.06
    assert len(body["rows"]) > 1
    ranked = [row for row in body["rows"] if row["rank"] is not None]
    rates = [row["completion_rate"] for row in ranked]
    assert rates == sorted(rates, reverse=True)


def test_without_period_the_latest_published_month_is_shown(anon: ApiClient) -> None:
    body = anon.get("/rankings", region=LISHUI).json()

    assert body["period"] == "2013-09"


def test_anonymous_caller_cannot_see_an_unpublished_month(anon: ApiClient) -> None:
    response = anon.get("/rankings", region=LIANDU, period="2013-10")

    assert response.status_code == 404
    assert response.json()["code"] == "not_published"


def test_office_of_the_district_sees_its_unpublished_month(as_user: SignIn) -> None:
    response = as_user("office").get("/rankings", region=LIANDU, period="2013-10")

    assert response.status_code == 200
    assert response.json()["published"] is False


def test_district_office_sees_only_published_months_of_the_city(as_user: SignIn) -> None:
    response = as_user("office").get("/rankings", region=LISHUI, period="2013-10")

    assert response.status_code == 404
    assert response.json()["code"] == "not_published"


def test_city_office_sees_the_city_unpublished(as_user: SignIn) -> None:
    response = as_user("city").get("/rankings", region=LISHUI, period="2013-10")

    assert response.status_code == 200


@pytest.mark.parametrize("period", ["2013-9", "2013-13", "2013-Q3", "2013", "x", "1999-01"])
def test_a_bad_period_is_a_422_naming_the_field(anon: ApiClient, period: str) -> None:
    response = anon.get("/rankings", region=LISHUI, period=period)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_period"
    assert response.json()["field"] == "period"


def test_an_unknown_region_is_a_404(anon: ApiClient) -> None:
    response = anon.get("/rankings", region="999999", period="2013-09")

    assert response.status_code == 404
    body = response.json()
    assert (body["code"], body["field"]) == ("not_found", "region")
    assert "999999" in body["message"]


def test_a_missing_region_is_invalid_input(anon: ApiClient) -> None:
    response = anon.get("/rankings", period="2013-09")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["field"] == "region"


@pytest.mark.parametrize("region", [LISHUI, LIANDU])
def test_rankings_cost_a_fixed_number_of_queries(
    anon: ApiClient, region: str, django_assert_max_num_queries: Any
) -> None:
    """A city of 158 projects in 9 districts: an N+1 would cost hundreds of queries."""
    with django_assert_max_num_queries(15):
        response = anon.get("/rankings", region=region, period="2013-09")

    assert response.json()["totals"]["project_count"] > 15
