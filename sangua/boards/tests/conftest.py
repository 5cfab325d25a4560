"""Fixtures of the boards' tests: demo regions, signing in as a demo user, typed factories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pytest
from django.test import Client

from sangua.core.testing.factories import DistrictFactory, ProjectFactory, UnitFactory
from sangua.orgs.models import Region, Unit, User
from sangua.projects.models import Project

Login = Callable[[str], Client]


@pytest.fixture
def liandu(db: None) -> Region:
    return Region.objects.get(code="331102")


@pytest.fixture
def lishui(db: None) -> Region:
    return Region.objects.get(code="331100")


@pytest.fixture
def login(db: None, client: Client) -> Login:
    """Sign the test client in as a demo user by user name."""

    def _login(username: str) -> Client:
        client.force_login(User.objects.get(username=username))
        return client

    return _login


# factory_boy is untyped; these say what each factory returns.
def new_district() -> Region:
    return cast(Region, DistrictFactory())  # type: ignore[no-untyped-call]


def new_unit(region: Region) -> Unit:
    return cast(Unit, UnitFactory(region=region))  # type: ignore[no-untyped-call]


def new_project(**kwargs: Any) -> Project:
    return cast(Project, ProjectFactory(**kwargs))  # type: ignore[no-untyped-call]
