"""Supervision deadlines follow the official calendar as the office keeps it: a year it adds
makes deadlines in that year computable, with the holidays it entered."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.core.errors import ValidationFailed
from sangua.orgs.models import User
from sangua.planning import calendar_services
from sangua.supervision import workdays

D = dt.date

pytestmark = pytest.mark.django_db


def test_a_year_the_office_adds_makes_a_2027_deadline_computable():
    office = User.objects.get(username="office")
    # Thursday 30 September 2027: five working days later would be a 2027 date the official
    # calendar does not know yet.
    with pytest.raises(ValidationFailed) as refused:
        workdays.deadline_after(D(2027, 9, 30), 5)
    assert refused.value.code == "calendar_unknown"

    for day in (D(2027, 10, 1), D(2027, 10, 4), D(2027, 10, 5), D(2027, 10, 6), D(2027, 10, 7)):
        calendar_services.calendar_day_add(day=day, kind="holiday", name="国庆节", by=office)
    calendar_services.calendar_day_add(day=D(2027, 10, 9), kind="workday", name="国庆节", by=office)
    calendar_services.calendar_year_add(year=2027, by=office)

    # Friday 1 and 4–7 October off, Saturday 9 October worked: 8, 9, 11, 12, 13 October.
    assert workdays.deadline_after(D(2027, 9, 30), 5) == D(2027, 10, 13)
    assert workdays.working_days_left(D(2027, 10, 13), D(2027, 9, 30)) == 5
    assert workdays.is_working_day(D(2027, 10, 9))
