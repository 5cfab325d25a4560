"""Working-day arithmetic (SPEC §4): next/prev on the all, mon-fri and cn bases, exceptions, and the
known years of the official calendar. No Django, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sangua.engine import calendar as wd
from sangua.engine.calendar import Calendar, CalendarError, OfficialCalendar

# The State Council's 2013 holidays (国务院办公厅 2012-12-08), written out by hand so that these
# tests do not depend on the chinesecalendar package: holidays off, make-up days (调休) on.
HOLIDAYS_2013 = [
    *(date(2013, 1, d) for d in (1, 2, 3)),  # 元旦
    *(date(2013, 2, d) for d in range(9, 16)),  # 春节
    *(date(2013, 4, d) for d in (4, 5, 6)),  # 清明节
    date(2013, 4, 29),  # 劳动节
    date(2013, 4, 30),
    date(2013, 5, 1),
    *(date(2013, 6, d) for d in (10, 11, 12)),  # 端午节
    *(date(2013, 9, d) for d in (19, 20, 21)),  # 中秋节
    *(date(2013, 10, d) for d in range(1, 8)),  # 国庆节
]
WORKDAYS_2013 = [
    date(2013, 1, 5),
    date(2013, 1, 6),
    date(2013, 2, 16),
    date(2013, 2, 17),
    date(2013, 4, 7),
    date(2013, 4, 27),
    date(2013, 4, 28),
    date(2013, 6, 8),
    date(2013, 6, 9),
    date(2013, 9, 22),
    date(2013, 9, 29),
    date(2013, 10, 12),
]
OFFICIAL_2013 = OfficialCalendar(
    holidays=frozenset(HOLIDAYS_2013), workdays=frozenset(WORKDAYS_2013), years=frozenset({2013})
)
CN = Calendar("cn", official=OFFICIAL_2013, name="admin")
ALL = Calendar("all")
MON_FRI = Calendar("mon-fri")
CREW = Calendar(
    "mon-fri",
    holidays=frozenset({date(2013, 10, 1)}),
    workdays=frozenset({date(2013, 9, 29)}),
    name="crew",
)


def d(month: int, day: int) -> date:
    return date(2013, month, day)


# --- next and prev, by hand ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "day", "n", "strict", "expected"),
    [
        # all: every day works
        (ALL, d(5, 11), 1, False, d(5, 11)),
        (ALL, d(5, 11), 1, True, d(5, 12)),
        (ALL, d(5, 24), 4, True, d(5, 28)),
        (ALL, d(12, 30), 3, False, date(2014, 1, 1)),
        # mon-fri: Friday 10 May, Saturday 11 May 2013
        (MON_FRI, d(5, 10), 1, False, d(5, 10)),
        (MON_FRI, d(5, 10), 1, True, d(5, 13)),
        (MON_FRI, d(5, 11), 1, False, d(5, 13)),
        (MON_FRI, d(5, 11), 1, True, d(5, 13)),
        (MON_FRI, d(5, 6), 10, False, d(5, 17)),
        # cn: National Day 2013, 1–7 October off, Sunday 29 September and Saturday 12 October on
        (CN, d(9, 28), 1, False, d(9, 29)),
        (CN, d(9, 30), 1, True, d(10, 8)),
        (CN, d(10, 1), 1, False, d(10, 8)),
        (CN, d(10, 11), 1, True, d(10, 12)),
        (CN, d(10, 12), 1, True, d(10, 14)),
        (CN, d(5, 6), 10, False, d(5, 17)),
        # mid-autumn: 19–21 September off, Sunday 22 September on
        (CN, d(9, 18), 1, True, d(9, 22)),
        # crew: mon-fri with 1 October off and Sunday 29 September on
        (CREW, d(9, 28), 1, False, d(9, 29)),
        (CREW, d(9, 30), 1, True, d(10, 2)),
    ],
)
def test_next(cal: Calendar, day: date, n: int, strict: bool, expected: date) -> None:
    assert wd.next(cal, day, n, strict) == expected


@pytest.mark.parametrize(
    ("cal", "day", "n", "strict", "expected"),
    [
        (ALL, d(11, 2), 4, False, d(10, 30)),
        (ALL, d(11, 2), 1, True, d(11, 1)),
        (ALL, d(12, 31), 60, False, d(11, 2)),
        (MON_FRI, d(5, 12), 1, False, d(5, 10)),
        (MON_FRI, d(5, 13), 1, True, d(5, 10)),
        (MON_FRI, d(5, 13), 1, False, d(5, 13)),
        (CN, d(10, 30), 1, True, d(10, 29)),
        (CN, d(10, 29), 5, False, d(10, 23)),
        (CN, d(10, 23), 1, True, d(10, 22)),
        (CN, d(10, 22), 10, False, d(10, 10)),  # through Saturday 12 October, a working day
        (CN, d(10, 8), 1, True, d(9, 30)),
        (CN, d(10, 7), 1, False, d(9, 30)),
        (CN, d(9, 30), 2, False, d(9, 29)),
        (CREW, d(10, 2), 1, True, d(9, 30)),
        (CREW, d(9, 30), 1, True, d(9, 29)),
    ],
)
def test_prev(cal: Calendar, day: date, n: int, strict: bool, expected: date) -> None:
    assert wd.prev(cal, day, n, strict) == expected


def test_national_day_2013_working_days() -> None:
    days = [d(9, 28) + timedelta(i) for i in range(17)]  # to Monday 14 October

    working = [day for day in days if wd.is_working(CN, day)]

    assert working == [
        d(9, 29),
        d(9, 30),
        d(10, 8),
        d(10, 9),
        d(10, 10),
        d(10, 11),
        d(10, 12),
        d(10, 14),
    ]
    assert wd.working_days_between(CN, d(9, 28), d(10, 13)) == 7
    assert wd.working_days_between(CN, d(10, 13), d(9, 28)) == -7


def test_exceptions_override_the_base() -> None:
    office = Calendar(
        "cn",
        official=OFFICIAL_2013,
        holidays=frozenset({d(10, 8)}),  # an extra day off
        workdays=frozenset({d(10, 5)}),  # a Saturday inside the holiday, worked anyway
    )

    assert not wd.is_working(office, d(10, 8))
    assert wd.is_working(office, d(10, 5))
    assert wd.next(office, d(10, 1), 2, False) == d(10, 9)
    assert wd.is_working(CREW, d(9, 29))
    assert not wd.is_working(CREW, d(10, 1))
    assert wd.is_working(CREW, d(10, 2))  # a plain Wednesday: crew is not the official calendar


# --- errors --------------------------------------------------------------------------------------


def test_cn_date_outside_the_known_years() -> None:
    with pytest.raises(CalendarError, match=r'known years of calendar "admin" \(cn: 2013\)'):
        wd.next(CN, date(2014, 3, 3), 1, False)


def test_cn_arithmetic_running_past_the_known_years() -> None:
    assert wd.next(CN, d(12, 30), 2, False) == d(12, 31)

    with pytest.raises(CalendarError, match="known years"):
        wd.next(CN, d(12, 30), 3, False)
    with pytest.raises(CalendarError, match="known years"):
        wd.prev(CN, d(1, 4), 1, True)  # 1–3 January are holidays, and 2012 is unknown


def test_known_years_are_listed_in_runs() -> None:
    official = OfficialCalendar(frozenset(), frozenset(), frozenset({2004, 2005, 2006, 2030}))

    assert official.known_years() == "2004–2006, 2030"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Calendar("weekly"), 'unknown base "weekly"'),
        (lambda: Calendar("cn"), "base cn needs the official calendar"),
        (
            lambda: Calendar("all", holidays=frozenset({d(1, 1)}), workdays=frozenset({d(1, 1)})),
            "2013-01-01 is both a holiday and a workday",
        ),
    ],
)
def test_invalid_calendars(make: object, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        make()  # type: ignore[operator]


def test_n_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="n must be a whole number ≥ 1"):
        wd.next(ALL, d(1, 1), 0, False)


def test_end_of_time() -> None:
    assert wd.next(ALL, date(9999, 12, 30), 1, True) == date(9999, 12, 31)
    with pytest.raises(CalendarError, match="out of range"):
        wd.next(ALL, date(9999, 12, 30), 2, True)


# --- properties ----------------------------------------------------------------------------------


def naive_next(cal: Calendar, day: date, n: int, strict: bool, step: int) -> date:
    """Walk day by day: the reference the indexed arithmetic must agree with."""
    if strict:
        day += timedelta(step)
    while True:
        if wd.is_working(cal, day):
            n -= 1
            if n == 0:
                return day
        day += timedelta(step)


exceptions = st.frozensets(st.dates(date(2013, 1, 1), date(2013, 12, 31)), max_size=40)


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    base = draw(st.sampled_from(["all", "mon-fri", "cn"]))
    holidays = draw(exceptions)
    workdays = draw(exceptions) - holidays
    if base == "all":
        holidays = frozenset(list(holidays)[:5])  # keep some working days in every stretch
    return Calendar(
        base,
        holidays=holidays,
        workdays=workdays,
        official=OFFICIAL_2013 if base == "cn" else None,
    )


middle_of_2013 = st.dates(date(2013, 3, 1), date(2013, 10, 31))


@settings(max_examples=150, deadline=None)
@given(calendars(), middle_of_2013, st.integers(1, 25), st.booleans())
def test_next_and_prev_agree_with_walking_day_by_day(
    cal: Calendar, day: date, n: int, strict: bool
) -> None:
    assert wd.next(cal, day, n, strict) == naive_next(cal, day, n, strict, +1)
    assert wd.prev(cal, day, n, strict) == naive_next(cal, day, n, strict, -1)


@settings(max_examples=150, deadline=None)
@given(calendars(), middle_of_2013, st.integers(1, 25), st.booleans())
def test_next_and_prev_are_inverses(cal: Calendar, day: date, n: int, strict: bool) -> None:
    working = wd.next(cal, day, 1, False)

    assert wd.prev(cal, wd.next(cal, working, n, strict), n, strict) == working
    assert wd.next(cal, wd.prev(cal, working, n, strict), n, strict) == working
    # Counting: next(day, n, not strict) is the n-th working day of [day, ...].
    end = wd.next(cal, day, n, False)
    assert wd.working_days_between(cal, day, end + timedelta(1)) == n


def test_the_official_calendar_is_ignored_by_all_and_mon_fri() -> None:
    official = OfficialCalendar(
        frozenset({date(2012, 6, 22)}), frozenset(), frozenset(range(2004, 2027))
    )

    every_day = Calendar(base="all", official=official)
    weekdays = Calendar(base="mon-fri", official=official)

    assert wd.next(every_day, date(2012, 6, 18), 90, False) == date(2012, 9, 15)
    assert wd.is_working(every_day, date(2012, 6, 23))  # a Saturday counts in calendar days
    assert wd.is_working(weekdays, date(2012, 6, 22))  # the official holiday does not apply
