"""The official calendar (法定节假日) the engine's ``cn`` base reads, built outside the engine.

The product's calendar is the database table (:class:`~sangua.planning.models.CalendarYear`,
:class:`~sangua.planning.models.CalendarDay`): seeded from the ``chinesecalendar`` package by a
migration, extended by the office each year when the State Council publishes the next year's
holidays (``calendar_services``, the admin pages, ``sangua calendar import``).
:func:`current_official_calendar` reads it. The package alone (:func:`official_calendar`) serves
where there is no database: ``sangua schedule`` on a machine without one.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Iterable
from datetime import date
from functools import cache, partial
from pathlib import Path

from sangua.engine.calendar import OfficialCalendar

__all__ = [
    "calendar_changed",
    "current_official_calendar",
    "forget_official_calendar",
    "official_calendar",
    "official_calendar_for_command",
]


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
    """The official calendar of the package, overlaid with extra entries (no database).

    The result is cached (the engine numbers its working days once per object), so the same
    entries give the same object.
    """
    holidays, workdays = frozenset(extra_holidays), frozenset(extra_workdays)
    both = holidays & workdays
    if both:
        raise ValueError(f"{min(both)} is both an extra holiday and an extra workday")
    years = frozenset(extra_years)
    if not (holidays or workdays or years):
        return _package_calendar()
    return _overlaid(holidays, workdays, years)


# The calendar last read from the table, for readers who may use it across requests:
# (the table's stamp, the calendar, when it was checked, the change file's stamp then).
_table_cache: dict[str, tuple[str, OfficialCalendar, float, int]] = {}
# The outermost transactions (their Atomic) in which this process changed the calendar
# (calendar_services): until one commits, its reads see its changes and stay out of the cache.
# Weak: a transaction rolled back leaves nothing behind.
_changing: weakref.WeakSet[object] = weakref.WeakSet()


def _change_file() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "official-calendar.changed"


def _change_stamp() -> int:
    try:
        return _change_file().stat().st_mtime_ns
    except OSError:
        return 0


def _transaction() -> object | None:
    from django.db import connection

    return connection.atomic_blocks[0] if connection.in_atomic_block else None


def _changing_now() -> bool:
    current = _transaction()
    return current is not None and current in _changing


def current_official_calendar(*, max_age: float = 0.0) -> OfficialCalendar:
    """The official calendar as the office keeps it: the database table.

    By default each call looks whether the table changed (two small aggregate queries) and reads
    it again only if so. With ``max_age`` (for callers that ask once per row of a list, such as
    supervision deadlines), the calendar last read is used without a query: it is looked at again
    when the office changes the calendar (``calendar_services`` touches a file under ``var/`` as
    its change commits, which every process on this machine notices) and otherwise at most every
    ``max_age`` seconds (for processes on other machines)."""
    changing = _changing_now()
    if max_age > 0 and not changing:
        cached = _table_cache.get("shared")
        if (
            cached is not None
            and time.monotonic() - cached[2] < max_age
            and cached[3] == _change_stamp()
        ):
            return cached[1]
    slot = "shared" if max_age > 0 else "checked"
    file_stamp = _change_stamp()

    from django.db.models import Count, Max

    from .models import CalendarDay, CalendarYear

    stamp = (
        CalendarDay.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at")),
        CalendarYear.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at")),
    )
    key = repr(stamp)
    cached = _table_cache.get(slot) or _table_cache.get("checked" if slot == "shared" else "shared")
    if cached is not None and cached[0] == key:
        calendar = cached[1]
    else:
        holidays: list[date] = []
        workdays: list[date] = []
        for day, kind in CalendarDay.objects.values_list("date", "kind"):
            (holidays if kind == "holiday" else workdays).append(day)
        calendar = OfficialCalendar(
            holidays=frozenset(holidays),
            workdays=frozenset(workdays),
            years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
        )
    if not changing:  # a change not yet committed may yet be rolled back: keep it out
        _table_cache[slot] = (key, calendar, time.monotonic(), file_stamp)
    return calendar


def calendar_changed() -> None:
    """Called by the calendar's writers inside their transaction: its own reads see the change at
    once, and once it commits every process on this machine does."""
    from django.db import transaction

    current = _transaction()
    if current is not None:
        _changing.add(current)
    transaction.on_commit(partial(_committed, current))


def _committed(changed_in: object | None) -> None:
    if changed_in is not None:
        _changing.discard(changed_in)
    forget_official_calendar()
    try:
        path = _change_file()
        path.touch()
        os.utime(path)  # a new stamp even when the file already exists
    except OSError:
        pass  # no writable var/: other processes see the change within their max_age


def forget_official_calendar() -> None:
    """Drop the cached calendars: the next read looks at the table."""
    _table_cache.clear()


def official_calendar_for_command() -> tuple[OfficialCalendar, str]:
    """The calendar a console command computes with, and where it came from: the table when the
    database is there and migrated (``"table"``), else the package (``"package"``)."""
    from django.conf import settings
    from django.db import DatabaseError

    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if "sqlite" in database["ENGINE"] and not name.startswith(("file:", ":memory:")):
        if not Path(name).exists():
            return official_calendar(), "package"  # connecting would create an empty file
    try:
        from .models import CalendarYear

        if CalendarYear.objects.exists():
            return current_official_calendar(), "table"
    except (DatabaseError, RuntimeError):  # RuntimeError: a process barred from it (tests)
        pass
    return official_calendar(), "package"
