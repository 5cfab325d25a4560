"""Registering projects and setting their annual plans, through the services only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sangua.core.errors import NotAllowed, ValidationFailed
from sangua.core.testing.factories import (
    DistrictFactory,
    PersonFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
    office_for,
    plan_for,
    reporter_for,
)
from sangua.orgs.choices import Role
from sangua.projects.models import InvestmentPlan, Project
from sangua.projects.services import plan_set, project_create, project_update


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.fixture
def office(district):
    return office_for(district)


def fields(district, **overrides):
    unit = overrides.pop("unit", None) or UnitFactory(region=district)
    values = {
        "code": "T-001",
        "name": "城北安置小区",
        "region": district,
        "unit": unit,
        "leader": PersonFactory(region=district),
        "category": "housing",
        "total_investment": "12000",
        "start_date": dt.date(2013, 5, 6),
        "target_date": dt.date(2014, 12, 31),
    }
    values.update(overrides)
    return values


def test_the_office_registers_a_project_with_its_four_fixes(district, office):
    project = project_create(by=office, **fields(district))

    assert project.code == "T-001"
    assert project.total_investment == Decimal("12000.00")
    assert project.state == "planned"


@pytest.mark.parametrize(
    ("override", "field", "code"),
    [
        ({"target_date": dt.date(2013, 1, 1)}, "target_date", "target_before_start"),
        ({"total_investment": "-5"}, "total_investment", "negative_amount"),
        ({"total_investment": "lots"}, "total_investment", "invalid_amount"),
        ({"category": "space"}, "category", "invalid_choice"),
        ({"name": "  "}, "name", "required"),
    ],
)
def test_a_bad_project_is_refused_naming_the_field(district, office, override, field, code):
    with pytest.raises(ValidationFailed) as refused:
        project_create(by=office, **fields(district, **override))

    assert (refused.value.code, refused.value.field) == (code, field)
    assert not Project.objects.filter(code="T-001").exists()


def test_a_unit_of_another_district_is_refused(district, office):
    with pytest.raises(ValidationFailed) as refused:
        project_create(by=office, **fields(district, unit=UnitFactory(region=DistrictFactory())))

    assert (refused.value.code, refused.value.field) == ("unit_outside_region", "unit")


def test_a_project_code_is_unique(district, office):
    project_create(by=office, **fields(district))

    with pytest.raises(ValidationFailed) as refused:
        project_create(by=office, **fields(district, name="另一个"))

    assert (refused.value.code, refused.value.field) == ("duplicate_code", "code")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LEADER, Role.SUPERVISOR])
def test_only_the_office_registers_projects(district, role):
    with pytest.raises(NotAllowed):
        project_create(by=UserFactory(role=role, region=district), **fields(district))
    assert not Project.objects.filter(code="T-001").exists()


def test_a_user_who_may_not_register_hears_so_before_any_field_error(district):
    viewer = UserFactory(role=Role.VIEWER, region=district)

    with pytest.raises(NotAllowed):
        project_create(by=viewer, **fields(district, total_investment="not a number"))


def test_the_office_of_another_district_cannot_register_here(district):
    with pytest.raises(NotAllowed):
        project_create(by=office_for(DistrictFactory()), **fields(district))


def test_a_projects_code_cannot_change_but_its_fields_can(district, office):
    project = ProjectFactory(unit=UnitFactory(region=district))

    with pytest.raises(ValidationFailed) as refused:
        project_update(project=project, by=office, code="NEW")
    assert refused.value.field == "code"

    project = project_update(project=project, by=office, state="under_construction", name="改名")
    project.refresh_from_db()
    assert (project.state, project.name) == ("under_construction", "改名")


# --- annual investment plans --------------------------------------------------------------------


def test_a_plan_is_12_months_adding_up_to_the_year(district, office):
    project = ProjectFactory(unit=UnitFactory(region=district))
    months = ["100", "100", "150.5", "0", "0", "200", "0", "0", "0", "0", "0", "49.5"]

    plan = plan_set(project=project, year=2013, months=months, annual="600", by=office)

    assert plan.annual_amount == Decimal("600.00")
    assert plan.months[2] == Decimal("150.50")


def test_without_an_annual_amount_the_plan_is_the_sum_of_its_months(district, office):
    project = ProjectFactory(unit=UnitFactory(region=district))

    plan = plan_set(project=project, year=2013, months=[10] * 12, by=office)

    assert plan.annual_amount == Decimal("120.00")


def test_months_that_do_not_add_up_are_refused_naming_the_field_and_nothing_changes(
    district, office
):
    project = ProjectFactory(unit=UnitFactory(region=district))
    plan_for(project, 2013, [10] * 12)

    with pytest.raises(ValidationFailed) as refused:
        plan_set(project=project, year=2013, months=[20] * 12, annual="200", by=office)

    assert (refused.value.code, refused.value.field) == ("plan_months_mismatch", "annual_amount")
    assert "240.00" in refused.value.message  # what the months add up to
    assert "200.00" in refused.value.message  # and the annual amount given
    plan = InvestmentPlan.objects.get(project=project, year=2013)
    assert (plan.annual_amount, plan.m01) == (Decimal("120.00"), Decimal("10.00"))


@pytest.mark.parametrize(
    ("months", "field", "code"),
    [
        ([10] * 11, "months", "plan_needs_12_months"),
        ([10, 10, -1, *[10] * 9], "m03", "negative_amount"),
        ([10] * 11 + ["x"], "m12", "invalid_amount"),
    ],
)
def test_bad_months_are_refused_naming_the_month(district, office, months, field, code):
    project = ProjectFactory(unit=UnitFactory(region=district))

    with pytest.raises(ValidationFailed) as refused:
        plan_set(project=project, year=2013, months=months, by=office)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert not InvestmentPlan.objects.filter(project=project).exists()


def test_a_year_out_of_range_is_refused(district, office):
    project = ProjectFactory(unit=UnitFactory(region=district))

    with pytest.raises(ValidationFailed) as refused:
        plan_set(project=project, year=1999, months=[1] * 12, by=office)

    assert refused.value.field == "year"


def test_a_unit_reporter_cannot_set_plans(district):
    unit = UnitFactory(region=district)
    project = ProjectFactory(unit=unit)

    with pytest.raises(NotAllowed):
        plan_set(project=project, year=2013, months=[1] * 12, by=reporter_for(unit))
    assert not InvestmentPlan.objects.filter(project=project).exists()
