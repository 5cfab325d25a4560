"""The reverse-scheduling engine (倒排计划), SPEC §4. Pure Python, no Django.

A :class:`Plan` (tasks, milestones, FS/SS/FF dependencies with lags, calendars, a start and/or a
deadline, optional progress) goes in; a :class:`Schedule` comes out: early dates (forward pass from
the start), late dates (backward pass from the deadline — the reverse plan), total float in each
task's own calendar, feasibility and the driving critical path. :func:`plan_from_json` and
:func:`schedule_to_json` speak the JSON of SPEC §4.

The package, in the order a plan goes through it:

- ``model``: the dataclasses in and out, and :class:`ScheduleError`;
- ``parse``: a plan from JSON;
- ``network``: a plan checked and compiled to numbers (tasks by position, dependencies in flat
  lists, calendars numbered, a topological order);
- ``passes``: the forward and backward passes, in working-day numbers;
- ``results``: :func:`schedule` — both passes, float, feasibility, the driving path, statuses;
- ``output``: a schedule as JSON.
"""

from .model import (
    Dependency,
    DependencyType,
    Plan,
    Schedule,
    ScheduleError,
    Status,
    Task,
    TaskSchedule,
)
from .output import schedule_to_json
from .parse import plan_from_json
from .results import schedule

__all__ = [
    "Dependency",
    "DependencyType",
    "Plan",
    "Schedule",
    "ScheduleError",
    "Status",
    "Task",
    "TaskSchedule",
    "plan_from_json",
    "schedule",
    "schedule_to_json",
]
