"""What goes into the engine and what comes out of it (SPEC §4): plans, tasks, dependencies, the
schedule, and the error for a plan the engine cannot schedule."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sangua.engine.calendar import Calendar, OfficialCalendar

__all__ = [
    "BUILTIN_CALENDARS",
    "Dependency",
    "DependencyType",
    "Plan",
    "Schedule",
    "ScheduleError",
    "Status",
    "Task",
    "TaskSchedule",
    "quoted",
]

BUILTIN_CALENDARS = ("all", "mon-fri", "cn")


class ScheduleError(ValueError):
    """A plan the engine cannot schedule; the message names the task and the problem."""


def quoted(value: object) -> str:
    """A value as JSON shows it, for a message: ``"A"``, ``2.5``, ``null``."""
    return json.dumps(value, ensure_ascii=False)


class DependencyType(enum.StrEnum):
    """How a successor hangs on its predecessor (紧前关系)."""

    FS = "FS"  # finish to start
    SS = "SS"  # start to start
    FF = "FF"  # finish to finish


class Status(enum.StrEnum):
    """Where a task stands on the status date (进度状态)."""

    DONE = "done"
    OVERDUE = "overdue"
    BEHIND = "behind"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


@dataclass(frozen=True, slots=True)
class Dependency:
    """A dependency on ``task``; ``lag`` counts working days of the successor's calendar."""

    task: str
    type: DependencyType = DependencyType.FS
    lag: int = 0


@dataclass(frozen=True, slots=True)
class Task:
    """A plan node (节点): a task of ``duration`` working days, or a milestone when it is 0."""

    id: str
    duration: int
    after: tuple[Dependency, ...] = ()
    calendar: str | None = None  # None: the plan's default calendar
    name: str = ""
    actual_start: date | None = None
    actual_finish: date | None = None
    remaining: int | None = None


@dataclass(frozen=True)
class Plan:
    """A reverse-scheduled plan (倒排计划) as the engine reads it.

    A task's calendar names an entry of ``calendars``, or one of the bases ``all``, ``mon-fri``
    and ``cn`` used as they are (``cn`` needs ``official``).
    """

    tasks: tuple[Task, ...]
    start: date | None = None
    deadline: date | None = None
    status_date: date | None = None
    calendars: Mapping[str, Calendar] = field(default_factory=dict)
    default_calendar: str = "all"
    official: OfficialCalendar | None = None


@dataclass(frozen=True)
class TaskSchedule:
    """One task's dates in a schedule; ``status`` only with a status date."""

    id: str
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_float: int
    critical: bool
    status: Status | None = None


@dataclass(frozen=True)
class Schedule:
    """The result of :func:`~sangua.engine.scheduling.schedule`.

    Per-task results are kept in columns (tuples in input order, dates as ordinals) so that a
    100,000-node plan does not pay for 100,000 objects; :attr:`tasks` builds them on demand.
    """

    start: date
    finish: date
    deadline: date
    feasible: bool
    overrun_days: int
    critical_path: tuple[str, ...]
    status_date: date | None
    ids: tuple[str, ...]
    early_starts: tuple[int, ...]
    early_finishes: tuple[int, ...]
    late_starts: tuple[int, ...]
    late_finishes: tuple[int, ...]
    total_floats: tuple[int, ...]
    criticals: tuple[bool, ...]
    statuses: tuple[Status, ...] | None

    @cached_property
    def tasks(self) -> tuple[TaskSchedule, ...]:
        """The tasks' results in input order."""
        day = date.fromordinal
        return tuple(
            TaskSchedule(
                id=self.ids[i],
                early_start=day(self.early_starts[i]),
                early_finish=day(self.early_finishes[i]),
                late_start=day(self.late_starts[i]),
                late_finish=day(self.late_finishes[i]),
                total_float=self.total_floats[i],
                critical=self.criticals[i],
                status=None if self.statuses is None else self.statuses[i],
            )
            for i in range(len(self.ids))
        )

    def task(self, task_id: str) -> TaskSchedule:
        """One task's results by id."""
        return self.tasks[self.ids.index(task_id)]
