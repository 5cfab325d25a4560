"""The schedule of a plan (SPEC §4): both passes, then float, feasibility, the driving critical path
and each task's status."""

from __future__ import annotations

import operator
from datetime import date
from itertools import compress

from sangua.engine.calendar import POISON

from .model import Plan, Schedule, ScheduleError, Status, quoted
from .network import Network, compile_plan
from .passes import backward, driving, forward

__all__ = ["schedule"]


def schedule(plan: Plan) -> Schedule:
    """Schedule ``plan`` (SPEC §4): both passes, float, feasibility, driving path and status."""
    net = compile_plan(plan)
    status = None if plan.status_date is None else plan.status_date.toordinal()
    if plan.start is not None:
        N, E = forward(net, plan.start.toordinal(), status)
        finish = max(E[1::2])
        # With only a start, the backward pass ends at the early finish.
        deadline = finish if plan.deadline is None else plan.deadline.toordinal()
        L, LE, critical = backward(net, deadline, (N, E, finish))
    else:
        assert plan.deadline is not None
        deadline = plan.deadline.toordinal()
        L, LE, _ = backward(net, deadline)
        # With only a deadline, the forward pass starts on the last day the plan can begin.
        N, E = forward(net, min(LE[0::2]), status)
        finish = max(E[1::2])
        critical = driving(net, N, E, finish)
    early_starts, early_finishes = E[0::2], E[1::2]
    late_starts, late_finishes = LE[0::2], LE[1::2]

    floats = _total_floats(net, N, E, L)
    overrun = 0
    if finish > deadline:
        numbering = net.numberings[net.default]
        counts = numbering.count(finish + 1), numbering.count(deadline + 1)
        if max(counts) >= POISON:
            cal = net.calendars[net.default]
            raise ScheduleError(
                f"plan finish {date.fromordinal(finish)} is outside the known years of the "
                f"default calendar {cal.label} (cn: {cal.known_years()})"
            )
        overrun = counts[0] - counts[1]

    path = _in_path_order(net, critical, early_starts, early_finishes)
    statuses = None
    if status is not None:
        progress = net.progress
        statuses = [
            _status(progress.get(i), status, late_starts[i], late_finishes[i])
            for i in range(len(net.ids))
        ]
    return Schedule(
        start=date.fromordinal(min(early_starts)),
        finish=date.fromordinal(finish),
        deadline=date.fromordinal(deadline),
        feasible=finish <= deadline,
        overrun_days=overrun,
        critical_path=path,
        status_date=plan.status_date,
        ids=tuple(net.ids),
        early_starts=tuple(early_starts),
        early_finishes=tuple(early_finishes),
        late_starts=tuple(late_starts),
        late_finishes=tuple(late_finishes),
        total_floats=tuple(floats),
        criticals=tuple(map(bool, critical)),
        statuses=None if statuses is None else tuple(statuses),
    )


def _total_floats(net: Network, N: list[int], E: list[int], L: list[int]) -> list[int]:
    """Working days of each task's own calendar from its early start to its late start: the
    difference of the two numbers (for a task with progress, of its actual start's)."""
    floats = list(map(operator.sub, L[0::2], N[0::2]))
    for i in sorted(net.progress):  # the first in the plan's order is named
        numbering = net.numberings[net.calendar_of[i]]
        early = numbering.count(E[2 * i])
        if early >= POISON:  # a task dated (by its progress) outside its cn calendar's years
            cal = net.calendars[net.calendar_of[i]]
            raise ScheduleError(
                f"task {quoted(net.ids[i])}: dates outside the known years of calendar "
                f"{cal.label} (cn: {cal.known_years()})"
            )
        floats[i] = L[2 * i] - early
    return floats


def _in_path_order(
    net: Network, critical: bytearray, early_starts: list[int], early_finishes: list[int]
) -> tuple[str, ...]:
    """The ids of the tasks on the driving path, by early start, early finish, then id."""
    ids = net.ids
    ordered = list(compress(range(len(ids)), critical))
    ordered.sort(key=early_finishes.__getitem__)
    ordered.sort(key=early_starts.__getitem__)  # stable: by early start, then early finish
    starts = list(map(early_starts.__getitem__, ordered))
    if len(set(starts)) < len(starts):  # put each run of equal dates in id order
        keys = list(zip(starts, map(early_finishes.__getitem__, ordered), strict=True))
        run = 0
        for x in range(1, len(keys) + 1):
            if x == len(keys) or keys[x] != keys[run]:
                if x - run > 1:
                    ordered[run:x] = sorted(ordered[run:x], key=ids.__getitem__)
                run = x
    return tuple(map(ids.__getitem__, ordered))


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
