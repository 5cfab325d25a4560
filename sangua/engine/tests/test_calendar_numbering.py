"""Working-day numbers (``Numbering``): the closed forms of ``all`` and ``mon-fri`` from year 1 to
9999, a calendar's own exceptions patched in, ``cn`` numbered over its known years once per official
calendar. Checked against the plain rule, day by day, without the engine. No Django."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sangua.engine import calendar as wd
from sangua.engine.calendar import POISON, Calendar, CalendarError, OfficialCalendar
from sangua.engine.tests.test_calendar import OFFICIAL_2013


def works(cal: Calendar, day: date) -> bool:
    """The rule, read off the calendar's data."""
    if day in cal.workdays:
        return True
    if day in cal.holidays:
        return False
    if cal.base == "all":
        return True
    if cal.official is not None:
        if day in cal.official.workdays:
            return True
        if day in cal.official.holidays:
            return False
    return day.weekday() < 5


def walk_next(cal: Calendar, day: date, n: int) -> date:
    """The n-th working day on or after ``day``, walking."""
    while True:
        if works(cal, day):
            n -= 1
            if n == 0:
                return day
        day += timedelta(1)


any_day = st.dates(date(1, 1, 8), date(9999, 12, 20))


@st.composite
def closed_calendars(draw: st.DrawFn) -> Calendar:
    base = draw(st.sampled_from(["all", "mon-fri"]))
    around = draw(any_day)
    low = date.fromordinal(max(around.toordinal() - 60, 1))
    near = st.dates(low, around + timedelta(10))
    holidays = draw(st.frozensets(near, max_size=8))
    workdays = draw(st.frozensets(near, max_size=8)) - holidays
    return Calendar(base, holidays=holidays, workdays=workdays)


@settings(max_examples=300, deadline=None)
@given(closed_calendars(), any_day, st.integers(1, 12))
def test_numbers_agree_with_walking_day_by_day(cal: Calendar, day: date, n: int) -> None:
    numbering = cal.numbering(day.toordinal())
    o = day.toordinal()

    first = numbering.count(o)
    assert date.fromordinal(numbering.day(first)) == walk_next(cal, day, 1)
    assert date.fromordinal(numbering.day(first + n - 1)) == walk_next(cal, day, n)
    assert numbering.count(o + 1) - first == works(cal, day)
    assert wd.next(cal, day, n, False) == walk_next(cal, day, n)


@settings(max_examples=100, deadline=None)
@given(closed_calendars(), st.lists(any_day, min_size=1, max_size=30))
def test_bulk_days_agree_with_day(cal: Calendar, days: list[date]) -> None:
    numbering = cal.numbering(days[0].toordinal())
    numbers = [numbering.count(d.toordinal()) for d in days]

    assert numbering.days(numbers) == [numbering.day(k) for k in numbers]


def test_on_all_a_days_number_is_its_ordinal() -> None:
    numbering = Calendar("all").numbering(1)

    assert numbering.count(735000) == 735000
    assert numbering.days([1, 735000]) == [1, 735000]


@pytest.mark.parametrize("base", ["all", "mon-fri"])
def test_the_ends_of_time(base: str) -> None:
    cal = Calendar(base)
    first, last = date(1, 1, 1), date(9999, 12, 31)  # a Monday and a Friday

    assert wd.next(cal, last, 1, False) == last
    assert wd.prev(cal, first, 1, False) == first
    assert wd.is_working(cal, last)
    with pytest.raises(CalendarError, match="date out of range"):
        wd.next(cal, last, 1, True)
    with pytest.raises(CalendarError, match="date out of range"):
        wd.prev(cal, first, 1, True)


def test_cn_is_numbered_once_per_official_calendar() -> None:
    official = OfficialCalendar(OFFICIAL_2013.holidays, OFFICIAL_2013.workdays, frozenset({2013}))
    a, b = Calendar("cn", official=official), Calendar("cn", official=official, name="admin")
    o = date(2013, 5, 6).toordinal()

    assert (
        a.numbering(o)
        is b.numbering(o)
        is official.numbering((date(2013, 1, 1).toordinal(), date(2014, 1, 1).toordinal()))
    )
    own = Calendar("cn", official=official, holidays=frozenset({date(2013, 5, 7)}))
    assert own.numbering(o) is not a.numbering(o)  # its own exception: its own arrays
    assert not wd.is_working(own, date(2013, 5, 7))
    assert wd.is_working(a, date(2013, 5, 7))


def test_cn_counts_only_inside_its_known_years() -> None:
    cal = Calendar("cn", official=OFFICIAL_2013)
    numbering = cal.numbering(date(2013, 5, 6).toordinal())
    first, after = date(2013, 1, 1).toordinal(), date(2014, 1, 1).toordinal()

    assert numbering.count(first) == 0
    assert numbering.count(after) == numbering.kmax  # every working day of 2013 lies before it
    assert numbering.count(first - 1) == numbering.count(after + 1) == POISON
    # As bounds: "on or after" a day before the known years is no later than the first one.
    assert numbering.count_from(first - 1) == -POISON
    assert numbering.last_on_or_before(after) == POISON
    assert numbering.last_on_or_before(first - 2) == -POISON
    with pytest.raises(CalendarError, match=r"known years of calendar cn \(cn: 2013\)"):
        wd.working_days_between(cal, date(2013, 12, 1), date(2014, 1, 2))


def test_cn_with_two_runs_of_known_years_numbers_the_run_around_the_day() -> None:
    official = OfficialCalendar(
        OFFICIAL_2013.holidays | {date(2015, 10, 1)},
        OFFICIAL_2013.workdays,
        frozenset({2013, 2015}),
    )
    cal = Calendar("cn", official=official)

    assert wd.next(cal, date(2015, 9, 30), 1, True) == date(2015, 10, 2)
    assert wd.next(cal, date(2013, 9, 30), 1, True) == date(2013, 10, 8)
    with pytest.raises(CalendarError, match="2013, 2015"):
        wd.next(cal, date(2013, 12, 31), 1, True)  # 2014 is not known
