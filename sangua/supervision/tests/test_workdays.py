"""Deadlines in working days of the official calendar, across holidays and make-up days (调休)."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.supervision import services, workdays
from sangua.supervision.choices import Category, Source

from .helpers import at

D = dt.date

pytestmark = pytest.mark.django_db  # the official calendar may come from the database


@pytest.mark.parametrize(
    ("assigned", "days", "deadline"),
    [
        # Fri 27 Sep 2013: Sun 29 Sep is a make-up working day, Mon 30 Sep works, 1–7 Oct is
        # National Day, so the 3rd–5th working days are 8, 9 and 10 October.
        (D(2013, 9, 27), 5, D(2013, 10, 10)),
        (D(2013, 9, 27), 1, D(2013, 9, 29)),
        (D(2013, 9, 27), 2, D(2013, 9, 30)),
        (D(2013, 9, 27), 3, D(2013, 10, 8)),
        # Sat 12 Oct 2013 is a make-up working day too
        (D(2013, 10, 10), 2, D(2013, 10, 12)),
        # an ordinary week: Monday + 5 → next Monday
        (D(2013, 11, 4), 5, D(2013, 11, 11)),
        # assigned on a holiday: the count starts at the next working day
        (D(2013, 10, 3), 1, D(2013, 10, 8)),
        # Spring Festival 2013: 9–15 Feb off, 16–17 Feb (Sat, Sun) make-up days
        (D(2013, 2, 8), 1, D(2013, 2, 16)),
    ],
)
def test_deadline_counts_official_working_days_after_assignment(assigned, days, deadline):
    assert workdays.deadline_after(assigned, days) == deadline


@pytest.mark.parametrize(
    ("deadline", "today", "overdue"),
    [
        (D(2013, 10, 10), D(2013, 10, 10), 0),  # the deadline day is still in time
        (D(2013, 10, 10), D(2013, 10, 11), 1),
        (D(2013, 10, 10), D(2013, 10, 12), 2),  # make-up Saturday counts
        (D(2013, 10, 10), D(2013, 10, 13), 2),  # Sunday does not
        (D(2013, 9, 30), D(2013, 10, 7), 0),  # the whole holiday is not overdue
        (D(2013, 9, 30), D(2013, 10, 8), 1),
    ],
)
def test_working_days_overdue(deadline, today, overdue):
    assert workdays.working_days_overdue(deadline, today) == overdue


@pytest.mark.parametrize(
    ("deadline", "today", "left"),
    [
        (D(2013, 10, 10), D(2013, 10, 10), 0),
        (D(2013, 10, 10), D(2013, 10, 7), 3),  # 8, 9, 10 October
        (D(2013, 10, 10), D(2013, 9, 27), 5),
    ],
)
def test_working_days_left(deadline, today, left):
    assert workdays.working_days_left(deadline, today) == left


def test_years_the_official_calendar_does_not_know_fall_back_to_monday_to_friday():
    # 2100 is far beyond any published State Council calendar
    assert workdays.working_days_overdue(D(2100, 1, 1), D(2100, 1, 8)) == 5
    assert workdays.is_working_day(D(2100, 1, 2)) is False  # a Saturday


def test_an_item_assigned_before_national_day_with_5_working_days(users, housing):
    item = services.item_open(
        by=users["supervisor"],
        title="国庆前交办",
        category=Category.LAND,
        source=Source.MEETING,
        project=housing,
        unit=housing.unit,
        deadline_days=5,
        at=at("2013-09-27", 16),
    )
    assert (item.deadline, item.deadline_days) == (D(2013, 10, 10), 5)
