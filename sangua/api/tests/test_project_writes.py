"""Registering and changing projects and their annual plans through the API (the office only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sangua.orgs.models import Person, Unit
from sangua.projects.models import InvestmentPlan, Project

from .conftest import SignIn


def _new_project(**changes: Any) -> dict[str, Any]:
    unit = Unit.objects.get(name="联城街道")
    leader = Person.objects.get(region__code="331102", post="区长")
    body = {
        "code": "331102-A01",
        "name": "接口登记测试项目",
        "region": "331102",
        "unit": unit.code,
        "leader": leader.pk,
        "category": "urban",
        "total_investment": "12000.50",
        "start_date": "2014-01-01",
        "target_date": "2016-06-30",
        "location": "联城",
    }
    return body | changes


def test_the_office_registers_a_project_with_its_four_fixes(as_user: SignIn) -> None:
    response = as_user("office").post("/projects", _new_project())

    assert response.status_code == 201, response.content
    body = response.json()
    project = Project.objects.get(code="331102-A01")
    assert (body["code"], body["unit"]["name"], body["leader"]["post"]) == (
        "331102-A01",
        "联城街道",
        "区长",
    )
    assert body["total_investment"] == 12000.5
    assert project.total_investment == Decimal("12000.50")
    assert project.state == "planned"


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"code": "331102-001"}, 422, "duplicate_code", "code"),
        ({"unit": "331121-T01"}, 422, "unit_outside_region", "unit"),
        ({"unit": "nope"}, 422, "unknown_unit", "unit"),
        ({"leader": 10**9}, 422, "unknown_person", "leader"),
        ({"target_date": "2013-01-01"}, 422, "target_before_start", "target_date"),
        ({"total_investment": "-1"}, 422, "negative_amount", "total_investment"),
        ({"category": "casino"}, 422, "invalid_input", "category"),
        ({"region": "999999"}, 404, "not_found", "region"),
    ],
)
def test_a_bad_project_is_refused_with_its_code_and_field(
    as_user: SignIn, changes: dict[str, Any], status: int, code: str, field: str | None
) -> None:
    response = as_user("office").post("/projects", _new_project(**changes))

    assert response.status_code == status
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert not Project.objects.filter(
        code=_new_project(**changes)["code"], name="接口登记测试项目"
    ).exists()


@pytest.mark.parametrize("username", ["reporter", "head", "leader", "supervisor", "viewer"])
def test_only_the_office_registers_projects(with_token: SignIn, username: str) -> None:
    response = with_token(username).post("/projects", _new_project())

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_another_districts_office_cannot_register_in_liandu(with_token: SignIn) -> None:
    from sangua.core.testing.factories import office_for
    from sangua.orgs.models import Region

    office_for(Region.objects.get(code="331121"), username="qt-office")

    response = with_token("qt-office").post("/projects", _new_project())

    assert response.status_code == 403


def test_the_office_changes_only_the_fields_it_sends(as_user: SignIn) -> None:
    before = Project.objects.get(code="331102-004")

    response = as_user("office").patch_json(
        "/projects/331102-004", {"state": "completed", "location": "联城街道新社区"}
    )

    assert response.status_code == 200, response.content
    after = Project.objects.get(code="331102-004")
    assert (after.state, after.location) == ("completed", "联城街道新社区")
    assert (after.name, after.total_investment, after.unit_id) == (
        before.name,
        before.total_investment,
        before.unit_id,
    )


def test_an_empty_required_field_is_refused(as_user: SignIn) -> None:
    response = as_user("office").patch_json("/projects/331102-004", {"name": None})

    assert (response.status_code, response.json()["field"]) == (422, "name")


def test_the_office_sets_a_plan_that_adds_up(as_user: SignIn) -> None:
    months = ["100.00"] * 11 + ["150.25"]

    response = as_user("office").put_json(
        "/projects/331102-004/plans/2014", {"months": months, "annual": "1250.25"}
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"year": 2014, "annual": 1250.25, "months": [100.0] * 11 + [150.25]}
    plan = InvestmentPlan.objects.get(project__code="331102-004", year=2014)
    assert plan.annual_amount == Decimal("1250.25")


def test_a_plan_whose_months_do_not_add_up_is_refused(as_user: SignIn) -> None:
    response = as_user("office").put_json(
        "/projects/331102-004/plans/2014", {"months": ["100"] * 12, "annual": "1000"}
    )

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "plan_months_mismatch",
        "annual_amount",
    )
    assert not InvestmentPlan.objects.filter(project__code="331102-004", year=2014).exists()


def test_a_plan_needs_twelve_months(as_user: SignIn) -> None:
    response = as_user("office").put_json("/projects/331102-004/plans/2014", {"months": ["1"] * 11})

    assert (response.status_code, response.json()["field"]) == (422, "months")


def test_a_reporter_cannot_set_a_plan(as_user: SignIn) -> None:
    response = as_user("reporter").put_json(
        "/projects/331102-004/plans/2014", {"months": ["1"] * 12}
    )

    assert response.status_code == 403
