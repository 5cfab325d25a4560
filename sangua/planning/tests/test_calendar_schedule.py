"""``sangua schedule`` reads the office's calendar table when the database is there (a year the
office adds counts), and the package's calendar on request or without a database."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sangua.orgs.models import User
from sangua.planning import calendar_services
from sangua.planning.calendars import official_calendar_for_command

pytestmark = pytest.mark.django_db

PLAN_2027 = {
    "start": "2027-09-27",
    "tasks": [{"id": "A", "name": "施工许可", "duration": 5, "calendar": "cn"}],
}


@pytest.fixture
def plan_file(tmp_path: Path) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(PLAN_2027), encoding="utf-8")
    return str(path)


def schedule(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("schedule", *args, stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_with_the_database_the_table_is_used():
    official, source = official_calendar_for_command()

    assert source == "table"
    assert 2013 in official.years


def test_a_year_the_office_adds_schedules(plan_file):
    office = User.objects.get(username="office")
    with pytest.raises(CommandError, match=r'task "A": dates outside the known years'):
        schedule(plan_file)

    calendar_services.calendar_day_add(
        day=dt.date(2027, 10, 1), kind="holiday", name="国庆节", by=office
    )
    calendar_services.calendar_year_add(year=2027, by=office)

    # Monday 27 September to Friday 1 October, which is a holiday: Monday 4 October.
    assert schedule(plan_file)["finish"] == "2027-10-04"
    with pytest.raises(CommandError, match=r'task "A": dates outside the known years'):
        schedule(plan_file, "--official", "package")
