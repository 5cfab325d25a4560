"""``sangua schedule PLAN.json`` (SPEC §4) and the official calendar it schedules ``cn`` tasks on.
No database: the command is pure computation."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sangua.planning.calendars import official_calendar

ROOT = Path(__file__).resolve().parents[3]

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
        {"id": "C", "name": "主体施工", "duration": 60, "after": [{"task": "B", "lag": 3}]},
        {"id": "M", "name": "交付", "duration": 0, "after": ["C"]},
    ],
}


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def sangua(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sangua.cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_prints_the_schedule_of_the_spec_example(tmp_path: Path) -> None:
    out = StringIO()

    call_command("schedule", str(write(tmp_path, SPEC_EXAMPLE)), stdout=out)

    result = json.loads(out.getvalue())
    assert (result["start"], result["finish"], result["deadline"]) == (
        "2013-05-06",
        "2013-07-26",
        "2013-12-31",
    )
    assert result["critical_path"] == ["A", "B", "C", "M"]
    a = result["tasks"][0]
    # The package's 2013: 1–7 October off, Saturday 12 October worked.
    assert (a["late_start"], a["late_finish"], a["total_float"]) == (
        "2013-10-10",
        "2013-10-22",
        107,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON: Expecting property name enclosed in double quotes"),
        ({"tasks": [{"id": "A", "duration": 1}]}, "plan needs a start or a deadline"),
        (
            {"start": "2013-05-06", "tasks": [{"id": "B", "duration": 1, "after": ["Z"]}]},
            'task "B": unknown dependency "Z"',
        ),
        (
            {"start": "2040-05-06", "tasks": [{"id": "A", "duration": 1, "calendar": "cn"}]},
            'task "A": dates outside the known years of calendar cn (cn: 2004–',
        ),
    ],
)
def test_bad_input_is_a_command_error_with_status_2(
    tmp_path: Path, content: Any, message: str
) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(")) as caught:
        call_command("schedule", str(write(tmp_path, content)))

    assert caught.value.returncode == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read the plan") as caught:
        call_command("schedule", str(tmp_path / "missing.json"))

    assert caught.value.returncode == 2


def test_the_console_command(tmp_path: Path) -> None:
    plan = {"start": "2013-09-30", "tasks": [{"id": "国庆后开工", "duration": 1, "calendar": "cn"}]}

    done = sangua("schedule", str(write(tmp_path, plan)))

    assert (done.returncode, done.stderr) == (0, "")
    assert '"id": "国庆后开工"' in done.stdout  # UTF-8, not \\u escapes
    assert done.stdout.startswith('{\n  "start": "2013-09-30",\n')
    assert json.loads(done.stdout)["finish"] == "2013-09-30"


def test_the_console_command_reports_one_line_and_exits_2(tmp_path: Path) -> None:
    plan = {
        "start": "2013-05-06",
        "tasks": [
            {"id": "A", "duration": 1, "after": ["B"]},
            {"id": "B", "duration": 1, "after": ["A"]},
        ],
    }

    done = sangua("schedule", str(write(tmp_path, plan)))

    assert (done.returncode, done.stdout, done.stderr) == (2, "", "cycle: A → B → A\n")


# --- the official calendar -----------------------------------------------------------------------


def test_the_package_calendar_knows_national_day_2013() -> None:
    official = official_calendar()

    assert {date(2013, 10, d) for d in range(1, 8)} <= official.holidays
    assert {date(2013, 9, 29), date(2013, 10, 12)} <= official.workdays
    assert {2004, 2013, 2026} <= official.years
    assert official_calendar() is official  # cached: the engine keeps its arrays on it


def test_the_office_overlays_the_package() -> None:
    official = official_calendar(
        extra_holidays=[date(2013, 10, 12)],  # the make-up Saturday, given off after all
        extra_workdays=[date(2013, 10, 7)],
        extra_years=[2099],
    )

    assert date(2013, 10, 12) in official.holidays
    assert date(2013, 10, 12) not in official.workdays
    assert date(2013, 10, 7) in official.workdays
    assert date(2013, 10, 7) not in official.holidays
    assert {2013, 2099} <= official.years
    assert official_calendar() is not official


def test_an_office_entry_cannot_be_both() -> None:
    with pytest.raises(ValueError, match="both an extra holiday and an extra workday"):
        official_calendar(extra_holidays=[date(2030, 1, 1)], extra_workdays=[date(2030, 1, 1)])
