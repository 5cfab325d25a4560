"""Reading a plan from the JSON of SPEC §4 (``sangua schedule PLAN.json``); every refusal is a
:class:`~sangua.engine.scheduling.model.ScheduleError` naming the task and the problem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sangua.engine.calendar import Calendar, CalendarError, OfficialCalendar

from .model import (
    BUILTIN_CALENDARS,
    Dependency,
    DependencyType,
    Plan,
    ScheduleError,
    Task,
    quoted,
)

__all__ = ["plan_from_json"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: object, where: str) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ScheduleError(f"{where}: malformed date {quoted(value)} (expected YYYY-MM-DD)")


def _optional_date(data: Mapping[str, Any], key: str, where: str) -> date | None:
    value = data.get(key)
    return None if value is None else _date(value, f"{where}{key}")


def _whole(value: object, where: str) -> int:
    """A JSON whole number (``3`` or ``3.0``), not a boolean or a string."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScheduleError(f"{where} must be a whole number, got {quoted(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ScheduleError(f"{where} must be a whole number, got {quoted(value)}")
        return int(value)
    return value


def _calendar_from_json(name: str, data: object, official: OfficialCalendar | None) -> Calendar:
    where = f"calendar {quoted(name)}"
    if not isinstance(data, Mapping):
        raise ScheduleError(f"{where}: must be an object")
    base = data.get("base", "all")
    if base not in BUILTIN_CALENDARS:
        raise ScheduleError(f"{where}: unknown base {quoted(base)} (expected all, mon-fri or cn)")
    if base == "cn" and official is None:
        raise ScheduleError(f"{where}: base cn needs the official calendar")
    days: dict[str, frozenset[date]] = {}
    for key in ("holidays", "workdays"):
        values = data.get(key, [])
        if not isinstance(values, list):
            raise ScheduleError(f"{where}: {key} must be a list of dates")
        days[key] = frozenset(_date(v, f"{where}: {key}") for v in values)
    try:
        return Calendar(
            base=base,
            holidays=days["holidays"],
            workdays=days["workdays"],
            official=official if base == "cn" else None,
            name=name,
        )
    except CalendarError as exc:
        raise ScheduleError(str(exc)) from None


def _dependency_from_json(value: object, where: str) -> Dependency:
    if isinstance(value, str):
        return Dependency(value)
    if not isinstance(value, Mapping) or not isinstance(value.get("task"), str):
        raise ScheduleError(f'{where}: a dependency must be a task id or {{"task": id, ...}}')
    task = value["task"]
    kind = value.get("type", "FS")
    if kind not in DependencyType.__members__:
        raise ScheduleError(
            f"{where}: dependency on {quoted(task)} has unknown type {quoted(kind)} (expected FS, SS or FF)"
        )
    lag = _whole(value.get("lag", 0), f"{where}: lag on {quoted(task)}")
    return Dependency(task, DependencyType(kind), lag)


def _task_from_json(index: int, data: object) -> Task:
    if not isinstance(data, Mapping):
        raise ScheduleError(f"task #{index + 1}: must be an object")
    task_id = data.get("id")
    if not isinstance(task_id, str) or not task_id:
        raise ScheduleError(
            f"task #{index + 1}: id must be a non-empty string, got {quoted(task_id)}"
        )
    where = f"task {quoted(task_id)}: "
    if "duration" not in data:
        raise ScheduleError(f"{where}missing duration")
    after = data.get("after", [])
    if not isinstance(after, list):
        raise ScheduleError(f"{where}after must be a list")
    calendar = data.get("calendar")
    if calendar is not None and not isinstance(calendar, str):
        raise ScheduleError(f"{where}calendar must be a name, got {quoted(calendar)}")
    remaining = data.get("remaining")
    return Task(
        id=task_id,
        name=str(data.get("name", "")),
        duration=_whole(data["duration"], f"{where}duration"),
        after=tuple(_dependency_from_json(v, where.rstrip(": ")) for v in after),
        calendar=calendar,
        actual_start=_optional_date(data, "actual_start", where),
        actual_finish=_optional_date(data, "actual_finish", where),
        remaining=None if remaining is None else _whole(remaining, f"{where}remaining"),
    )


def plan_from_json(data: object, official: OfficialCalendar | None = None) -> Plan:
    """Read a plan in the JSON of SPEC §4; ``official`` is the ``cn`` data (needed only for cn)."""
    if not isinstance(data, Mapping):
        raise ScheduleError("plan must be a JSON object")
    calendars = data.get("calendars", {})
    if not isinstance(calendars, Mapping):
        raise ScheduleError("calendars must be an object")
    tasks = data.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise ScheduleError("tasks must be a non-empty list")
    default = data.get("default_calendar", "all")
    if not isinstance(default, str):
        raise ScheduleError(f"default_calendar must be a name, got {quoted(default)}")
    return Plan(
        tasks=tuple(_task_from_json(i, t) for i, t in enumerate(tasks)),
        start=_optional_date(data, "start", ""),
        deadline=_optional_date(data, "deadline", ""),
        status_date=_optional_date(data, "status_date", ""),
        calendars={name: _calendar_from_json(name, c, official) for name, c in calendars.items()},
        default_calendar=default,
        official=official,
    )
