"""The three watches (三盯) and the daily check through the API."""

from __future__ import annotations

import pytest

from sangua.supervision.models import SupervisionItem

from .conftest import SignIn


@pytest.mark.parametrize("kind", ["person", "matter", "project"])
def test_each_watchs_columns_add_up_to_its_total(as_user: SignIn, kind: str) -> None:
    body = as_user("supervisor").get(f"/supervision/watches/{kind}", limit=500).json()

    assert body["kind"] == kind
    assert body["count"] == len(body["items"])
    for column in ("total", "open", "overdue", "closed"):
        assert sum(row[column] for row in body["items"]) == body["total"][column]
    if kind != "project":  # the project watch keeps the projects with open items only
        liandu = SupervisionItem.objects.filter(region__code="331102")
        assert body["total"]["total"] == liandu.count()


def test_a_watch_is_filtered_like_the_ledger(as_user: SignIn) -> None:
    body = as_user("supervisor").get("/supervision/watches/matter", category="land").json()

    assert [row["key"] for row in body["items"]] in ([], ["land"])


def test_an_unknown_watch_is_invalid_input(as_user: SignIn) -> None:
    response = as_user("supervisor").get("/supervision/watches/everything")

    assert (response.status_code, response.json()["field"]) == (422, "kind")


def test_the_daily_check_runs_for_supervisors_not_for_units(as_user: SignIn) -> None:
    ran = as_user("supervisor").post("/supervision/run-daily")
    refused = as_user("reporter").post("/supervision/run-daily")

    assert ran.status_code == 200
    assert ran.json()["checked"] >= 0
    assert refused.status_code == 403
