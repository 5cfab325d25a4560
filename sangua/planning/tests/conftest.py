"""Fixtures of the plan tests: Liandu's demo users and projects, a freshly generated plan.

Status dates are always given explicitly (2013 and 2014, years the official calendar knows), so
that the tests do not depend on today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from sangua.orgs.models import Unit, User
from sangua.planning import services
from sangua.planning.models import Plan, PlanNode
from sangua.projects.models import Project

STATUS = dt.date(2013, 10, 23)


@pytest.fixture
def user(db) -> Callable[[str], User]:
    return lambda name: User.objects.get(username=name)


@pytest.fixture
def office(user) -> User:
    return user("office")


@pytest.fixture
def reporter(user) -> User:
    """联城街道's reporter."""
    return user("reporter")


@pytest.fixture
def client_for(db) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=name))
        return client

    return make


def project(fragment: str) -> Project:
    return Project.objects.select_related("region", "unit").get(name__contains=fragment)


@pytest.fixture
def fresh_project(db) -> Project:
    """A Liandu project the demo gave no plan (丽水经济开发区富岭片区基础设施, 区发改局)."""
    found = project("富岭片区")
    assert not Plan.objects.filter(project=found).exists()
    return found


@pytest.fixture
def generated(fresh_project, office) -> Plan:
    """A transport plan generated back from 2014-12-31, status date 2013-10-23, no progress."""
    return services.plan_generate(
        project=fresh_project,
        template="transport",
        deadline=dt.date(2014, 12, 31),
        status_date=STATUS,
        by=office,
    )


def node(plan: Plan, key: str) -> PlanNode:
    return PlanNode.objects.select_related("unit", "plan__project").get(plan=plan, key=key)


def unit(name: str) -> Unit:
    return Unit.objects.get(region__code="331102", name=name)
