"""A plan compiled to numbers for the passes: checked, its calendars resolved and numbered, its
dependencies in flat lists, its tasks in topological order."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain

from sangua.engine.calendar import Calendar, Numbering

from .model import BUILTIN_CALENDARS, Dependency, DependencyType, Plan, ScheduleError, Task, quoted

__all__ = ["Network", "compile_plan"]


@dataclass
class Network:
    """A plan as numbers: task ``i`` is the ``i``-th task of the plan, dates are ordinals.

    The dependencies into task ``s`` are the edges ``first[s]`` to ``first[s + 1] - 1`` (rows
    compressed into flat lists: no object per edge). Edge ``e`` reads ``source[e]``, an index
    into the pass arrays: ``2*q`` for the start or ``2*q + 1`` for the finish of the predecessor
    ``q``. It bounds ``s``'s start (a milestone's date) or, with ``to_finish`` (FF into a task),
    its finish, by ``next(cal_s, <source date>, lag + 1, strict)``; ``code[e]`` is
    ``(lag + strict) << 2 | to_finish << 1 | strict`` and ``add[e]`` is ``lag + strict``: between
    two tasks of one calendar, in working-day numbers, the bound is the predecessor's number plus
    ``add[e]``.

    ``numberings[c]`` numbers the working days of calendar ``c`` (for ``cn``, the run of known
    years around the plan's start, or its deadline). The passes' loops do only sums on starts;
    the backward pass leaves the tasks in ``backward_special`` to its general step (a dependency
    on a task in another calendar, or finish to finish), the forward pass and the driving path
    those in ``forward_special`` (the same, tasks with progress, and tasks with a dependency on
    one).
    """

    ids: list[str]
    durations: list[int]
    calendar_of: list[int]
    calendars: list[Calendar]
    numberings: list[Numbering]
    default: int
    order: list[int]  # a topological order
    in_order: bool  # the plan lists every predecessor before its successors: order is 0, 1, ...
    first: list[int]
    source: list[int]
    code: list[int]
    add: list[int]
    # task -> (actual start, actual finish or -1, remaining or -1), only with a status date
    progress: dict[int, tuple[int, int, int]]
    forward_special: set[int]
    backward_special: set[int]


def compile_plan(plan: Plan) -> Network:
    """Check ``plan`` and compile it (ScheduleError naming the task for anything wrong)."""
    tasks = plan.tasks
    if not tasks:
        raise ScheduleError("plan has no tasks")
    if plan.start is None and plan.deadline is None:
        raise ScheduleError("plan needs a start or a deadline")
    ids = [t.id for t in tasks]
    number = dict(zip(ids, range(len(ids)), strict=True))
    if len(number) < len(ids):
        twice = next(i for n, i in enumerate(ids) if number[i] != n)
        raise ScheduleError(f"task {quoted(twice)}: duplicate id")
    durations = [t.duration for t in tasks]
    if set(map(type, durations)) != {int} or min(durations) < 0:
        for task in tasks:
            d = task.duration
            if type(d) is not int or d < 0:
                raise _not_whole(f"task {quoted(task.id)}: ", "duration", d)
    calendars, calendar_of, default = _resolve_calendars(plan)
    afters = [t.after for t in tasks]
    first, source, code, add, finish_to_finish = _edges(tasks, afters, number, durations)
    # succ[e]: the successor of edge e, as 2*s + 1 (so that q < s reads source[e] < succ[e]).
    succ = [s for s, after in zip(range(1, 2 * len(tasks), 2), afters, strict=True) for _ in after]
    in_order = all(map(operator.lt, source, succ))  # every predecessor listed before: no sort
    order = list(range(len(tasks))) if in_order else _topological_order(tasks, first, source)
    progress = _progress(plan, durations)

    backward_special = finish_to_finish
    if len(calendars) > 1:
        backward_special.update(
            s >> 1
            for q, s in zip(source, succ, strict=True)
            if calendar_of[q >> 1] != calendar_of[s >> 1]
        )
    forward_special = backward_special | set(progress)
    if progress:
        forward_special.update(
            s >> 1 for q, s in zip(source, succ, strict=True) if q >> 1 in progress
        )
    anchor = plan.start or plan.deadline
    assert anchor is not None
    return Network(
        ids=ids,
        durations=durations,
        calendar_of=calendar_of,
        calendars=calendars,
        numberings=[c.numbering(anchor.toordinal()) for c in calendars],
        default=default,
        order=order,
        in_order=in_order,
        first=first,
        source=source,
        code=code,
        add=add,
        progress=progress,
        forward_special=forward_special,
        backward_special=backward_special,
    )


def _resolve_calendars(plan: Plan) -> tuple[list[Calendar], list[int], int]:
    """The plan's calendars in use, each task's calendar number, and the default's number."""

    def resolve(name: str) -> Calendar | None:
        cal = plan.calendars.get(name)
        if cal is None and name == "cn" and plan.official is None:
            raise ScheduleError("calendar cn needs the official calendar")
        if cal is None and name in BUILTIN_CALENDARS:
            cal = Calendar(base=name, official=plan.official if name == "cn" else None)
        return cal

    default = resolve(plan.default_calendar)
    if default is None:
        raise ScheduleError(f"default_calendar: unknown calendar {quoted(plan.default_calendar)}")
    calendars = [default]
    numbers: dict[str | None, int] = {None: 0, plan.default_calendar: 0}
    names = [t.calendar for t in plan.tasks]
    for name in set(names) - numbers.keys():
        assert name is not None
        cal = resolve(name)
        if cal is None:
            task = plan.tasks[names.index(name)]
            raise ScheduleError(f"task {quoted(task.id)}: unknown calendar {quoted(name)}")
        numbers[name] = len(calendars)
        calendars.append(cal)
    calendar_of = [0] * len(names) if len(calendars) == 1 else [numbers[c] for c in names]
    return calendars, calendar_of, 0


def _not_whole(where: str, what: str, value: object, of: str = "") -> ScheduleError:
    """``task "A": negative duration -1``, or ``... duration must be a whole number, got 2.5``."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return ScheduleError(f"{where}negative {what} {value}{of}")
    return ScheduleError(f"{where}{what}{of} must be a whole number, got {value!r}")


def _edges(
    tasks: Sequence[Task],
    afters: list[tuple[Dependency, ...]],
    number: dict[str, int],
    durations: list[int],
) -> tuple[list[int], list[int], list[int], list[int], set[int]]:
    """The dependencies as flat lists ``first``, ``source``, ``code`` and ``add`` (see
    :class:`Network`), and the tasks with a finish-to-finish dependency. Built a column at a time
    for the usual plan (finish-to-start dependencies into tasks); any other plan, or one with
    anything wrong in its dependencies, goes through :func:`_edges_one_by_one`, which also names
    the first problem."""
    deps = list(chain.from_iterable(afters))
    lags = [dep.lag for dep in deps]
    if lags and (set(map(type, lags)) != {int} or min(lags) < 0):
        return _edges_one_by_one(tasks, number, durations)
    if [dep.type for dep in deps].count(DependencyType.FS) != len(deps):
        return _edges_one_by_one(tasks, number, durations)
    if 0 in durations and any(not d and a for d, a in zip(durations, afters, strict=True)):
        return _edges_one_by_one(tasks, number, durations)  # a milestone after something
    try:
        source = [number[dep.task] * 2 + 1 for dep in deps]
    except (KeyError, TypeError):
        return _edges_one_by_one(tasks, number, durations)
    # Finish to start into a task: add = lag + 1, code = add << 2 | strict.
    if lags.count(0) == len(lags):
        code, add = [5] * len(lags), [1] * len(lags)
    else:
        code, add = [(lag << 2) + 5 for lag in lags], [lag + 1 for lag in lags]
    return [0, *accumulate(map(len, afters))], source, code, add, set()


def _edges_one_by_one(
    tasks: Sequence[Task], number: dict[str, int], durations: list[int]
) -> tuple[list[int], list[int], list[int], list[int], set[int]]:
    first = [0]
    finish_to_finish: set[int] = set()
    source: list[int] = []
    code: list[int] = []
    for s, task in enumerate(tasks):
        milestone = durations[s] == 0
        for dep in task.after:
            try:
                q = number[dep.task]
            except KeyError:
                raise ScheduleError(
                    f"task {quoted(task.id)}: unknown dependency {quoted(dep.task)}"
                ) from None
            lag = dep.lag
            if type(lag) is not int or lag < 0:
                raise _not_whole(f"task {quoted(task.id)}: ", "lag", lag, f" on {quoted(dep.task)}")
            # The SPEC §4 table: which end of q, counted strictly or not, bounds which end of s.
            kind = dep.type
            if milestone:  # from q's start for SS (a milestone's start is its date), not strict
                source.append(2 * q + (kind != "SS" or durations[q] == 0))
                code.append(lag << 2)
            elif kind == "FS":
                source.append(2 * q + 1)
                code.append((lag + 1) << 2 | 1)
            elif kind == "SS":  # a milestone starts at the end of its day: as FS
                strict = int(durations[q] == 0)
                source.append(2 * q + strict)
                code.append((lag + strict) << 2 | strict)
            elif kind == "FF":
                source.append(2 * q + 1)
                code.append(lag << 2 | 2)
                finish_to_finish.add(s)
            else:
                raise ScheduleError(
                    f"task {quoted(task.id)}: dependency on {quoted(dep.task)} has unknown type "
                    f"{quoted(str(kind))} (expected FS, SS or FF)"
                )
        first.append(len(source))
    return first, source, code, [v >> 2 for v in code], finish_to_finish


def _is_whole(value: object) -> bool:
    return type(value) is int and value >= 0


def _progress(plan: Plan, durations: list[int]) -> dict[int, tuple[int, int, int]]:
    status = plan.status_date
    progress: dict[int, tuple[int, int, int]] = {}
    if status is None:
        return progress
    for i, task in enumerate(plan.tasks):
        started, finished = task.actual_start, task.actual_finish
        where = f"task {quoted(task.id)}: "
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
            seen = state[v]
            if not seen:
                state[v] = 1
                for e in range(first[v], first[v + 1]):
                    q = source[e] >> 1
                    seen = state[q]
                    if not seen:
                        stack.append(q)
                    elif seen == 1:  # q is on the path that led here: a cycle
                        raise ScheduleError(_cycle_message(tasks, first, source))
            else:
                stack.pop()
                if seen == 1:
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
