"""The passes in working-day numbers (SPEC §4): larger random networks against the SPEC's table, a
plain critical-path computation on calendar days, the ends of time, and a cn task whose deadline
year is unknown but whose successors bound it. No Django."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sangua.engine.calendar import OfficialCalendar
from sangua.engine.scheduling import (
    Dependency,
    DependencyType,
    Plan,
    ScheduleError,
    Task,
    plan_from_json,
    schedule,
)
from sangua.engine.tests.test_calendar import OFFICIAL_2013
from sangua.engine.tests.test_scheduling_properties import CALENDARS, engine_dates, reference

FS, SS, FF = DependencyType.FS, DependencyType.SS, DependencyType.FF


@st.composite
def networks(draw: st.DrawFn) -> Plan:
    """Up to 40 tasks with up to 4 dependencies each, mostly finish to start, in one calendar or
    several, listed in order or not."""
    n = draw(st.integers(10, 40))
    calendars = draw(st.sampled_from([("all",), ("wk",), ("cn",), ("all", "wk", "cn", "crew")]))
    tasks = []
    for i in range(n):
        after = []
        for j in draw(st.sets(st.integers(0, i - 1), max_size=4)) if i else ():
            kind = draw(st.sampled_from([FS, FS, FS, FS, SS, FF]))
            after.append(Dependency(f"T{j}", kind, draw(st.sampled_from([0, 0, 0, 1, 4]))))
        duration = draw(st.sampled_from([0, 1, 2, 3, 5, 8]))
        tasks.append(Task(f"T{i}", duration, tuple(after), draw(st.sampled_from(calendars))))
    if draw(st.booleans()):
        tasks = draw(st.permutations(tasks))
    start = date(2013, 3, 4)
    deadline = draw(st.none() | st.dates(date(2013, 6, 1), date(2013, 11, 30)))
    return Plan(
        tasks=tuple(tasks),
        start=start if deadline is None or draw(st.booleans()) else None,
        deadline=deadline,
        calendars=CALENDARS,
        default_calendar=calendars[0],
        official=OFFICIAL_2013,
    )


@settings(max_examples=60, deadline=None)
@given(networks())
def test_larger_networks_agree_with_the_specs_table(plan: Plan) -> None:
    dates, finish, deadline, path = reference(plan)

    result = schedule(plan)

    assert engine_dates(result) == dates
    assert (result.finish, result.deadline) == (finish, deadline)
    assert list(result.critical_path) == path


def plain_cpm(tasks: list[tuple[str, int, list[str]]]) -> dict[str, int]:
    """Float on calendar days, FS without lag: the textbook longest path, on day counts."""
    duration = {t: d for t, d, _ in tasks}
    early: dict[str, int] = {}
    for t, _, after in tasks:  # listed predecessors first
        early[t] = max((early[p] + duration[p] for p in after), default=0)
    finish = max(early[t] + duration[t] for t in early)
    late: dict[str, int] = {}
    successors: dict[str, list[str]] = {t: [] for t in early}
    for t, _, after in tasks:
        for p in after:
            successors[p].append(t)
    for t, d, _ in reversed(tasks):
        late[t] = min((late[s] for s in successors[t]), default=finish) - d
    return {t: late[t] - early[t] for t in early}


def test_a_large_random_network_on_calendar_days_has_the_textbook_floats() -> None:
    rng = random.Random(3)
    tasks = []
    for i in range(3000):
        preds = rng.sample(range(i), min(i, rng.randint(1, 3))) if i else []
        tasks.append((f"T{i}", rng.randint(1, 10), [f"T{p}" for p in preds]))
    plan = Plan(
        tasks=tuple(Task(t, d, tuple(Dependency(p) for p in after)) for t, d, after in tasks),
        start=date(2013, 5, 6),
    )

    result = schedule(plan)

    floats = plain_cpm(tasks)
    assert list(result.total_floats) == [floats[t] for t, _, _ in tasks]
    assert set(result.critical_path) == {t for t, f in floats.items() if f == 0}


def chain(duration: int) -> list[dict[str, object]]:
    return [
        {"id": f"T{i}", "duration": duration, "after": [f"T{i - 1}"] if i else []} for i in range(4)
    ]


def test_a_chain_past_the_year_9999_names_the_first_task_out_of_range() -> None:
    # A million days is about 2,740 years: from 2013, T2 would end after 9999.
    with pytest.raises(ScheduleError, match=r'^task "T2": dates out of range \(years 1–9999\)$'):
        schedule(plan_from_json({"start": "2013-05-06", "tasks": chain(1_000_000)}))
    # 300,000 days back from 2013 three times: T1 would start before year 1.
    with pytest.raises(ScheduleError, match=r'^task "T1": dates out of range \(years 1–9999\)$'):
        schedule(plan_from_json({"deadline": "2013-05-06", "tasks": chain(300_000)}))


def test_a_successor_bounds_a_cn_task_whose_deadline_year_is_unknown() -> None:
    # The deadline (2014) lies past the known years, but B starts with A (SS), so A must start
    # by B's late start (2013) and ends 5 working days later, a 2013 date before any 2014 one.
    data = {
        "start": "2013-05-06",
        "deadline": "2014-06-30",
        "tasks": [
            {"id": "A", "duration": 5, "calendar": "cn"},
            {"id": "B", "duration": 300, "after": [{"task": "A", "type": "SS"}]},
        ],
    }

    result = schedule(plan_from_json(data, OFFICIAL_2013))

    assert result.task("B").late_start == date(2014, 6, 30) - timedelta(299) == date(2013, 9, 4)
    a = result.task("A")
    assert (a.late_start, a.late_finish) == (date(2013, 9, 4), date(2013, 9, 10))
    # The same as if 2014 were known, whatever its holidays.
    known = OfficialCalendar(
        OFFICIAL_2013.holidays | {date(2014, 1, 1)}, OFFICIAL_2013.workdays, frozenset({2013, 2014})
    )
    assert schedule(plan_from_json(data, known)).task("A") == a
