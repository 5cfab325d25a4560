"""Plans the engine refuses (SPEC §4): one ScheduleError whose message names the task and the
problem. The command line prints exactly these messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sangua.engine.scheduling import (
    Dependency,
    Plan,
    ScheduleError,
    Task,
    plan_from_json,
    schedule,
)
from sangua.engine.tests.test_calendar import OFFICIAL_2013


def plan(*tasks: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"start": "2013-05-06", **fields, "tasks": list(tasks)}


def error_of(data: Any) -> str:
    with pytest.raises(ScheduleError) as caught:
        schedule(plan_from_json(data, OFFICIAL_2013))
    return str(caught.value)


A = {"id": "A", "duration": 2}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # the network
        (
            plan(A, {"id": "B", "duration": 1, "after": ["Z"]}),
            'task "B": unknown dependency "Z"',
        ),
        (
            plan(
                {"id": "A", "duration": 1, "after": ["C"]},
                {"id": "B", "duration": 1, "after": ["A"]},
                {"id": "C", "duration": 1, "after": ["B"]},
                {"id": "D", "duration": 1, "after": ["C"]},
            ),
            "cycle: A → B → C → A",
        ),
        (plan({"id": "A", "duration": 1, "after": ["A"]}), "cycle: A → A"),
        (
            plan(
                {"id": "X", "duration": 1},
                {"id": "Y", "duration": 1, "after": ["X", {"task": "Z", "type": "SS"}]},
                {"id": "Z", "duration": 1, "after": [{"task": "Y", "type": "FF"}]},
            ),
            "cycle: Y → Z → Y",
        ),
        (plan(A, {"id": "A", "duration": 3}), 'task "A": duplicate id'),
        # durations and lags
        (plan({"id": "A", "duration": -1}), 'task "A": negative duration -1'),
        (
            plan({"id": "A", "duration": 2.5}),
            'task "A": duration must be a whole number, got 2.5',
        ),
        (
            plan({"id": "A", "duration": "3"}),
            'task "A": duration must be a whole number, got "3"',
        ),
        (
            plan({"id": "A", "duration": True}),
            'task "A": duration must be a whole number, got true',
        ),
        (plan({"id": "A"}), 'task "A": missing duration'),
        (
            plan(A, {"id": "B", "duration": 1, "after": [{"task": "A", "lag": -2}]}),
            'task "B": negative lag -2 on "A"',
        ),
        (
            plan(A, {"id": "B", "duration": 1, "after": [{"task": "A", "lag": 0.5}]}),
            'task "B": lag on "A" must be a whole number, got 0.5',
        ),
        (
            plan(A, {"id": "B", "duration": 1, "after": [{"task": "A", "type": "SF"}]}),
            'task "B": dependency on "A" has unknown type "SF" (expected FS, SS or FF)',
        ),
        (
            plan(A, {"id": "B", "duration": 1, "after": [{"type": "FS"}]}),
            'task "B": a dependency must be a task id or {"task": id, ...}',
        ),
        (plan(A, {"id": "B", "duration": 1, "after": "A"}), 'task "B": after must be a list'),
        # calendars
        (plan({**A, "calendar": "moon"}), 'task "A": unknown calendar "moon"'),
        (plan(A, default_calendar="moon"), 'default_calendar: unknown calendar "moon"'),
        (
            plan(A, calendars={"crew": {"base": "weekly"}}),
            'calendar "crew": unknown base "weekly" (expected all, mon-fri or cn)',
        ),
        (
            plan(A, calendars={"crew": {"base": "all", "holidays": ["2013-13-01"]}}),
            'calendar "crew": holidays: malformed date "2013-13-01" (expected YYYY-MM-DD)',
        ),
        (
            plan(
                A,
                calendars={
                    "crew": {"base": "all", "holidays": ["2013-10-01"], "workdays": ["2013-10-01"]}
                },
            ),
            'calendar "crew": 2013-10-01 is both a holiday and a workday',
        ),
        (plan(A, calendars=[]), "calendars must be an object"),
        # cn dates outside the known years (the test official calendar knows 2013 only)
        (
            plan(
                {**A, "calendar": "admin"}, start="2014-03-03", calendars={"admin": {"base": "cn"}}
            ),
            'task "A": dates outside the known years of calendar "admin" (cn: 2013)',
        ),
        (
            plan(
                A,
                {"id": "B", "duration": 21, "calendar": "cn", "after": ["A"]},
                start="2013-12-02",
            ),
            'task "B": dates outside the known years of calendar cn (cn: 2013)',
        ),
        (
            plan({**A, "calendar": "cn"}, start="2013-12-02", deadline="2014-01-31"),
            'task "A": dates outside the known years of calendar cn (cn: 2013)',
        ),
        (
            {"deadline": "2013-01-10", "tasks": [{"id": "A", "duration": 9, "calendar": "cn"}]},
            'task "A": dates outside the known years of calendar cn (cn: 2013)',
        ),
        (
            plan(
                A, {"id": "B", "duration": 1, "calendar": "cn", "after": ["A"]}, start="2012-12-20"
            ),
            'task "B": dates outside the known years of calendar cn (cn: 2013)',
        ),
        (  # B must finish with A on Friday 4 January, so it would start in December 2012
            plan(
                {"id": "A", "duration": 6},
                {
                    "id": "B",
                    "duration": 5,
                    "calendar": "cn",
                    "after": [{"task": "A", "type": "FF"}],
                },
                start="2012-12-30",
            ),
            'task "B": dates outside the known years of calendar cn (cn: 2013)',
        ),
        # start, deadline and dates
        ({"tasks": [A]}, "plan needs a start or a deadline"),
        (plan(A, start="2013-02-30"), 'start: malformed date "2013-02-30" (expected YYYY-MM-DD)'),
        (plan(A, start="6 May 2013"), 'start: malformed date "6 May 2013" (expected YYYY-MM-DD)'),
        (plan(A, deadline=20131231), "deadline: malformed date 20131231 (expected YYYY-MM-DD)"),
        (
            plan(A, status_date="2013-5-6"),
            'status_date: malformed date "2013-5-6" (expected YYYY-MM-DD)',
        ),
        (
            plan({**A, "actual_start": "yesterday"}, status_date="2013-05-10"),
            'task "A": actual_start: malformed date "yesterday" (expected YYYY-MM-DD)',
        ),
        # progress
        (
            plan({**A, "actual_finish": "2013-05-07"}, status_date="2013-05-10"),
            'task "A": actual_finish without actual_start',
        ),
        (
            plan(
                {**A, "actual_start": "2013-05-08", "actual_finish": "2013-05-07"},
                status_date="2013-05-10",
            ),
            'task "A": actual_finish 2013-05-07 is before actual_start 2013-05-08',
        ),
        (
            plan({**A, "actual_start": "2013-05-20"}, status_date="2013-05-10"),
            'task "A": actual_start 2013-05-20 is after status_date 2013-05-10',
        ),
        (
            plan({**A, "actual_start": "2013-05-08", "remaining": -1}, status_date="2013-05-10"),
            'task "A": negative remaining -1',
        ),
        (
            plan({**A, "remaining": 1.5}, status_date="2013-05-10"),
            'task "A": remaining must be a whole number, got 1.5',
        ),
        # the shape of the document
        ([A], "plan must be a JSON object"),
        (plan(), "tasks must be a non-empty list"),
        (plan(A, {"duration": 1}), "task #2: id must be a non-empty string, got null"),
        (plan(A, {"id": 7, "duration": 1}), "task #2: id must be a non-empty string, got 7"),
        ({"start": "2013-05-06", "tasks": ["A"]}, "task #1: must be an object"),
    ],
)
def test_refused_plans(data: Any, message: str) -> None:
    assert error_of(data) == message


def test_cn_needs_the_official_calendar() -> None:
    data = plan(A, calendars={"admin": {"base": "cn"}})

    with pytest.raises(ScheduleError, match='calendar "admin": base cn needs the official'):
        plan_from_json(data, None)
    with pytest.raises(ScheduleError, match="^calendar cn needs the official calendar$"):
        schedule(plan_from_json(plan({**A, "calendar": "cn"}), None))


def test_a_cn_task_needs_the_deadline_year_known_when_it_ends_the_plan() -> None:
    data = plan({"id": "A", "duration": 5, "calendar": "cn"}, deadline="2014-01-15")

    # A must finish by prev(cn, 2014-01-15, 1): a cn date of 2014, unknown here.
    with pytest.raises(ScheduleError, match='task "A": dates outside the known years'):
        schedule(plan_from_json(data, OFFICIAL_2013))


def test_a_later_deadline_does_not_matter_when_a_successor_bounds_the_cn_task() -> None:
    data = plan(
        {"id": "A", "duration": 5, "calendar": "cn"},
        {"id": "B", "duration": 20, "after": ["A"]},
        start="2013-12-02",
        deadline="2014-01-15",
    )

    result = schedule(plan_from_json(data, OFFICIAL_2013))

    # B (calendar days) must start by 27 December, so A must end by the 26th, a 2013 date.
    assert result.task("B").late_start == date(2013, 12, 27)
    assert (result.task("A").late_start, result.task("A").late_finish) == (
        date(2013, 12, 20),
        date(2013, 12, 26),
    )


def test_a_cn_task_after_a_task_starting_in_an_unknown_year() -> None:
    data = plan(
        {"id": "A", "duration": 5},
        {"id": "B", "duration": 1, "calendar": "cn", "after": ["A"]},
        start="2012-12-30",
    )

    result = schedule(plan_from_json(data, OFFICIAL_2013))

    # A runs 30 December to 3 January on calendar days; B needs only 2013's cn days.
    assert result.task("B").early_start == date(2013, 1, 4)


def test_tasks_in_other_calendars_may_run_past_the_known_years() -> None:
    data = plan(
        {"id": "A", "duration": 5, "calendar": "cn"},
        {"id": "B", "duration": 60, "after": ["A"]},
        start="2013-12-02",
    )

    result = schedule(plan_from_json(data, OFFICIAL_2013))

    # A: Mon 2 to Fri 6 December; B: 60 calendar days from Saturday the 7th.
    assert (result.finish, result.deadline) == (date(2014, 2, 4), date(2014, 2, 4))
    assert result.task("A").late_finish == date(2013, 12, 6)


def test_errors_from_dataclass_plans() -> None:
    start = date(2013, 5, 6)
    with pytest.raises(ScheduleError, match="^plan has no tasks$"):
        schedule(Plan(tasks=(), start=start))
    with pytest.raises(ScheduleError, match='^task "B": negative lag -1 on "A"$'):
        schedule(Plan((Task("A", 1), Task("B", 1, (Dependency("A", lag=-1),))), start=start))
    with pytest.raises(ScheduleError, match='^task "A": duration must be a whole number, got 1.5$'):
        schedule(Plan((Task("A", 1.5),), start=start))  # type: ignore[arg-type]
    with pytest.raises(ScheduleError, match="unknown type"):
        schedule(Plan((Task("A", 1), Task("B", 1, (Dependency("A", "XX"),))), start=start))  # type: ignore[arg-type]


def test_error_messages_are_one_line() -> None:
    data = plan({"id": "任务\n一", "duration": -1})

    assert error_of(data) == 'task "任务\\n一": negative duration -1'
