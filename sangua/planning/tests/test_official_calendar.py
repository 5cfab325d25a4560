"""The official calendar table: seeded from the package, extended by the office, read by the engine."""

import datetime as dt

import pytest

from sangua.engine.calendar import Calendar, CalendarError, is_working
from sangua.engine.calendar import next as next_working
from sangua.planning.calendars import current_official_calendar, official_calendar
from sangua.planning.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_the_seeded_table_says_what_the_package_says_for_every_known_day():
    table, package = (
        Calendar(base="cn", official=current_official_calendar()),
        Calendar(base="cn", official=official_calendar()),
    )
    day = dt.date(2004, 1, 1)
    while day.year <= 2026:
        assert is_working(table, day) == is_working(package, day), day
        day += dt.timedelta(days=1)


def test_national_day_2013_from_the_table():
    cal = Calendar(base="cn", official=current_official_calendar())
    assert not is_working(cal, dt.date(2013, 10, 1))
    assert is_working(cal, dt.date(2013, 9, 29))  # Sunday, make-up working day
    assert is_working(cal, dt.date(2013, 10, 12))  # Saturday, make-up working day
    assert next_working(cal, dt.date(2013, 9, 30), 1, True) == dt.date(2013, 10, 8)


def test_a_year_the_office_adds_becomes_known_and_its_days_count():
    cal = Calendar(base="cn", official=current_official_calendar())
    with pytest.raises(CalendarError):
        next_working(cal, dt.date(2027, 1, 4), 1, False)

    CalendarYear.objects.create(year=2027, source="office")
    CalendarDay.objects.create(
        date=dt.date(2027, 1, 1), kind="holiday", name="元旦", source="office"
    )
    cal = Calendar(base="cn", official=current_official_calendar())

    assert 2027 in current_official_calendar().years
    assert next_working(cal, dt.date(2026, 12, 31), 1, True) == dt.date(2027, 1, 4)


def test_an_edited_day_is_seen_at_once():
    day = CalendarDay.objects.get(date=dt.date(2013, 10, 12))
    assert day.date in current_official_calendar().workdays
    day.kind = "holiday"
    day.save()
    assert day.date in current_official_calendar().holidays
