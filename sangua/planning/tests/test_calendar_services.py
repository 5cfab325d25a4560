"""The office's writes to the official calendar: years and exception days, who may write, the
weekday rule, the audit trail, and the engine seeing each change at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from sangua.audit.models import AuditEntry
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.engine.calendar import Calendar, CalendarError, is_working
from sangua.engine.calendar import next as next_working
from sangua.orgs.models import User
from sangua.planning import calendar_services as services
from sangua.planning import calendars
from sangua.planning.calendars import current_official_calendar
from sangua.planning.models import CalendarDay, CalendarYear

D = dt.date


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:  # noqa: PT004
    with translation.override("en"):
        yield


@pytest.fixture
def office(db) -> User:
    return User.objects.get(username="office")


@pytest.fixture
def reporter(db) -> User:
    return User.objects.get(username="reporter")


def table() -> tuple[list[tuple[int, str, str]], list[tuple[dt.date, str, str, str]]]:
    """Everything in the calendar table, to show that a refused write changed nothing."""
    return (
        list(CalendarYear.objects.order_by("year").values_list("year", "source", "note")),
        list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "source")),
    )


def cn() -> Calendar:
    # max_age: the cached calendar is used without a look at the table, unless a write forgot it.
    return Calendar("cn", official=current_official_calendar(max_age=3600))


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()  # type: ignore[return-value]


def test_a_year_the_office_adds_is_known_to_the_engine_at_once(office):
    cn()  # cached before the change
    with pytest.raises(CalendarError, match="known years"):
        next_working(cn(), D(2027, 3, 1), 1, False)

    year = services.calendar_year_add(year=2027, note="国办发明电〔2026〕号", by=office)

    assert (year.source, year.created_by) == ("office", office)
    assert 2027 in current_official_calendar().years
    assert next_working(cn(), D(2027, 3, 5), 1, True) == D(2027, 3, 8)  # Friday → Monday
    entry = last_audit()
    assert (entry.action, entry.actor_name, entry.object_id) == (
        "calendar.year_add",
        "office",
        str(year.pk),
    )
    assert entry.after == {"year": 2027, "source": "office", "note": "国办发明电〔2026〕号"}


def test_days_the_office_enters_count_at_once(office):
    services.calendar_year_add(year=2027, by=office)
    assert is_working(cn(), D(2027, 10, 1))  # a Friday, until the office says otherwise

    holiday = services.calendar_day_add(
        day=D(2027, 10, 1), kind="holiday", name="国庆节", by=office
    )
    makeup = services.calendar_day_add(day=D(2027, 9, 26), kind="workday", name="国庆节", by=office)

    assert not is_working(cn(), D(2027, 10, 1))
    assert is_working(cn(), D(2027, 9, 26))  # a Sunday
    assert (holiday.source, holiday.created_by, makeup.kind) == ("office", office, "workday")
    assert last_audit().after == {
        "date": "2027-09-26",
        "kind": "workday",
        "name": "国庆节",
        "source": "office",
    }


def test_changing_a_published_day_makes_it_the_offices(office):
    day = CalendarDay.objects.get(date=D(2013, 10, 12))  # Saturday, a make-up working day
    assert (day.kind, day.source) == ("workday", "package")
    assert is_working(cn(), D(2013, 10, 12))

    services.calendar_day_change(calendar_day=day, name="国庆节调休", by=office)
    day.refresh_from_db()

    assert (day.kind, day.name, day.source) == ("workday", "国庆节调休", "office")
    entry = last_audit()
    assert entry.action == "calendar.day_change"
    assert (entry.before["source"], entry.after["name"]) == ("package", "国庆节调休")


def test_a_change_that_changes_nothing_writes_nothing(office):
    day = CalendarDay.objects.get(date=D(2013, 10, 12))
    before, entries = table(), AuditEntry.objects.count()

    services.calendar_day_change(calendar_day=day, kind="workday", name=day.name, by=office)

    assert (table(), AuditEntry.objects.count()) == (before, entries)


def test_a_removed_day_follows_the_weekend_rule_again(office):
    day = CalendarDay.objects.get(date=D(2013, 10, 12))

    services.calendar_day_remove(calendar_day=day, by=office)

    assert not CalendarDay.objects.filter(date=D(2013, 10, 12)).exists()
    assert not is_working(cn(), D(2013, 10, 12))
    entry = last_audit()
    assert (entry.action, entry.before["date"], entry.after) == (
        "calendar.day_remove",
        "2013-10-12",
        None,
    )


@pytest.mark.parametrize(
    ("day", "kind", "code", "message"),
    [
        (
            D(2027, 10, 2),
            "holiday",
            "calendar_pointless_holiday",
            "2027-10-02 is a Saturday: a weekend day is off anyway. Enter only holidays that "
            "fall on weekdays.",
        ),
        (
            D(2027, 10, 3),
            "holiday",
            "calendar_pointless_holiday",
            "2027-10-03 is a Sunday: a weekend day is off anyway. Enter only holidays that fall "
            "on weekdays.",
        ),
        (
            D(2027, 10, 8),
            "workday",
            "calendar_pointless_workday",
            "2027-10-08 is a Friday: a weekday is a working day anyway. Enter only make-up "
            "working days (调休) that fall on a Saturday or Sunday.",
        ),
        (
            D(2027, 10, 8),
            "day off",
            "calendar_kind",
            "The kind must be holiday (放假) or workday (调休上班).",
        ),
    ],
)
def test_pointless_days_are_refused(office, day, kind, code, message):
    before = table()

    with pytest.raises(ValidationFailed) as refused:
        services.calendar_day_add(day=day, kind=kind, by=office)

    assert (refused.value.code, refused.value.message, refused.value.field) == (
        code,
        message,
        "kind",
    )
    assert table() == before


def test_a_change_into_a_pointless_day_is_refused(office):
    day = CalendarDay.objects.get(date=D(2013, 10, 1))  # Tuesday, National Day
    before = table()

    with pytest.raises(ValidationFailed, match="2013-10-01 is a Tuesday: a weekday is a working"):
        services.calendar_day_change(calendar_day=day, kind="workday", by=office)

    assert table() == before


def test_only_the_office_writes(reporter, office):
    before = table()
    day = CalendarDay.objects.get(date=D(2013, 10, 1))

    for write in (
        lambda: services.calendar_year_add(year=2027, by=reporter),
        lambda: services.calendar_day_add(day=D(2027, 10, 1), kind="holiday", by=reporter),
        lambda: services.calendar_day_change(calendar_day=day, name="x", by=reporter),
        lambda: services.calendar_day_remove(calendar_day=day, by=reporter),
    ):
        with pytest.raises(NotAllowed, match="Only the key project office"):
            write()

    assert table() == before


def test_years_and_days_already_there_are_refused(office):
    with pytest.raises(Conflict, match="2013 is already a known year"):
        services.calendar_year_add(year=2013, by=office)
    with pytest.raises(Conflict, match="2013-10-01 is already in the calendar"):
        services.calendar_day_add(day=D(2013, 10, 1), kind="holiday", by=office)
    with pytest.raises(ValidationFailed, match="between 1990 and 2200"):
        services.calendar_year_add(year=1949, by=office)


def test_only_a_year_the_office_added_can_be_removed(office):
    published = CalendarYear.objects.get(year=2013)
    with pytest.raises(Conflict, match="2013 comes with the published calendar"):
        services.calendar_year_remove(calendar_year=published, by=office)

    mistake = services.calendar_year_add(year=2072, by=office)
    services.calendar_year_remove(calendar_year=mistake, by=office)

    assert not CalendarYear.objects.filter(year=2072).exists()
    assert 2072 not in current_official_calendar().years
    assert last_audit().action == "calendar.year_remove"


def test_readers_across_requests_reuse_the_calendar_until_a_change_commits(
    office, settings, tmp_path, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path  # the change file other processes watch
    saved = dict(calendars._table_cache)
    try:
        first = current_official_calendar(max_age=3600)
        with django_assert_num_queries(0):
            assert current_official_calendar(max_age=3600) is first

        with django_capture_on_commit_callbacks(execute=True):
            services.calendar_year_add(year=2027, by=office)

        assert (tmp_path / "official-calendar.changed").exists()
        assert 2027 in current_official_calendar(max_age=3600).years
    finally:  # the test's transaction rolls back: leave the cache as it found it
        calendars._table_cache.clear()
        calendars._table_cache.update(saved)
