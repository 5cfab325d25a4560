"""factory_boy factories for tests: a district with a unit, a leader, a project and its plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

import factory

from sangua.orgs.choices import RegionLevel, Role, UnitKind
from sangua.orgs.models import Person, Region, Unit, User
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport, Publication
from sangua.progress.services import report_due_date
from sangua.projects.choices import ProjectCategory, ProjectState
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan, Project


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "330900"
    name = "测试市"
    level = RegionLevel.CITY


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"3309{n + 1:02d}")
    name = factory.Sequence(lambda n: f"测试{n + 1}区")
    level = RegionLevel.DISTRICT
    parent = factory.SubFactory(CityFactory)
    sort = factory.Sequence(lambda n: n)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    region = factory.SubFactory(DistrictFactory)
    post = factory.Sequence(lambda n: f"副区长{n}")
    is_leader = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    region = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"U{n + 1:04d}")
    name = factory.Sequence(lambda n: f"测试街道{n + 1}")
    kind = UnitKind.STREET
    head = factory.SubFactory(
        PersonFactory, region=factory.SelfAttribute("..region"), is_leader=False
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805, PT004
        if create:
            obj.save()


def office_for(region: Region, **kwargs: object) -> User:
    return cast(User, UserFactory(role=Role.OFFICE, region=region, **kwargs))


def reporter_for(unit: Unit, **kwargs: object) -> User:
    return cast(User, UserFactory(role=Role.REPORTER, unit=unit, region=unit.region, **kwargs))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"P{n + 1:04d}")
    name = factory.Sequence(lambda n: f"测试项目{n + 1}")
    unit = factory.SubFactory(UnitFactory)
    region = factory.SelfAttribute("unit.region")
    leader = factory.SubFactory(PersonFactory, region=factory.SelfAttribute("..region"))
    unit_head = factory.SelfAttribute("unit.head")
    category = ProjectCategory.URBAN
    total_investment = Decimal("10000.00")
    start_date = dt.date(2013, 1, 1)
    target_date = dt.date(2015, 12, 31)
    state = ProjectState.UNDER_CONSTRUCTION


def plan_for(project: Project, year: int, months: list[int | str | Decimal]) -> InvestmentPlan:
    """An investment plan with the given 12 monthly amounts (the annual amount is their sum)."""
    amounts = [Decimal(str(v)) for v in months]
    return InvestmentPlan.objects.create(
        project=project,
        year=year,
        annual_amount=sum(amounts, Decimal("0")),
        **dict(zip(MONTH_FIELDS, amounts, strict=True)),
    )


def report_for(
    project: Project,
    year: int,
    month: int,
    amount: int | str | Decimal,
    state: str = ReportState.APPROVED,
) -> MonthlyReport:
    """A monthly report written straight to the table (tests of figures, not of the workflow)."""
    return MonthlyReport.objects.create(
        project=project,
        year=year,
        month=month,
        amount=Decimal(str(amount)),
        state=state,
        due_date=report_due_date(year, month),
    )


def publish(region: Region, year: int, month: int) -> Publication:
    return Publication.objects.create(region=region, year=year, month=month)
