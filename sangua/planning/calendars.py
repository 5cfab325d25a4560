"""The official calendar (法定节假日) the engine's ``cn`` base reads, built outside the engine.

The base comes from the ``chinesecalendar`` package: every year it knows, with its holidays and
make-up working days (调休). The office can extend it when the State Council publishes the next
year's holidays (a database table, overlaid by the caller through the ``extra_*`` arguments):
an extra holiday or workday overrides the package's verdict for that day, and an extra year
counts as known.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from sangua.engine.calendar import OfficialCalendar

__all__ = ["current_official_calendar", "official_calendar"]


@cache
def _package_calendar() -> OfficialCalendar:
    import chinese_calendar

    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    # The package answers for every year from its first to its last holiday (its own check).
    first, last = min(holidays).year, max(holidays).year
    return OfficialCalendar(holidays, workdays, frozenset(range(first, last + 1)))


@cache
def _overlaid(
    extra_holidays: frozenset[date], extra_workdays: frozenset[date], extra_years: frozenset[int]
) -> OfficialCalendar:
    base = _package_calendar()
    return OfficialCalendar(
        holidays=(base.holidays - extra_workdays) | extra_holidays,
        workdays=(base.workdays - extra_holidays) | extra_workdays,
        years=base.years | extra_years,
    )


def official_calendar(
    extra_holidays: Iterable[date] = (),
    extra_workdays: Iterable[date] = (),
    extra_years: Iterable[int] = (),
) -> OfficialCalendar:
    """The official calendar: the package's years, overlaid with the office's entries.

    The result is cached (the engine caches its working-day arrays on it), so the same entries
    give the same object.
    """
    holidays, workdays = frozenset(extra_holidays), frozenset(extra_workdays)
    both = holidays & workdays
    if both:
        raise ValueError(f"{min(both)} is both an extra holiday and an extra workday")
    years = frozenset(extra_years)
    if not (holidays or workdays or years):
        return _package_calendar()
    return _overlaid(holidays, workdays, years)


def current_official_calendar() -> OfficialCalendar:
    """The official calendar as the office keeps it: the database table (seeded from the package,
    extended by the office), cached until the table changes (one small query per call)."""
    from django.db.models import Count, Max

    from .models import CalendarDay, CalendarYear

    stamp = (
        CalendarDay.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at")),
        CalendarYear.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at")),
    )
    key = repr(stamp)
    cached = _table_cache.get("calendar")
    if cached is not None and cached[0] == key:
        return cached[1]
    holidays, workdays = [], []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == "holiday" else workdays).append(day)
    calendar = OfficialCalendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
    )
    _table_cache["calendar"] = (key, calendar)
    return calendar


_table_cache: dict[str, tuple[str, OfficialCalendar]] = {}
