"""The reverse-scheduling engine (倒排计划), SPEC §4. Pure Python, no Django.

A :class:`Plan` (tasks, milestones, FS/SS/FF dependencies with lags, calendars, a start and/or a
deadline, optional progress) goes in; a :class:`Schedule` comes out: early dates (forward pass from
the start), late dates (backward pass from the deadline — the reverse plan), total float in each
task's own calendar, feasibility and the driving critical path. :func:`plan_from_json` and
:func:`schedule_to_json` speak the JSON of SPEC §4.

Inside, a task is a number (its input position), a date is a day ordinal, and the dependencies
are flat lists (:class:`_Network`). The forward pass keeps ``E[2*i]`` = early start and
``E[2*i + 1]`` = early finish of task ``i`` and works in working-day numbers of each task's own
calendar (:class:`~sangua.engine.calendar.WorkingDays`): every rule of the SPEC's table is two list
look-ups and the latest bound is the largest number. The backward pass is the same walk on a
mirrored time line (day ``o`` numbered ``MIRROR - o``), where "the latest on or before" becomes "the
earliest on or after", so both passes only ever count forwards. The working-day arrays cover a
window of days that widens (and the pass resumes) when a plan reaches past it; a ``cn`` calendar
cannot widen past its known years, which is the error the SPEC asks for.
"""

from __future__ import annotations

import enum
import json
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from sangua.engine.calendar import (
    MAX_ORDINAL,
    MIRROR,
    POISON,
    Calendar,
    CalendarError,
    OfficialCalendar,
    WorkingDays,
)

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


class ScheduleError(ValueError):
    """A plan the engine cannot schedule; the message names the task and the problem."""


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


_BUILTIN_CALENDARS = ("all", "mon-fri", "cn")


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
    """The result of :func:`schedule`.

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


# --- JSON in ------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _q(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _date(value: object, where: str) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ScheduleError(f"{where}: malformed date {_q(value)} (expected YYYY-MM-DD)")


def _optional_date(data: Mapping[str, Any], key: str, where: str) -> date | None:
    value = data.get(key)
    return None if value is None else _date(value, f"{where}{key}")


def _whole(value: object, where: str) -> int:
    """A JSON whole number (``3`` or ``3.0``), not a boolean or a string."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScheduleError(f"{where} must be a whole number, got {_q(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ScheduleError(f"{where} must be a whole number, got {_q(value)}")
        return int(value)
    return value


def _calendar_from_json(name: str, data: object, official: OfficialCalendar | None) -> Calendar:
    where = f"calendar {_q(name)}"
    if not isinstance(data, Mapping):
        raise ScheduleError(f"{where}: must be an object")
    base = data.get("base", "all")
    if base not in _BUILTIN_CALENDARS:
        raise ScheduleError(f"{where}: unknown base {_q(base)} (expected all, mon-fri or cn)")
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
            f"{where}: dependency on {_q(task)} has unknown type {_q(kind)} (expected FS, SS or FF)"
        )
    lag = _whole(value.get("lag", 0), f"{where}: lag on {_q(task)}")
    return Dependency(task, DependencyType(kind), lag)


def _task_from_json(index: int, data: object) -> Task:
    if not isinstance(data, Mapping):
        raise ScheduleError(f"task #{index + 1}: must be an object")
    task_id = data.get("id")
    if not isinstance(task_id, str) or not task_id:
        raise ScheduleError(f"task #{index + 1}: id must be a non-empty string, got {_q(task_id)}")
    where = f"task {_q(task_id)}: "
    if "duration" not in data:
        raise ScheduleError(f"{where}missing duration")
    after = data.get("after", [])
    if not isinstance(after, list):
        raise ScheduleError(f"{where}after must be a list")
    calendar = data.get("calendar")
    if calendar is not None and not isinstance(calendar, str):
        raise ScheduleError(f"{where}calendar must be a name, got {_q(calendar)}")
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
        raise ScheduleError(f"default_calendar must be a name, got {_q(default)}")
    return Plan(
        tasks=tuple(_task_from_json(i, t) for i, t in enumerate(tasks)),
        start=_optional_date(data, "start", ""),
        deadline=_optional_date(data, "deadline", ""),
        status_date=_optional_date(data, "status_date", ""),
        calendars={name: _calendar_from_json(name, c, official) for name, c in calendars.items()},
        default_calendar=default,
        official=official,
    )


# --- JSON out -----------------------------------------------------------------------------------


def schedule_to_json(result: Schedule) -> dict[str, Any]:
    """The schedule in the JSON of SPEC §4 (keys in the SPEC's order, tasks in input order)."""

    def day(ordinal: int) -> str:
        return date.fromordinal(ordinal).isoformat()

    tasks: list[dict[str, Any]] = []
    for i, task_id in enumerate(result.ids):
        row: dict[str, Any] = {
            "id": task_id,
            "early_start": day(result.early_starts[i]),
            "early_finish": day(result.early_finishes[i]),
            "late_start": day(result.late_starts[i]),
            "late_finish": day(result.late_finishes[i]),
            "total_float": result.total_floats[i],
            "critical": result.criticals[i],
        }
        if result.statuses is not None:
            row["status"] = result.statuses[i].value
        tasks.append(row)
    return {
        "start": result.start.isoformat(),
        "finish": result.finish.isoformat(),
        "deadline": result.deadline.isoformat(),
        "feasible": result.feasible,
        "overrun_days": result.overrun_days,
        "critical_path": list(result.critical_path),
        "tasks": tasks,
    }


# --- Compiling a plan to numbers ----------------------------------------------------------------


@dataclass
class _Network:
    """A plan as numbers: task ``i`` is the ``i``-th task of the plan, dates are ordinals.

    The dependencies into task ``s`` are the edges ``first[s]`` to ``first[s + 1] - 1`` (rows
    compressed into flat lists: no object per edge). Edge ``e`` reads ``source[e]``, an index
    into the pass arrays: ``2*q`` for the start or ``2*q + 1`` for the finish of the predecessor
    ``q``; ``code[e]`` is ``lag << 2 | to_finish << 1 | strict``. It bounds ``s``'s start (a
    milestone's date) or, with ``to_finish`` (FF into a task), its finish, by
    ``next(cal_s, <source date>, lag + 1, strict)``.
    """

    ids: list[str]
    durations: list[int]
    calendar_of: list[int]
    calendars: list[Calendar]
    default: int
    order: list[int]
    first: list[int]
    source: list[int]
    code: list[int]
    # task -> (actual start, actual finish or -1, remaining or -1), only with a status date
    progress: dict[int, tuple[int, int, int]]


def _resolve_calendars(plan: Plan) -> tuple[list[Calendar], list[int], int]:
    """The plan's calendars in use, each task's calendar number, and the default's number."""

    def resolve(name: str) -> Calendar | None:
        cal = plan.calendars.get(name)
        if cal is None and name == "cn" and plan.official is None:
            raise ScheduleError("calendar cn needs the official calendar")
        if cal is None and name in _BUILTIN_CALENDARS:
            cal = Calendar(base=name, official=plan.official if name == "cn" else None)
        return cal

    default = resolve(plan.default_calendar)
    if default is None:
        raise ScheduleError(f"default_calendar: unknown calendar {_q(plan.default_calendar)}")
    calendars = [default]
    numbers: dict[str | None, int] = {None: 0, plan.default_calendar: 0}
    names = [t.calendar for t in plan.tasks]
    for name in set(names) - numbers.keys():
        assert name is not None
        cal = resolve(name)
        if cal is None:
            task = plan.tasks[names.index(name)]
            raise ScheduleError(f"task {_q(task.id)}: unknown calendar {_q(name)}")
        numbers[name] = len(calendars)
        calendars.append(cal)
    calendar_of = [0] * len(names) if len(calendars) == 1 else [numbers[c] for c in names]
    return calendars, calendar_of, 0


def _is_whole(value: object) -> bool:
    return type(value) is int and value >= 0


def _not_whole(where: str, what: str, value: object, of: str = "") -> ScheduleError:
    """``task "A": negative duration -1``, or ``... duration must be a whole number, got 2.5``."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return ScheduleError(f"{where}negative {what} {value}{of}")
    return ScheduleError(f"{where}{what}{of} must be a whole number, got {value!r}")


def _progress(plan: Plan, durations: list[int]) -> dict[int, tuple[int, int, int]]:
    status = plan.status_date
    progress: dict[int, tuple[int, int, int]] = {}
    if status is None:
        return progress
    for i, task in enumerate(plan.tasks):
        started, finished = task.actual_start, task.actual_finish
        where = f"task {_q(task.id)}: "
        for what, day in (("actual_start", started), ("actual_finish", finished)):
            if day is not None and day > status:
                raise ScheduleError(f"{where}{what} {day} is after status_date {status}")
        if started is None and finished is None:
            continue
        if durations[i] == 0:  # a milestone is reached at one moment
            reached = (finished or started or status).toordinal()
            progress[i] = (reached, reached, -1)
            continue
        if started is None:
            raise ScheduleError(f"{where}actual_finish without actual_start")
        if finished is not None and finished < started:
            raise ScheduleError(f"{where}actual_finish {finished} is before actual_start {started}")
        remaining = -1 if task.remaining is None else task.remaining
        if task.remaining is not None and not _is_whole(remaining):
            raise _not_whole(where, "remaining", remaining)
        progress[i] = (
            started.toordinal(),
            -1 if finished is None else finished.toordinal(),
            remaining,
        )
    return progress


def _compile(plan: Plan) -> _Network:
    tasks = plan.tasks
    if not tasks:
        raise ScheduleError("plan has no tasks")
    if plan.start is None and plan.deadline is None:
        raise ScheduleError("plan needs a start or a deadline")
    ids = [t.id for t in tasks]
    number = dict(zip(ids, range(len(ids)), strict=True))
    if len(number) < len(ids):
        twice = next(i for n, i in enumerate(ids) if number[i] != n)
        raise ScheduleError(f"task {_q(twice)}: duplicate id")
    durations = [t.duration for t in tasks]
    if set(map(type, durations)) != {int} or min(durations) < 0:
        for task in tasks:
            d = task.duration
            if type(d) is not int or d < 0:
                raise _not_whole(f"task {_q(task.id)}: ", "duration", d)
    calendars, calendar_of, default = _resolve_calendars(plan)

    n = len(tasks)
    first = [0]
    source: list[int] = []
    code: list[int] = []
    listed_in_order = True  # every predecessor listed before its successors: no sorting needed
    for s, task in enumerate(tasks):
        milestone = durations[s] == 0
        for dep in task.after:
            try:
                q = number[dep.task]
            except KeyError:
                raise ScheduleError(
                    f"task {_q(task.id)}: unknown dependency {_q(dep.task)}"
                ) from None
            lag = dep.lag
            if type(lag) is not int or lag < 0:
                raise _not_whole(f"task {_q(task.id)}: ", "lag", lag, f" on {_q(dep.task)}")
            # The SPEC §4 table: which end of q, counted strictly or not, bounds which end of s.
            kind = dep.type
            if milestone:  # from q's start for SS (a milestone's start is its date), not strict
                source.append(2 * q + (kind != "SS" or durations[q] == 0))
                code.append(lag << 2)
            elif kind == "FS":
                source.append(2 * q + 1)
                code.append(lag << 2 | 1)
            elif kind == "SS":  # a milestone starts at the end of its day: as FS
                source.append(2 * q + (durations[q] == 0))
                code.append(lag << 2 | (durations[q] == 0))
            elif kind == "FF":
                source.append(2 * q + 1)
                code.append(lag << 2 | 2)
            else:
                raise ScheduleError(
                    f"task {_q(task.id)}: dependency on {_q(dep.task)} has unknown type "
                    f"{_q(str(kind))} (expected FS, SS or FF)"
                )
            if q >= s:
                listed_in_order = False
        first.append(len(source))

    order = list(range(n)) if listed_in_order else _topological_order(tasks, first, source)
    return _Network(
        ids=ids,
        durations=durations,
        calendar_of=calendar_of,
        calendars=calendars,
        default=default,
        order=order,
        first=first,
        source=source,
        code=code,
        progress=_progress(plan, durations),
    )


def _topological_order(tasks: Sequence[Task], first: list[int], source: list[int]) -> list[int]:
    """Predecessors before successors: an iterative depth-first walk over the predecessors (no
    recursion limit on 100,000-task chains, and no successor lists to build)."""
    n = len(tasks)
    state = bytearray(n)  # 0 not seen, 1 on the walk's current path, 2 placed
    order: list[int] = []
    for root in range(n):
        if state[root]:
            continue
        stack = [root]
        while stack:
            v = stack[-1]
            if state[v] == 0:
                state[v] = 1
                for e in range(first[v], first[v + 1]):
                    q = source[e] >> 1
                    if state[q] == 0:
                        stack.append(q)
                    elif state[q] == 1:  # q is on the path that led here: a cycle
                        raise ScheduleError(_cycle_message(tasks, first, source))
            else:
                stack.pop()
                if state[v] == 1:
                    state[v] = 2
                    order.append(v)
    return order


def _cycle_message(tasks: Sequence[Task], first: list[int], source: list[int]) -> str:
    """Name one cycle, e.g. ``cycle: A → B → C → A`` (each task depends on the one before)."""
    n = len(tasks)
    preds = [[source[e] >> 1 for e in range(first[s], first[s + 1])] for s in range(n)]
    # Peel off every task that does not wait, transitively, on a cycle (Kahn's algorithm).
    waiting = [len(p) for p in preds]
    successors: list[list[int]] = [[] for _ in range(n)]
    for s, p in enumerate(preds):
        for q in p:
            successors[q].append(s)
    ready = [i for i in range(n) if not waiting[i]]
    for q in ready:
        for s in successors[q]:
            waiting[s] -= 1
            if not waiting[s]:
                ready.append(s)
    # Every task left waits on another task left: walk back until a task repeats.
    node = next(i for i in range(n) if waiting[i])
    seen: dict[int, int] = {}
    walk: list[int] = []
    while node not in seen:
        seen[node] = len(walk)
        walk.append(node)
        node = next(q for q in preds[node] if waiting[q])
    cycle = walk[seen[node] :][::-1]  # the walk went from successor to predecessor
    start = cycle.index(min(cycle))  # start from the task listed first
    cycle = cycle[start:] + cycle[:start]
    return "cycle: " + " → ".join(tasks[i].id for i in [*cycle, cycle[0]])


# --- The passes ---------------------------------------------------------------------------------


class _OutOfRange(Exception):
    """A pass walking from the day ``origin`` ran out of days at ``task``, the ``position``-th
    task of its walk, looking ``upward`` (the forward pass) or downward (the backward pass)."""

    def __init__(self, task: int, position: int, upward: bool, origin: int):
        super().__init__(task, position, upward, origin)
        self.task, self.position, self.upward, self.origin = task, position, upward, origin


class _Frame:
    """The working-day arrays of every calendar of a plan over the days ``[lo, hi)``.

    ``forward()`` indexes the calendars as they are, ``backward()`` on the mirrored time line
    (day ``o`` numbered ``MIRROR - o``), each built on first use and each with its own first
    ordinal (``forward_lo``, ``backward_lo``). ``anchor`` picks, for a ``cn`` calendar, the run of
    known years. Widening the frame upwards keeps ``forward_lo``, downwards ``backward_lo``, so
    a pass can resume where it ran out of days.
    """

    def __init__(self, calendars: list[Calendar], lo: int, hi: int, anchor: int):
        self.calendars, self.lo, self.hi, self.anchor = calendars, lo, hi, anchor
        self.forward_lo, self.backward_lo = lo, MIRROR - hi + 1
        self._forward: tuple[list[list[int]], list[list[int]]] | None = None
        self._backward: tuple[list[list[int]], list[list[int]]] | None = None

    def forward(self) -> tuple[list[list[int]], list[list[int]]]:
        if self._forward is None:
            index = [WorkingDays(c, self.lo, self.hi, self.anchor) for c in self.calendars]
            self._forward = [w.cum for w in index], [w.days for w in index]
        return self._forward

    def backward(self) -> tuple[list[list[int]], list[list[int]]]:
        if self._backward is None:
            index = [WorkingDays.mirrored(c, self.lo, self.hi, self.anchor) for c in self.calendars]
            self._backward = [w.cum for w in index], [w.days for w in index]
        return self._backward

    def at_known_limit(self, number: int, upward: bool) -> bool:
        """Whether calendar ``number`` is a ``cn`` calendar whose known years end at the frame."""
        official = self.calendars[number].official
        if official is None:
            return False
        run = official.run_around(self.anchor)
        return run is None or (run[1] <= self.hi if upward else run[0] >= self.lo)


def _forward(
    net: _Network, frame: _Frame, start: int, status: int | None, E: list[int], begin: int
) -> None:
    """Early dates into ``E`` (the SPEC's table read forwards), honouring progress, for the
    tasks from position ``begin`` of the topological order on."""
    cums, dayss = frame.forward()
    lo = frame.forward_lo
    # Per calendar, the working-day number of next(cal, start, 1, not strict) and of
    # next(cal, status, 1, strict): the least number a task may start on.
    first = [_number_on_or_after(cum, start - lo) for cum in cums]
    if status is not None:
        first = [
            max(f, _number_on_or_after(cum, status - lo + 1))
            for f, cum in zip(first, cums, strict=True)
        ]
    after_status = -1 if status is None else status - lo + 1
    durations, calendar_of, progress = net.durations, net.calendar_of, net.progress
    edges, source, code = net.first, net.source, net.code
    order = net.order
    position = begin
    try:
        for position in range(begin, len(order)):
            s = order[position]
            c = calendar_of[s]
            cum, days = cums[c], dayss[c]
            d = durations[s]
            if progress and s in progress:
                started, finished, remaining = progress[s]
                if finished < 0:
                    finished = _progressed_finish(
                        cum, days, lo, started, d, remaining, after_status
                    )
                E[2 * s], E[2 * s + 1] = started, finished
                continue
            # Worked out in working-day numbers of s's calendar (days[k] is the k-th working
            # day), where the latest bound is simply the largest number: k for the start, j
            # for the finish.
            k = first[c]
            j = -1
            for e in range(edges[s], edges[s + 1]):
                v = code[e]
                b = cum[E[source[e]] - lo + (v & 1)] + (v >> 2)
                if v & 2:
                    if b > j:
                        j = b
                elif b > k:
                    k = b
            if d:
                if j > k + d - 1:  # finish-driven (FF): start d working days back from it
                    k = j - d + 1
                    if k < 0:  # before the first day a cn calendar knows
                        raise IndexError(k)
                else:
                    j = k + d - 1
                E[2 * s] = days[k]
                E[2 * s + 1] = days[j]
            else:
                E[2 * s] = E[2 * s + 1] = days[k]
    except IndexError:
        raise _OutOfRange(order[position], position, upward=True, origin=start) from None


def _number_on_or_after(cum: list[int], i: int) -> int:
    """The working-day number of the first working day on or after day ``lo + i``.

    Before a ``cn`` calendar's known years the number is unknown but no later than the first known
    working day, so any later bound decides: ``-POISON`` lets one, and fails if none comes. Past
    the known years it is POISON, which fails.
    """
    if i >= len(cum):
        return POISON
    return -POISON if cum[i] >= POISON else cum[i]


def _progressed_finish(
    cum: list[int], days: list[int], lo: int, started: int, d: int, remaining: int, after: int
) -> int:
    """The finish of a started task: ``remaining`` working days after the status date, or its
    planned span but not before the next working day after the status date."""
    if remaining > 0:
        return days[cum[after] + remaining - 1]
    if remaining == 0:  # nothing left: it ends on the last working day up to the status date
        k = cum[after] - 1
        return max(started, days[k]) if k >= 0 else started  # (a POISON count raises here)
    return max(days[cum[started - lo] + d - 1], days[cum[after]])


def _late_bounds(net: _Network, frame: _Frame, deadline: int) -> list[int]:
    """The backward pass's starting bounds, mirrored: every task ends by the deadline.

    A deadline past a cn calendar's known years bounds its tasks only if nothing else does
    (mirrored, it lies before the known days): those start from ``-POISON``, which their
    successors' bounds replace, or which fails.
    """
    cums, _ = frame.backward()
    last = MIRROR - deadline
    bound = [last] * (2 * len(net.ids))
    unknown = {
        c for c, cum in enumerate(cums) if _number_on_or_after(cum, last - frame.backward_lo) < 0
    }
    if unknown:
        for q, c in enumerate(net.calendar_of):
            if c in unknown:
                bound[2 * q] = bound[2 * q + 1] = -POISON
    return bound


def _backward(
    net: _Network, frame: _Frame, deadline: int, bound: list[int], B: list[int], begin: int
) -> None:
    """Late dates into ``B``, mirrored (day ``o`` as ``MIRROR - o``): ``B[2*i]`` is task ``i``'s
    late finish and ``B[2*i + 1]`` its late start; from position ``begin`` of the reversed order.

    On the mirrored line the inverse rules of the SPEC table count forwards: for ``q → s`` with lag
    ``L``, ``X = next(cal_s, <s's late date>, L + 1, not strict)`` and ``q``'s late end is
    ``next(cal_q, X, 1, strict)`` = ``next(cal_q, X + strict, 1, not strict)`` — ``prev`` on the
    real line. Walking in reverse topological order, each task pushes ``X + strict`` to its
    predecessors (``bound``, indexed like ``B``); a predecessor turns the largest into a date of its
    own calendar when its turn comes.
    """
    cums, dayss = frame.backward()
    lo = frame.backward_lo
    durations, calendar_of = net.durations, net.calendar_of
    edges, source, code = net.first, net.source, net.code
    order = net.order
    last = len(order) - 1
    position = begin
    try:
        for position in range(begin, len(order)):
            q = order[last - position]
            c = calendar_of[q]
            cum, days = cums[c], dayss[c]
            k = cum[bound[2 * q + 1] - lo]  # the late finish's working-day number (mirrored)
            d = durations[q]
            if d:
                j = k + d - 1  # the late start's
                if bound[2 * q] > days[j]:  # an SS successor holds the start back
                    j = cum[bound[2 * q] - lo]
                    k = j - d + 1
            else:
                j = k
            B[2 * q] = days[k]
            B[2 * q + 1] = days[j]
            for e in range(edges[q], edges[q + 1]):
                v = code[e]
                x = days[(k if v & 2 else j) + (v >> 2)] + (v & 1)
                if x > bound[source[e]]:
                    bound[source[e]] = x
    except IndexError:
        raise _OutOfRange(order[last - position], position, upward=False, origin=deadline) from None


class _Runner:
    """Runs the passes; when a pass runs out of days it widens the frame and resumes."""

    _MARGIN = 1100  # days around the plan's own dates covered at first (about three years)

    def __init__(self, plan: Plan, net: _Network):
        self.net = net
        anchors = [d for d in (plan.start, plan.deadline, plan.status_date) if d is not None]
        for i in net.progress:
            task = plan.tasks[i]
            anchors += [d for d in (task.actual_start, task.actual_finish) if d is not None]
        ordinals = [d.toordinal() for d in anchors]
        anchor = (plan.start or plan.deadline or anchors[0]).toordinal()
        self.frame = _Frame(
            net.calendars,
            max(min(ordinals) - self._MARGIN, 1),
            min(max(ordinals) + self._MARGIN, MAX_ORDINAL + 1),
            anchor,
        )

    def forward(self, start: int, status: int | None) -> list[int]:
        """Early starts and finishes, interleaved (``E[2*i]``, ``E[2*i + 1]``), as ordinals."""
        E = [0] * (2 * len(self.net.ids))
        begin = 0
        while True:
            try:
                _forward(self.net, self.frame, start, status, E, begin)
            except _OutOfRange as exc:
                self._widen(exc)
                begin = exc.position
            else:
                return E

    def backward(self, deadline: int) -> tuple[list[int], list[int]]:
        """Late starts and late finishes, as ordinals."""
        B = [0] * (2 * len(self.net.ids))
        bound = _late_bounds(self.net, self.frame, deadline)
        begin = 0
        while True:
            try:
                _backward(self.net, self.frame, deadline, bound, B, begin)
            except _OutOfRange as exc:
                self._widen(exc)
                begin = exc.position
            else:
                return [MIRROR - o for o in B[1::2]], [MIRROR - o for o in B[0::2]]

    def _widen(self, exc: _OutOfRange) -> None:
        net, frame = self.net, self.frame
        # Each pass computes a task in its own calendar only, so that calendar ran out of days.
        task, cal = net.ids[exc.task], net.calendar_of[exc.task]
        if frame.at_known_limit(cal, exc.upward):
            calendar = net.calendars[cal]
            raise ScheduleError(
                f"task {_q(task)}: dates outside the known years of calendar {calendar.label} "
                f"(cn: {calendar.known_years()})"
            )
        if not (frame.hi <= MAX_ORDINAL if exc.upward else frame.lo > 1):
            raise ScheduleError(f"task {_q(task)}: dates out of range (years 1–9999)")
        # Guess the reach from how far the walk got from where it began (at least doubling it):
        # on a long chain, the days needed grow with the tasks walked.
        factor = min(64.0, max(2.0, 1.2 * len(net.ids) / (exc.position + 1)))
        lo, hi = frame.lo, frame.hi
        if exc.upward:
            hi = min(exc.origin + int((hi - exc.origin) * factor), MAX_ORDINAL + 1)
        else:
            lo = max(exc.origin - int((exc.origin - lo) * factor), 1)
        self.frame = _Frame(net.calendars, lo, hi, frame.anchor)


# --- The schedule -------------------------------------------------------------------------------


def schedule(plan: Plan) -> Schedule:
    """Schedule ``plan`` (SPEC §4): both passes, float, feasibility, driving path and status."""
    net = _compile(plan)
    runner = _Runner(plan, net)
    status = None if plan.status_date is None else plan.status_date.toordinal()
    if plan.start is not None:
        E = runner.forward(plan.start.toordinal(), status)
        finish = max(E[1::2])
        # With only a start, the backward pass ends at the early finish.
        deadline = finish if plan.deadline is None else plan.deadline.toordinal()
        late_starts, late_finishes = runner.backward(deadline)
    else:
        assert plan.deadline is not None
        deadline = plan.deadline.toordinal()
        late_starts, late_finishes = runner.backward(deadline)
        # With only a deadline, the forward pass starts on the last day the plan can begin.
        E = runner.forward(min(late_starts), status)
        finish = max(E[1::2])
    early_starts, early_finishes = E[0::2], E[1::2]

    floats = _total_floats(net, runner.frame, early_starts, late_starts)
    cums, _ = runner.frame.forward()
    lo = runner.frame.forward_lo
    overrun = 0
    if finish > deadline:
        cum = cums[net.default]
        try:
            counts = cum[finish - lo + 1], cum[deadline - lo + 1]
        except IndexError:
            counts = POISON, POISON
        overrun = counts[0] - counts[1]
        if max(counts) >= POISON:
            cal = net.calendars[net.default]
            raise ScheduleError(
                f"plan finish {date.fromordinal(finish)} is outside the known years of the "
                f"default calendar {cal.label} (cn: {cal.known_years()})"
            )

    # The driving path ordered by early start, early finish, then id (ids are unique).
    path = _driving(net, runner.frame, E, finish)
    path_ids = [net.ids[i] for i in path]
    ordered = sorted(
        zip(
            map(early_starts.__getitem__, path),
            map(early_finishes.__getitem__, path),
            path_ids,
            strict=True,
        )
    )
    critical = [False] * len(net.ids)
    for i in path:
        critical[i] = True
    statuses = None
    if status is not None:
        progress = net.progress
        statuses = tuple(
            _status(progress.get(i), status, late_starts[i], late_finishes[i])
            for i in range(len(net.ids))
        )
    return Schedule(
        start=date.fromordinal(min(early_starts)),
        finish=date.fromordinal(finish),
        deadline=date.fromordinal(deadline),
        feasible=finish <= deadline,
        overrun_days=overrun,
        critical_path=tuple(key[2] for key in ordered),
        status_date=plan.status_date,
        ids=tuple(net.ids),
        early_starts=tuple(early_starts),
        early_finishes=tuple(early_finishes),
        late_starts=tuple(late_starts),
        late_finishes=tuple(late_finishes),
        total_floats=tuple(floats),
        criticals=tuple(critical),
        statuses=statuses,
    )


def _total_floats(
    net: _Network, frame: _Frame, early_starts: list[int], late_starts: list[int]
) -> list[int]:
    """Working days of each task's own calendar from its early start to its late start."""
    cums, _ = frame.forward()
    lo = frame.forward_lo
    try:
        early = [cums[c][o - lo] for c, o in zip(net.calendar_of, early_starts, strict=True)]
        late = [cums[c][o - lo] for c, o in zip(net.calendar_of, late_starts, strict=True)]
        if max(early) < POISON and max(late) < POISON:
            return list(map(operator.sub, late, early))
    except IndexError:
        pass
    # A task dated (by its progress) outside its cn calendar's known years: find and name it.
    for i, c in enumerate(net.calendar_of):
        cum = cums[c]
        if not (0 <= early_starts[i] - lo < len(cum) and cum[early_starts[i] - lo] < POISON):
            cal = net.calendars[c]
            raise ScheduleError(
                f"task {_q(net.ids[i])}: dates outside the known years of calendar {cal.label} "
                f"(cn: {cal.known_years()})"
            )
    raise AssertionError("late dates lie inside the known years")  # pragma: no cover


def _driving(net: _Network, frame: _Frame, E: list[int], finish: int) -> list[int]:
    """The driving path: from every task finishing with the plan, follow backwards each
    dependency whose bound equals the successor's early date (in the successor's calendar, so
    this holds across calendars where float counts differ). Returns the tasks on it."""
    cums, dayss = frame.forward()
    lo = frame.forward_lo
    calendar_of, edges, source, code = net.calendar_of, net.first, net.source, net.code
    stack = [i for i, f in enumerate(E[1::2]) if f == finish]
    critical = bytearray(len(net.ids))
    for i in stack:
        critical[i] = 1
    path = list(stack)
    while stack:
        s = stack.pop()
        c = calendar_of[s]
        cum, days = cums[c], dayss[c]
        for e in range(edges[s], edges[s + 1]):
            q = source[e] >> 1
            if critical[q]:
                continue
            v = code[e]
            try:
                bound = days[cum[E[source[e]] - lo + (v & 1)] + (v >> 2)]
            except IndexError:  # a finished predecessor dated outside a cn calendar
                continue
            if bound == E[2 * s + (v >> 1 & 1)]:
                critical[q] = 1
                stack.append(q)
                path.append(q)
    return path


def _status(
    progress: tuple[int, int, int] | None, status: int, late_start: int, late_finish: int
) -> Status:
    """SPEC §4: done; else overdue; else behind (not started); else in progress or not started."""
    if progress is not None and progress[1] >= 0:
        return Status.DONE
    if status >= late_finish:
        return Status.OVERDUE
    if progress is None and status >= late_start:
        return Status.BEHIND
    return Status.NOT_STARTED if progress is None else Status.IN_PROGRESS
