"""The official calendar's admin pages: the office edits the calendar there, through the services'
rules (a pointless day is refused on the form), and other staff may only look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sangua.audit.models import AuditEntry
from sangua.core.testing.factories import UserFactory
from sangua.orgs.choices import Role
from sangua.orgs.models import Region, User
from sangua.planning.calendars import current_official_calendar
from sangua.planning.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:  # noqa: PT004
    with translation.override("en"):
        yield


def staff(role: str) -> tuple[Client, User]:
    user = UserFactory(role=role, is_staff=True, region=Region.objects.get(code="331102"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client, user


@pytest.fixture
def office() -> tuple[Client, User]:
    return staff(Role.OFFICE)


def test_the_office_adds_a_day_through_the_services(office):
    client, user = office

    response = client.post(
        reverse("admin:planning_calendarday_add"),
        {"date": "2027-10-01", "kind": "holiday", "name": "国庆节"},
    )

    assert response.status_code == 302
    day = CalendarDay.objects.get(date=D(2027, 10, 1))
    assert (day.kind, day.source, day.created_by) == ("holiday", "office", user)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor_name) == ("calendar.day_add", user.username)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"date": "2027-10-02", "kind": "holiday", "name": "国庆节"},
            "2027-10-02 is a Saturday: a weekend day is off anyway.",
        ),
        (
            {"date": "2027-10-08", "kind": "workday", "name": "国庆节"},
            "2027-10-08 is a Friday: a weekday is a working day anyway.",
        ),
    ],
)
def test_a_pointless_day_is_refused_on_the_form(office, data, message):
    client, _ = office
    before = CalendarDay.objects.count()

    response = client.post(reverse("admin:planning_calendarday_add"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert CalendarDay.objects.count() == before


def test_the_office_changes_and_removes_a_day(office):
    client, user = office
    day = CalendarDay.objects.get(date=D(2013, 10, 12))  # Saturday, make-up working day

    response = client.post(
        reverse("admin:planning_calendarday_change", args=[day.pk]),
        {"kind": "workday", "name": "国庆节调休"},
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.name, day.source) == ("国庆节调休", "office")

    refused = client.post(
        reverse("admin:planning_calendarday_change", args=[day.pk]),
        {"kind": "holiday", "name": "国庆节"},
    )
    assert "2013-10-12 is a Saturday: a weekend day is off anyway." in refused.content.decode()

    response = client.post(
        reverse("admin:planning_calendarday_delete", args=[day.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=D(2013, 10, 12)).exists()
    assert AuditEntry.objects.order_by("-seq").first().action == "calendar.day_remove"


def test_the_office_marks_a_year_known(office):
    client, user = office

    response = client.post(
        reverse("admin:planning_calendaryear_add"), {"year": "2027", "note": "国办发明电"}
    )

    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.created_by, year.note) == ("office", user, "国办发明电")
    assert 2027 in current_official_calendar().years


def test_the_year_list_counts_each_years_days(office):
    client, _ = office

    response = client.get(reverse("admin:planning_calendaryear_changelist"))

    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.year == 2013)
    assert (row.n_holidays, row.n_workdays) == (23, 12)


def test_a_published_year_cannot_be_removed(office):
    client, _ = office
    year = CalendarYear.objects.get(year=2013)

    response = client.post(
        reverse("admin:planning_calendaryear_delete", args=[year.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert CalendarYear.objects.filter(year=2013).exists()


def test_other_staff_may_look_but_not_write():
    client, _ = staff(Role.SUPERVISOR)
    day = CalendarDay.objects.get(date=D(2013, 10, 1))

    assert client.get(reverse("admin:planning_calendarday_changelist")).status_code == 200
    assert client.get(reverse("admin:planning_calendarday_add")).status_code == 403
    response = client.post(
        reverse("admin:planning_calendarday_change", args=[day.pk]),
        {"kind": "workday", "name": "x"},
    )
    assert response.status_code == 403
    day.refresh_from_db()
    assert day.kind == "holiday"
