"""Fixtures of the accountability tests: the demo's Liandu, its users, and a small hand-made district."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sangua.core.testing.factories import (
    DistrictFactory,
    ProjectFactory,
    UnitFactory,
    office_for,
    plan_for,
    publish,
    report_for,
)
from sangua.orgs.models import Region, Unit, User
from sangua.projects.models import Project

LIANDU = "331102"


@pytest.fixture
def liandu(db) -> Region:
    return Region.objects.get(code=LIANDU)


@pytest.fixture
def user(db):
    """A demo user by user name (office, reporter, reporter2, head, leader, city, viewer, admin)."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Town:
    """A hand-made district: two units, one project each, 2013 published through ``published``."""

    region: Region
    office: User
    east: Unit
    west: Unit
    east_project: Project
    west_project: Project


def make_town(published: int = 12) -> Town:
    region = DistrictFactory()
    east = UnitFactory(region=region, name="东城街道")
    west = UnitFactory(region=region, name="西城街道")
    east_project = ProjectFactory(unit=east)
    west_project = ProjectFactory(unit=west)
    # East: 100 a month planned; it does 150 in Q1 and 50 afterwards (ahead year-to-date until
    # the summer, but short in every single month from April).
    plan_for(east_project, 2013, [100] * 12)
    for month in range(1, 13):
        report_for(east_project, 2013, month, 150 if month <= 3 else 50)
    # West: 200 a month planned, always met exactly.
    plan_for(west_project, 2013, [200] * 12)
    for month in range(1, 13):
        report_for(west_project, 2013, month, 200)
    for month in range(1, published + 1):
        publish(region, 2013, month)
    return Town(region, office_for(region), east, west, east_project, west_project)


@pytest.fixture
def town(db) -> Town:
    return make_town()
