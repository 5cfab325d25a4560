"""Deadlines and overdue days in working days of the official calendar (``cn``, 调休 included).

All arithmetic is the engine's (``sangua.engine.calendar``); the official holiday data comes from
the planning app's table, which the office extends (``official()``). This module only says which question to ask:

- a deadline of N working days from assignment is the N-th working day *after* the assignment
  day (the day of assignment does not count);
- working days overdue on a day are the working days after the deadline up to and including it;
- working days left are the working days after today up to and including the deadline.

A date outside the years the official calendar knows (the office adds each year as the State
Council publishes it) cannot be answered exactly: counting then falls back to Monday–Friday and
logs a warning, so the daily job keeps chasing items instead of stopping.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils.translation import gettext as _

from sangua.core.errors import ValidationFailed
from sangua.engine import calendar as engine

logger = logging.getLogger(__name__)

MON_FRI = engine.Calendar(base="mon-fri", name="mon-fri")


_calendars: dict[int, tuple[engine.OfficialCalendar, engine.Calendar]] = {}


def official() -> engine.Calendar:
    """The ``cn`` calendar of the official working days: the planning app's table, as the office
    keeps it, so a year it adds counts (``current_official_calendar()``; cached across requests,
    as lists ask for every row, and read again when the office changes it).

    One engine calendar per official data object, so its working days are numbered once.
    """
    from sangua.planning.calendars import current_official_calendar

    data = current_official_calendar(max_age=3600)
    cached = _calendars.get(id(data))
    if cached is None or cached[0] is not data:
        cached = (data, engine.Calendar(base="cn", official=data, name="cn"))
        _calendars.clear()  # only the current table's calendar is worth keeping
        _calendars[id(data)] = cached
    return cached[1]


def deadline_after(assigned_on: dt.date, days: int, cal: engine.Calendar | None = None) -> dt.date:
    """The deadline ``days`` working days after the assignment day (ValidationFailed if unknown)."""
    cal = cal or official()
    try:
        return engine.next(cal, assigned_on, days, True)
    except engine.CalendarError as error:
        raise ValidationFailed(
            "calendar_unknown",
            _(
                "The official calendar does not cover {day} plus {days} working days ({error}); "
                "give the deadline as a date."
            ).format(day=assigned_on, days=days, error=error),
            field="deadline_days",
        ) from None


def _between(cal: engine.Calendar, first: dt.date, end: dt.date) -> int:
    try:
        return engine.working_days_between(cal, first, end)
    except engine.CalendarError as error:
        logger.warning("official calendar: %s; counting Monday to Friday instead", error)
        return engine.working_days_between(MON_FRI, first, end)


def working_days_overdue(
    deadline: dt.date, today: dt.date, cal: engine.Calendar | None = None
) -> int:
    """Working days in (deadline, today]: 0 until the first working day after the deadline."""
    if today <= deadline:
        return 0
    one = dt.timedelta(days=1)
    return _between(cal or official(), deadline + one, today + one)


def working_days_left(deadline: dt.date, today: dt.date, cal: engine.Calendar | None = None) -> int:
    """Working days in (today, deadline]: 0 on the deadline day itself (and after it)."""
    if deadline <= today:
        return 0
    one = dt.timedelta(days=1)
    return _between(cal or official(), today + one, deadline + one)


def is_working_day(day: dt.date, cal: engine.Calendar | None = None) -> bool:
    """Whether ``day`` is an official working day (Monday–Friday outside the known years)."""
    one = dt.timedelta(days=1)
    return _between(cal or official(), day, day + one) == 1
