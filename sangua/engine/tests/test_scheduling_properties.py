"""Properties of the reverse-scheduling engine (SPEC §4) on random plans.

The engine is checked against a reference written straight from the SPEC's table with the public
``next``/``prev`` (themselves checked against walking day by day), in any input order, and for the
float and inverse properties the SPEC's passes promise."""

from __future__ import annotations

import graphlib
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sangua.engine import calendar as wd
from sangua.engine.calendar import Calendar
from sangua.engine.scheduling import Dependency, DependencyType, Plan, Schedule, Task, schedule
from sangua.engine.tests.test_calendar import CREW, OFFICIAL_2013

CALENDARS = {"wk": Calendar("mon-fri"), "crew": CREW}
FS, SS, FF = DependencyType.FS, DependencyType.SS, DependencyType.FF

Dates = dict[str, tuple[date, date, date, date]]


# --- the reference: the SPEC's table, one dependency at a time ------------------------------------


BUILTIN = {"all": Calendar("all"), "cn": Calendar("cn", official=OFFICIAL_2013)}


def calendar_of(plan: Plan, task: Task) -> Calendar:
    name = task.calendar or plan.default_calendar
    return plan.calendars[name] if name in plan.calendars else BUILTIN[name]


def reference_forward(plan: Plan, order: list[str], start: date) -> dict[str, tuple[date, date]]:
    tasks = {t.id: t for t in plan.tasks}
    early: dict[str, tuple[date, date]] = {}
    for s in order:
        task, cal = tasks[s], calendar_of(plan, tasks[s])
        starts, finishes = [wd.next(cal, start, 1, False)], []
        for dep in task.after:
            q_start, q_finish = early[dep.task]
            q_milestone, n = tasks[dep.task].duration == 0, dep.lag + 1
            if task.duration == 0:
                x = q_start if dep.type == SS else q_finish
                starts.append(wd.next(cal, x, n, False))
            elif dep.type == FS or (dep.type == SS and q_milestone):
                starts.append(wd.next(cal, q_finish, n, True))
            elif dep.type == SS:
                starts.append(wd.next(cal, q_start, n, False))
            else:
                finishes.append(wd.next(cal, q_finish, n, False))
        es = max(starts)
        if task.duration == 0:
            early[s] = (es, es)
            continue
        ef = wd.next(cal, es, task.duration, False)
        if finishes and max(finishes) > ef:
            ef = max(finishes)
            es = wd.prev(cal, ef, task.duration, False)
        early[s] = (es, ef)
    return early


def reference_backward(
    plan: Plan, order: list[str], deadline: date
) -> dict[str, tuple[date, date]]:
    tasks = {t.id: t for t in plan.tasks}
    successors: dict[str, list[tuple[str, Dependency]]] = {t.id: [] for t in plan.tasks}
    for task in plan.tasks:
        for dep in task.after:
            successors[dep.task].append((task.id, dep))
    late: dict[str, tuple[date, date]] = {}
    for q in reversed(order):
        task, cal = tasks[q], calendar_of(plan, tasks[q])
        finishes: list[date] = [wd.prev(cal, deadline, 1, False)]
        starts: list[date] = []
        for s, dep in successors[q]:
            s_cal, n = calendar_of(plan, tasks[s]), dep.lag + 1
            s_start, s_finish = late[s]
            if tasks[s].duration == 0:  # inverse of date(s) >= next(cal_s, X, n, not strict)
                x = wd.prev(s_cal, s_start, n, False)
                bound = wd.prev(cal, x, 1, False)
                (starts if dep.type == SS and task.duration else finishes).append(bound)
            elif dep.type == FS or (dep.type == SS and task.duration == 0):
                x = wd.prev(s_cal, s_start, n, False)
                finishes.append(wd.prev(cal, x, 1, True))
            elif dep.type == SS:
                x = wd.prev(s_cal, s_start, n, False)
                starts.append(wd.prev(cal, x, 1, False))
            else:
                x = wd.prev(s_cal, s_finish, n, False)
                finishes.append(wd.prev(cal, x, 1, False))
        lf = min(finishes)
        if task.duration == 0:
            late[q] = (lf, lf)
            continue
        ls = wd.prev(cal, lf, task.duration, False)
        if starts and min(starts) < ls:
            ls = min(starts)
            lf = wd.next(cal, ls, task.duration, False)
        late[q] = (ls, lf)
    return late


def reference(plan: Plan) -> tuple[Dates, date, date, list[str]]:
    graph = {t.id: [d.task for d in t.after] for t in plan.tasks}
    order = list(graphlib.TopologicalSorter(graph).static_order())
    if plan.start is not None:
        early = reference_forward(plan, order, plan.start)
        finish = max(f for _, f in early.values())
        late = reference_backward(plan, order, plan.deadline or finish)
    else:
        assert plan.deadline is not None
        late = reference_backward(plan, order, plan.deadline)
        early = reference_forward(plan, order, min(s for s, _ in late.values()))
        finish = max(f for _, f in early.values())
    dates = {i: (*early[i], *late[i]) for i in early}
    # The driving path, literally: from each task finishing with the plan, every dependency whose
    # bound equals the successor's early date.
    tasks = {t.id: t for t in plan.tasks}
    critical = {i for i in early if early[i][1] == finish}
    todo = list(critical)
    while todo:
        s = todo.pop()
        for dep in tasks[s].after:
            cal = calendar_of(plan, tasks[s])
            q_start, q_finish = early[dep.task]
            milestone, q_milestone = tasks[s].duration == 0, tasks[dep.task].duration == 0
            n = dep.lag + 1
            if milestone:
                bound, mine = wd.next(cal, q_start if dep.type == SS else q_finish, n, False), 0
            elif dep.type == FS or (dep.type == SS and q_milestone):
                bound, mine = wd.next(cal, q_finish, n, True), 0
            elif dep.type == SS:
                bound, mine = wd.next(cal, q_start, n, False), 0
            else:
                bound, mine = wd.next(cal, q_finish, n, False), 1
            if bound == early[s][mine] and dep.task not in critical:
                critical.add(dep.task)
                todo.append(dep.task)
    path = sorted(critical, key=lambda i: (early[i][0], early[i][1], i))
    return dates, finish, plan.deadline or finish, path


# --- random plans --------------------------------------------------------------------------------


@st.composite
def plans(draw: st.DrawFn, calendars: tuple[str, ...] = ("all", "wk", "cn", "crew")) -> Plan:
    n = draw(st.integers(1, 8))
    tasks = []
    for i in range(n):
        after = []
        for j in draw(st.sets(st.integers(0, i - 1), max_size=3)) if i else ():
            kind = draw(st.sampled_from([FS, FS, SS, FF]))
            after.append(Dependency(f"T{j}", kind, draw(st.integers(0, 3))))
        duration = draw(st.one_of(st.just(0), st.integers(1, 6)))
        tasks.append(Task(f"T{i}", duration, tuple(after), draw(st.sampled_from(calendars))))
    tasks = draw(st.permutations(tasks))
    start = draw(st.none() | st.dates(date(2013, 4, 1), date(2013, 6, 30)))
    deadline: date | None
    if start is None:
        deadline = draw(st.dates(date(2013, 7, 1), date(2013, 9, 30)))
    else:
        deadline = draw(st.none() | st.dates(date(2013, 5, 1), date(2013, 9, 30)))
    return Plan(
        tasks=tuple(tasks),
        start=start,
        deadline=deadline,
        calendars=CALENDARS,
        default_calendar=draw(st.sampled_from(calendars)),
        official=OFFICIAL_2013,
    )


def engine_dates(result: Schedule) -> Dates:
    return {
        t.id: (t.early_start, t.early_finish, t.late_start, t.late_finish) for t in result.tasks
    }


@settings(max_examples=200, deadline=None)
@given(plans())
def test_the_engine_agrees_with_the_specs_table(plan: Plan) -> None:
    dates, finish, deadline, path = reference(plan)

    result = schedule(plan)

    assert engine_dates(result) == dates
    assert (result.finish, result.deadline) == (finish, deadline)
    assert result.start == min(d[0] for d in dates.values())
    assert list(result.critical_path) == path
    assert [t.critical for t in result.tasks] == [t.id in path for t in plan.tasks]
    assert result.feasible == (finish <= deadline)
    for t in result.tasks:
        cal = calendar_of(plan, next(task for task in plan.tasks if task.id == t.id))
        assert t.total_float == wd.working_days_between(cal, t.early_start, t.late_start)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_with_the_early_finish_as_deadline_the_least_float_is_zero(plan: Plan) -> None:
    plan = replace(plan, start=plan.start or date(2013, 5, 6), deadline=None)
    finish = schedule(plan).finish

    result = schedule(replace(plan, deadline=finish))

    assert min(result.total_floats) == 0
    assert result.feasible
    assert result.overrun_days == 0


@settings(max_examples=100, deadline=None)
@given(plans(calendars=("wk",)).filter(lambda p: p.deadline is not None))
def test_backward_then_forward_reproduces_a_single_calendar_chain(plan: Plan) -> None:
    chain = tuple(
        replace(t, id=f"C{i}", after=(Dependency(f"C{i - 1}"),) if i else ())
        for i, t in enumerate(plan.tasks)
    )
    backward = schedule(replace(plan, tasks=chain, start=None))
    begin = backward.tasks[0].late_start

    forward = schedule(replace(plan, tasks=chain, start=begin, deadline=None))

    assert backward.start == begin
    for b, f in zip(backward.tasks, forward.tasks, strict=True):
        assert (f.early_start, f.early_finish) == (b.late_start, b.late_finish)
        assert (f.late_start, f.late_finish) == (b.late_start, b.late_finish)
        assert f.total_float == 0


@settings(max_examples=100, deadline=None)
@given(plans())
def test_early_and_late_dates_keep_every_dependency(plan: Plan) -> None:
    result = schedule(plan)
    by_id = {t.id: t for t in result.tasks}
    tasks = {t.id: t for t in plan.tasks}

    for task in plan.tasks:
        s, cal = by_id[task.id], calendar_of(plan, task)
        for dep in task.after:
            q, n = by_id[dep.task], dep.lag + 1
            for q_start, q_finish, s_start, s_finish in (
                (q.early_start, q.early_finish, s.early_start, s.early_finish),
                (q.late_start, q.late_finish, s.late_start, s.late_finish),
            ):
                if task.duration == 0:
                    x = q_start if dep.type == SS else q_finish
                    assert s_start >= wd.next(cal, x, n, False)
                elif dep.type == FS or (dep.type == SS and tasks[dep.task].duration == 0):
                    assert s_start >= wd.next(cal, q_finish, n, True)
                elif dep.type == SS:
                    assert s_start >= wd.next(cal, q_start, n, False)
                else:
                    assert s_finish >= wd.next(cal, q_finish, n, False)
        assert s.late_finish <= wd.prev(cal, result.deadline, 1, False)
        if plan.start is not None:
            assert s.early_start >= plan.start
        if task.duration:
            assert wd.working_days_between(cal, s.early_start, s.early_finish + timedelta(1)) == (
                task.duration
            )


@st.composite
def progressed(draw: st.DrawFn) -> tuple[Plan, Plan]:
    """A plan with a deadline, and the same plan with a status date and some progress."""
    plan = draw(plans().filter(lambda p: p.deadline is not None))
    status = draw(st.dates(date(2013, 4, 1), date(2013, 8, 31)))
    tasks = []
    for task in plan.tasks:
        started = draw(st.none() | st.dates(date(2013, 3, 1), status))
        finished = remaining = None
        if started is not None:
            if task.duration == 0 or draw(st.booleans()):
                finished = draw(st.dates(started, status))
            else:
                remaining = draw(st.none() | st.integers(0, 8))
        tasks.append(
            replace(task, actual_start=started, actual_finish=finished, remaining=remaining)
        )
    return plan, replace(plan, tasks=tuple(tasks), status_date=status)


@settings(max_examples=100, deadline=None)
@given(progressed())
def test_progress_moves_early_dates_only(pair: tuple[Plan, Plan]) -> None:
    planned, progressed = pair
    status = progressed.status_date
    assert status is not None

    before, after = schedule(planned), schedule(progressed)

    for task, was, now in zip(progressed.tasks, before.tasks, after.tasks, strict=True):
        cal = calendar_of(progressed, task)
        # Late dates ignore progress.
        assert (now.late_start, now.late_finish) == (was.late_start, was.late_finish)
        if task.actual_finish is not None:
            assert now.status == "done"
            assert now.early_finish == task.actual_finish
            assert now.early_start == (task.actual_start if task.duration else task.actual_finish)
        elif task.actual_start is not None:
            assert now.early_start == task.actual_start
            if task.remaining:
                assert now.early_finish == wd.next(cal, status, task.remaining, True)
            elif task.remaining is None:
                assert now.early_finish >= wd.next(cal, status, 1, True)
            assert now.status in ("in_progress", "overdue")
        else:
            assert now.early_start >= wd.next(cal, status, 1, True)
            assert now.status in ("not_started", "behind", "overdue")
        if now.status != "done":
            assert (now.status == "overdue") == (status >= now.late_finish)
