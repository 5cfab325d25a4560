"""Fixtures of the boards' tests: demo regions, signing in as a demo user, typed factories, and
supervision items with a red placard or closed on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from pytest_django import Settings

from sangua.core.testing.factories import DistrictFactory, ProjectFactory, UnitFactory
from sangua.orgs.models import Region, Unit, User
from sangua.projects.models import Project
from sangua.supervision import services as supervision_services
from sangua.supervision.choices import Category, Evaluation, ItemState, Placard, Source
from sangua.supervision.models import SupervisionItem

Login = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _english(settings: Settings) -> None:
    """Pages are checked in English, their message ids; the Chinese catalogue (locale/) is the
    translators' to check, and must not turn these assertions into translation tests."""
    settings.LANGUAGE_CODE = "en"


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


# --- supervision items, written through the supervision services with fixed 2013 times ---------


def at(day: str, hour: int = 10) -> dt.datetime:
    """A time in China on a day given as YYYY-MM-DD."""
    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, hour, tzinfo=ZoneInfo("Asia/Shanghai"))


def red_item(unit: Unit, title: str, *, opened: str, deadline: str, red_on: str) -> SupervisionItem:
    """An item of the unit opened by Liandu's supervisor, its red placard hung on ``red_on``."""
    supervisor = User.objects.get(username="supervisor")
    with supervision_services.notices_suppressed():
        item = supervision_services.item_open(
            by=supervisor,
            title=title,
            category=Category.OTHER,
            source=Source.INSPECTION,
            unit=unit,
            deadline=dt.date.fromisoformat(deadline),
            at=at(opened),
        )
        supervision_services.placard_set(
            item=item, placard=Placard.RED, at=at(red_on), overdue_days=6
        )
    return item


def closed_item(unit: Unit, title: str, *, opened: str, closed: str) -> SupervisionItem:
    """An item closed (销号) on a day; its history is not the point, only when it closed."""
    item = red_item(unit, title, opened=opened, deadline=closed, red_on=opened)
    SupervisionItem.objects.filter(pk=item.pk).update(
        state=ItemState.CLOSED,
        closed_at=at(closed),
        closed_on_time=True,
        evaluation=Evaluation.SATISFACTORY,
    )
    return item
