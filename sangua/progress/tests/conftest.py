"""Fixtures of the report tests: an isolated district with one project, its unit and its office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from sangua.core.testing.factories import (
    DistrictFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
    office_for,
    plan_for,
    reporter_for,
)
from sangua.orgs.choices import Role
from sangua.orgs.models import Region, Unit, User
from sangua.projects.models import Project


def months_ago(n: int) -> tuple[int, int]:
    """The (year, month) n months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - n
    return index // 12, index % 12 + 1


@dataclass
class Place:
    district: Region
    unit: Unit
    project: Project
    reporter: User
    office: User
    viewer: User
    year: int
    month: int  # a month two months back: over, reportable, its due date passed


@pytest.fixture
def place(db) -> Place:
    district = DistrictFactory()
    unit = UnitFactory(region=district)
    project = ProjectFactory(unit=unit)
    year, month = months_ago(2)
    plan_for(project, year, [100] * 12)
    return Place(
        district=district,
        unit=unit,
        project=project,
        reporter=reporter_for(unit),
        office=office_for(district),
        viewer=UserFactory(role=Role.VIEWER, region=district),
        year=year,
        month=month,
    )


@pytest.fixture
def login(db, client):
    """Sign the test client in as a demo user (by user name) or as a given user."""

    def _login(who: str | User):
        user = who if isinstance(who, User) else User.objects.get(username=who)
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages and messages are checked in English, their message ids; the Chinese catalogue is
    checked by sangua/core/tests/test_translations.py (see docs/translation.md)."""
    settings.LANGUAGE_CODE = "en"
