"""The reverse-scheduling engine (SPEC §4) on hand-computed plans: the worked example, each
dependency type, milestones, each calendar base, only-start and only-deadline plans, infeasible
plans, progress and status. Every expected date was counted by hand on a 2013 calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sangua.engine.scheduling import (
    Dependency,
    DependencyType,
    Plan,
    Status,
    Task,
    plan_from_json,
    schedule,
    schedule_to_json,
)
from sangua.engine.tests.test_calendar import OFFICIAL_2013


def run(plan: dict[str, Any]) -> dict[str, Any]:
    return schedule_to_json(schedule(plan_from_json(plan, OFFICIAL_2013)))


def dates(result: dict[str, Any]) -> dict[str, tuple[str, str, str, str, int, bool]]:
    """Each task's (early start, early finish, late start, late finish, float, critical)."""
    return {
        t["id"]: (
            t["early_start"],
            t["early_finish"],
            t["late_start"],
            t["late_finish"],
            t["total_float"],
            t["critical"],
        )
        for t in result["tasks"]
    }


SPEC_EXAMPLE: dict[str, Any] = {
    "start": "2013-05-06",
    "deadline": "2013-12-31",
    "default_calendar": "site",
    "calendars": {
        "site": {"base": "all"},
        "admin": {"base": "cn"},
        "crew": {"base": "mon-fri", "holidays": ["2013-10-01"], "workdays": ["2013-09-29"]},
    },
    "tasks": [
        {"id": "A", "name": "用地预审", "duration": 10, "calendar": "admin"},
        {"id": "B", "name": "施工许可", "duration": 5, "calendar": "admin", "after": ["A"]},
        {
            "id": "C",
            "name": "主体施工",
            "duration": 60,
            "after": [{"task": "B", "type": "FS", "lag": 3}],
        },
        {"id": "M", "name": "交付", "duration": 0, "after": ["C"]},
    ],
}


def test_the_worked_example_of_the_spec() -> None:
    result = run(SPEC_EXAMPLE)

    assert result == {
        "start": "2013-05-06",
        "finish": "2013-07-26",
        "deadline": "2013-12-31",
        "feasible": True,
        "overrun_days": 0,
        "critical_path": ["A", "B", "C", "M"],
        "tasks": [
            {
                "id": "A",
                "early_start": "2013-05-06",
                "early_finish": "2013-05-17",
                "late_start": "2013-10-10",
                "late_finish": "2013-10-22",
                "total_float": 107,
                "critical": True,
            },
            {
                "id": "B",
                "early_start": "2013-05-20",
                "early_finish": "2013-05-24",
                "late_start": "2013-10-23",
                "late_finish": "2013-10-29",
                "total_float": 107,
                "critical": True,
            },
            {
                "id": "C",
                "early_start": "2013-05-28",
                "early_finish": "2013-07-26",
                "late_start": "2013-11-02",
                "late_finish": "2013-12-31",
                "total_float": 158,
                "critical": True,
            },
            {
                "id": "M",
                "early_start": "2013-07-26",
                "early_finish": "2013-07-26",
                "late_start": "2013-12-31",
                "late_finish": "2013-12-31",
                "total_float": 158,
                "critical": True,
            },
        ],
    }
    assert list(result) == [
        "start",
        "finish",
        "deadline",
        "feasible",
        "overrun_days",
        "critical_path",
        "tasks",
    ]
    assert list(result["tasks"][0]) == [
        "id",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "critical",
    ]


def test_the_example_as_dataclasses() -> None:
    plan = Plan(
        tasks=(
            Task("A", 10, calendar="cn"),
            Task("B", 5, (Dependency("A"),), calendar="cn"),
            Task("C", 60, (Dependency("B", DependencyType.FS, 3),)),
            Task("M", 0, (Dependency("C"),)),
        ),
        start=date(2013, 5, 6),
        deadline=date(2013, 12, 31),
        official=OFFICIAL_2013,
    )

    result = schedule(plan)

    assert result.finish == date(2013, 7, 26)
    assert result.task("A").late_start == date(2013, 10, 10)
    assert result.task("C").total_float == 158
    assert result.tasks[3].early_start == date(2013, 7, 26)
    assert result.critical_path == ("A", "B", "C", "M")


# --- dependency types ----------------------------------------------------------------------------


def test_fs_ss_ff_and_lags_on_calendar_days() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "deadline": "2013-05-31",
            "tasks": [
                {"id": "A", "duration": 5},
                {"id": "B", "duration": 3, "after": [{"task": "A", "type": "SS", "lag": 2}]},
                {"id": "C", "duration": 2, "after": [{"task": "A", "type": "FF", "lag": 1}]},
                {"id": "D", "duration": 10, "after": [{"task": "A", "type": "FF"}]},
                {"id": "E", "duration": 1, "after": [{"task": "A", "lag": 3}]},
            ],
        }
    )

    assert dates(result) == {
        # A's late finish: E's FS lag 3 (prev(31, 4) = 28, the day before is 27) is the tightest.
        "A": ("2013-05-06", "2013-05-10", "2013-05-23", "2013-05-27", 17, False),
        # SS lag 2: start on the 3rd day counted from A's start.
        "B": ("2013-05-08", "2013-05-10", "2013-05-29", "2013-05-31", 21, False),
        # FF lag 1: finish on the 2nd day counted from A's finish, so start on the 10th.
        "C": ("2013-05-10", "2013-05-11", "2013-05-30", "2013-05-31", 20, False),
        # FF, but the plan's start holds D's start: FF only pushes a finish later.
        "D": ("2013-05-06", "2013-05-15", "2013-05-22", "2013-05-31", 16, True),
        # FS lag 3: three whole days between A's last day and E's first.
        "E": ("2013-05-14", "2013-05-14", "2013-05-31", "2013-05-31", 17, False),
    }
    assert result["finish"] == "2013-05-15"
    assert result["critical_path"] == ["D"]  # D's finish does not hang on A's: A is not driving


def test_ss_holds_the_predecessor_back_in_the_backward_pass() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "deadline": "2013-05-31",
            "tasks": [
                {"id": "A", "duration": 5},
                {"id": "B", "duration": 20, "after": [{"task": "A", "type": "SS", "lag": 2}]},
            ],
        }
    )

    assert dates(result) == {
        "A": ("2013-05-06", "2013-05-10", "2013-05-10", "2013-05-14", 4, True),
        "B": ("2013-05-08", "2013-05-27", "2013-05-12", "2013-05-31", 4, True),
    }
    assert result["critical_path"] == ["A", "B"]


def test_milestones_before_between_and_after_tasks() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "deadline": "2013-05-17",
            "default_calendar": "mon-fri",
            "tasks": [
                {"id": "S", "duration": 0},
                {"id": "A", "duration": 2, "after": ["S"]},
                {"id": "B", "duration": 2, "after": [{"task": "S", "type": "SS"}]},
                {"id": "B2", "duration": 2, "after": [{"task": "S", "type": "SS", "lag": 1}]},
                {"id": "M1", "duration": 0, "after": ["A"]},
                {"id": "M2", "duration": 0, "after": ["M1"]},
                {"id": "M3", "duration": 0, "after": [{"task": "M1", "lag": 1}]},
                {"id": "M4", "duration": 0, "after": [{"task": "A", "type": "SS"}]},
                {"id": "C", "duration": 1, "after": [{"task": "M1", "type": "FF"}]},
            ],
        }
    )

    assert dates(result) == {
        # A milestone with nothing before it stands at the end of the plan's first day.
        "S": ("2013-05-06", "2013-05-06", "2013-05-14", "2013-05-14", 6, True),
        # A task after a milestone starts the next working day, for FS and for SS alike.
        "A": ("2013-05-07", "2013-05-08", "2013-05-15", "2013-05-16", 6, True),
        "B": ("2013-05-07", "2013-05-08", "2013-05-16", "2013-05-17", 7, False),
        "B2": ("2013-05-08", "2013-05-09", "2013-05-16", "2013-05-17", 6, True),
        # A milestone after a task is dated on the task's last day; after a milestone, the same
        # day; with lag 1, the next working day.
        "M1": ("2013-05-08", "2013-05-08", "2013-05-16", "2013-05-16", 6, True),
        "M2": ("2013-05-08", "2013-05-08", "2013-05-17", "2013-05-17", 7, False),
        "M3": ("2013-05-09", "2013-05-09", "2013-05-17", "2013-05-17", 6, True),
        # SS into a milestone counts from the predecessor's first day.
        "M4": ("2013-05-07", "2013-05-07", "2013-05-17", "2013-05-17", 8, False),
        # FF from a milestone: finish on the milestone's day.
        "C": ("2013-05-08", "2013-05-08", "2013-05-17", "2013-05-17", 7, False),
    }
    assert result["start"] == "2013-05-06"
    assert result["finish"] == "2013-05-09"
    assert result["critical_path"] == ["S", "A", "M1", "B2", "M3"]


# --- calendars -----------------------------------------------------------------------------------


def test_cn_calendar_across_national_day_2013() -> None:
    result = run(
        {
            "start": "2013-09-26",
            "deadline": "2013-10-15",
            "default_calendar": "cn",
            "tasks": [
                {"id": "A", "duration": 3},
                {"id": "B", "duration": 2, "after": ["A"]},
                {"id": "M", "duration": 0, "after": ["B"]},
            ],
        }
    )

    assert dates(result) == {
        # Thu 26, Fri 27, Sun 29 September (make-up day; Saturday 28 is off); late, A must end
        # on Saturday 12 October, a make-up day.
        "A": ("2013-09-26", "2013-09-29", "2013-10-10", "2013-10-12", 6, True),
        # Mon 30 September, then Tue 8 October after the holiday.
        "B": ("2013-09-30", "2013-10-08", "2013-10-14", "2013-10-15", 6, True),
        "M": ("2013-10-08", "2013-10-08", "2013-10-15", "2013-10-15", 6, True),
    }


def test_calendar_exceptions_per_calendar() -> None:
    result = run(
        {
            "start": "2013-09-27",
            "calendars": {
                "crew": {
                    "base": "mon-fri",
                    "holidays": ["2013-10-01"],
                    "workdays": ["2013-09-29"],
                },
                "office": {
                    "base": "cn",
                    "holidays": ["2013-10-08"],
                    "workdays": ["2013-10-05"],
                },
            },
            "tasks": [
                {"id": "A", "duration": 4, "calendar": "crew"},
                {"id": "B", "duration": 2, "calendar": "office", "after": ["A"]},
            ],
        }
    )

    # A: Fri 27, Sun 29 (crew works), Mon 30, Wed 2 October (crew is off on the 1st).
    # B: after Wednesday the 2nd the office works on Saturday the 5th, not on Tuesday the 8th.
    assert dates(result)["A"][:2] == ("2013-09-27", "2013-10-02")
    assert dates(result)["B"][:2] == ("2013-10-05", "2013-10-09")


def test_lag_counts_in_the_successors_calendar() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "calendars": {"week": {"base": "mon-fri"}},
            "tasks": [
                {"id": "A", "duration": 5, "calendar": "all"},  # Mon 6 to Fri 10 May
                {"id": "B", "duration": 1, "calendar": "week", "after": [{"task": "A", "lag": 1}]},
                {"id": "C", "duration": 1, "after": [{"task": "A", "lag": 1}]},
            ],
        }
    )

    assert dates(result)["B"][:2] == ("2013-05-14", "2013-05-14")  # skips Monday 13 only
    assert dates(result)["C"][:2] == ("2013-05-12", "2013-05-12")  # skips Saturday 11 only


def test_long_plans_widen_the_working_day_window() -> None:
    # 2,000 tasks of 10 working days: about 77 years of weekdays either way from 2013.
    chain = tuple(Task(f"T{i}", 10, (Dependency(f"T{i - 1}"),) if i else ()) for i in range(2000))
    forward = schedule(Plan(chain, start=date(2013, 5, 6), default_calendar="mon-fri"))
    backward = schedule(Plan(chain, deadline=date(2013, 5, 3), default_calendar="mon-fri"))

    weeks = 2000 * 10 // 5  # whole weeks of five working days
    assert forward.finish == date(2013, 5, 3) + timedelta(weeks=weeks)
    assert forward.task("T1999").early_start == date(2013, 4, 22) + timedelta(weeks=weeks)
    assert backward.start == date(2013, 5, 6) - timedelta(weeks=weeks)
    assert backward.task("T1").late_start == backward.start + timedelta(weeks=2)
    assert set(forward.total_floats) == set(backward.total_floats) == {0}


# --- only a start, only a deadline, infeasible ---------------------------------------------------


def test_only_a_start_ends_the_backward_pass_at_the_early_finish() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "default_calendar": "mon-fri",
            "tasks": [
                {"id": "A", "duration": 3},
                {"id": "B", "duration": 2, "after": ["A"]},
                {"id": "C", "duration": 1},
            ],
        }
    )

    assert (result["finish"], result["deadline"], result["feasible"]) == (
        "2013-05-10",
        "2013-05-10",
        True,
    )
    assert dates(result) == {
        "A": ("2013-05-06", "2013-05-08", "2013-05-06", "2013-05-08", 0, True),
        "B": ("2013-05-09", "2013-05-10", "2013-05-09", "2013-05-10", 0, True),
        "C": ("2013-05-06", "2013-05-06", "2013-05-10", "2013-05-10", 4, False),
    }


def test_only_a_deadline_starts_the_forward_pass_on_the_last_possible_day() -> None:
    result = run(
        {
            "deadline": "2013-05-17",
            "default_calendar": "mon-fri",
            "tasks": [
                {"id": "A", "duration": 3},
                {"id": "B", "duration": 2, "after": ["A"]},
                {"id": "C", "duration": 1},
            ],
        }
    )

    assert (result["start"], result["finish"], result["deadline"]) == (
        "2013-05-13",
        "2013-05-17",
        "2013-05-17",
    )
    assert dates(result) == {
        "A": ("2013-05-13", "2013-05-15", "2013-05-13", "2013-05-15", 0, True),
        "B": ("2013-05-16", "2013-05-17", "2013-05-16", "2013-05-17", 0, True),
        "C": ("2013-05-13", "2013-05-13", "2013-05-17", "2013-05-17", 4, False),
    }
    assert result["critical_path"] == ["A", "B"]


def test_infeasible_plan_counts_overrun_in_the_default_calendar() -> None:
    plan = {
        "start": "2013-05-06",
        "deadline": "2013-05-08",
        "tasks": [{"id": "A", "duration": 8, "calendar": "mon-fri"}],
    }

    on_calendar_days = run(plan)
    on_weekdays = run({**plan, "default_calendar": "mon-fri"})

    # A runs Mon 6 to Wed 15 May; late, it would have to run Mon 29 April to Wed 8 May.
    assert dates(on_calendar_days)["A"] == (
        "2013-05-06",
        "2013-05-15",
        "2013-04-29",
        "2013-05-08",
        -5,
        True,
    )
    assert (on_calendar_days["feasible"], on_calendar_days["overrun_days"]) == (False, 7)
    assert (on_weekdays["feasible"], on_weekdays["overrun_days"]) == (False, 5)


# --- progress and status -------------------------------------------------------------------------


def test_progress_moves_early_dates_and_sets_status() -> None:
    result = run(
        {
            "start": "2013-09-02",
            "deadline": "2013-10-31",
            "status_date": "2013-09-18",
            "default_calendar": "wk",
            "calendars": {"wk": {"base": "mon-fri"}},
            "tasks": [
                {
                    "id": "A",
                    "duration": 5,
                    "actual_start": "2013-09-02",
                    "actual_finish": "2013-09-06",
                },
                {
                    "id": "B",
                    "duration": 10,
                    "after": ["A"],
                    "actual_start": "2013-09-09",
                    "remaining": 4,
                },
                {"id": "C", "duration": 5, "after": ["A"]},
                {"id": "D", "duration": 3, "after": ["B", "C"]},
                {"id": "E", "duration": 4, "actual_start": "2013-09-10"},
                {"id": "M", "duration": 0, "after": ["D"]},
            ],
        }
    )

    assert dates(result) == {
        # done: keeps its dates
        "A": ("2013-09-02", "2013-09-06", "2013-10-08", "2013-10-14", 26, False),
        # started, 4 days left: Thu 19, Fri 20, Mon 23, Tue 24
        "B": ("2013-09-09", "2013-09-24", "2013-10-15", "2013-10-28", 26, False),
        # not started: not before the working day after the status date
        "C": ("2013-09-19", "2013-09-25", "2013-10-22", "2013-10-28", 23, True),
        "D": ("2013-09-26", "2013-09-30", "2013-10-29", "2013-10-31", 23, True),
        # started, no remaining given: planned to finish Fri 13, but not before Thu 19
        "E": ("2013-09-10", "2013-09-19", "2013-10-28", "2013-10-31", 34, False),
        "M": ("2013-09-30", "2013-09-30", "2013-10-31", "2013-10-31", 23, True),
    }
    assert [t["status"] for t in result["tasks"]] == [
        "done",
        "in_progress",
        "not_started",
        "not_started",
        "in_progress",
        "not_started",
    ]
    assert result["critical_path"] == ["C", "D", "M"]
    assert list(result["tasks"][0])[-1] == "status"


def test_status_overdue_and_behind() -> None:
    result = run(
        {
            "start": "2013-09-02",
            "deadline": "2013-09-20",
            "status_date": "2013-09-18",
            "default_calendar": "mon-fri",
            "tasks": [
                {"id": "P", "duration": 10},
                {"id": "S", "duration": 5, "after": ["P"]},
                {"id": "Q", "duration": 2, "actual_start": "2013-09-02", "remaining": 5},
                {"id": "R", "duration": 10, "after": ["Q"]},
                {
                    "id": "D1",
                    "duration": 1,
                    "actual_start": "2013-09-02",
                    "actual_finish": "2013-09-02",
                },
            ],
        }
    )

    assert dates(result) == {
        "P": ("2013-09-19", "2013-10-02", "2013-09-02", "2013-09-13", -13, True),
        "S": ("2013-10-03", "2013-10-09", "2013-09-16", "2013-09-20", -13, True),
        "Q": ("2013-09-02", "2013-09-25", "2013-09-05", "2013-09-06", 3, True),
        "R": ("2013-09-26", "2013-10-09", "2013-09-09", "2013-09-20", -13, True),
        "D1": ("2013-09-02", "2013-09-02", "2013-09-20", "2013-09-20", 14, False),
    }
    assert {t["id"]: t["status"] for t in result["tasks"]} == {
        "P": Status.OVERDUE,  # not started, and its late finish has passed
        "S": Status.BEHIND,  # not started, its late start has passed
        "Q": Status.OVERDUE,  # started, but its late finish has passed
        "R": Status.BEHIND,
        "D1": Status.DONE,
    }
    assert (result["start"], result["finish"]) == ("2013-09-02", "2013-10-09")
    assert (result["feasible"], result["overrun_days"]) == (False, 13)
    assert result["critical_path"] == ["Q", "P", "R", "S"]


def test_progress_is_ignored_without_a_status_date() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "tasks": [{"id": "A", "duration": 2, "actual_start": "2013-05-08"}],
        }
    )

    assert dates(result)["A"][:2] == ("2013-05-06", "2013-05-07")
    assert "status" not in result["tasks"][0]


def test_a_reached_milestone_is_done() -> None:
    result = run(
        {
            "start": "2013-05-06",
            "deadline": "2013-05-11",
            "status_date": "2013-05-10",
            "tasks": [
                {"id": "A", "duration": 2},
                {"id": "M", "duration": 0, "after": ["A"], "actual_finish": "2013-05-09"},
                {"id": "B", "duration": 1, "after": ["M"]},
            ],
        }
    )

    # A was due before the status date but has no actual start: it waits for the 11th, and its
    # late finish (the 10th, the day before B's late start) has passed.
    assert dates(result)["A"][:2] == ("2013-05-11", "2013-05-12")
    assert dates(result)["M"][:2] == ("2013-05-09", "2013-05-09")
    assert dates(result)["B"][:2] == ("2013-05-11", "2013-05-11")
    assert [t["status"] for t in result["tasks"]] == ["overdue", "done", "not_started"]
