"""Writes to the official calendar (法定节假日与调休): the office marks a year known, adds, changes
and removes exception days, and imports a year's published calendar in one go.

Only the key project office (重点办) writes here; ``by=None`` is the console (its operator is named
by ``acting_as``). The table keeps only exceptions to the weekend rule, so a holiday on a weekend
or a make-up working day on a weekday is refused as pointless. Every service runs in one
transaction, records an audit entry (who, when, before → after), and makes the new calendar
visible at once in this process (other processes see it on their next look at the table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from sangua.audit.services import Draft, record, record_many, snapshot
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.core.text import clean_text
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office

from .calendars import calendar_changed
from .choices import CalendarSource, DayKind
from .models import CalendarDay, CalendarYear

__all__ = [
    "KIND_WORDS",
    "CalendarImportRejected",
    "CalendarImportSummary",
    "DayRow",
    "RowError",
    "calendar_day_add",
    "calendar_day_change",
    "calendar_day_remove",
    "calendar_import",
    "calendar_year_add",
    "calendar_year_change",
    "calendar_year_remove",
    "check_day",
    "check_year",
]

FIRST_YEAR, LAST_YEAR = 1990, 2200  # the table's check constraint
NAME_LIMIT = 64
NOTE_LIMIT = 200
YEAR_FIELDS = ("year", "source", "note")
DAY_FIELDS = ("date", "kind", "name", "source")

# How a file may say the kind of a day: the table's words, and the State Council's.
KIND_WORDS: dict[str, str] = {
    "holiday": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "假": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
}


def _weekday_name(day: dt.date) -> str:
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[day.weekday()]


def _check_office(by: User | None) -> None:
    if by is not None and not is_office(by):
        raise NotAllowed(
            _("Only the key project office keeps the official calendar."),
            code="calendar_office_only",
        )


def _changed() -> None:
    calendar_changed()  # this transaction's reads see it at once; every process once it commits


def check_year(year: object) -> int:
    """A year the table can hold (ValidationFailed otherwise)."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(
            "calendar_year_range",
            _("The year must be between {first} and {last}.").format(
                first=FIRST_YEAR, last=LAST_YEAR
            ),
            field="year",
        )
    return year


def check_day(day: dt.date, kind: str) -> None:
    """Refuse an exception that changes nothing: a holiday on a weekend, a workday on a weekday."""
    if kind not in DayKind.values:
        raise ValidationFailed(
            "calendar_kind",
            _("The kind must be holiday (放假) or workday (调休上班)."),
            field="kind",
        )
    weekend = day.weekday() >= 5
    if kind == DayKind.HOLIDAY and weekend:
        raise ValidationFailed(
            "calendar_pointless_holiday",
            _(
                "{day} is a {weekday}: a weekend day is off anyway. Enter only holidays that "
                "fall on weekdays."
            ).format(day=day.isoformat(), weekday=_weekday_name(day)),
            field="kind",
        )
    if kind == DayKind.WORKDAY and not weekend:
        raise ValidationFailed(
            "calendar_pointless_workday",
            _(
                "{day} is a {weekday}: a weekday is a working day anyway. Enter only make-up "
                "working days (调休) that fall on a Saturday or Sunday."
            ).format(day=day.isoformat(), weekday=_weekday_name(day)),
            field="kind",
        )


def _text(value: str, field: str, limit: int) -> str:
    return clean_text(value, field, limit)


# --- years --------------------------------------------------------------------------------------


@transaction.atomic
def calendar_year_add(*, year: int, by: User | None, note: str = "") -> CalendarYear:
    """Mark a year known (its exception days are complete): the engine then computes in it."""
    _check_office(by)
    check_year(year)
    note = _text(note, "note", NOTE_LIMIT)
    if CalendarYear.objects.filter(year=year).exists():
        raise Conflict(
            "calendar_year_exists",
            _("{year} is already a known year.").format(year=year),
        )
    created = CalendarYear.objects.create(
        year=year, source=CalendarSource.OFFICE, note=note, created_by=by
    )
    record(
        actor=by,
        action="calendar.year_add",
        obj=created,
        after=snapshot(created, YEAR_FIELDS),
    )
    _changed()
    return created


@transaction.atomic
def calendar_year_change(
    *, calendar_year: CalendarYear, note: str, by: User | None
) -> CalendarYear:
    """Change a known year's note (the year itself does not change: remove and add instead)."""
    _check_office(by)
    year = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    before = snapshot(year, YEAR_FIELDS)
    year.note = _text(note, "note", NOTE_LIMIT)
    year.save(update_fields=["note", "updated_at"])
    record(
        actor=by,
        action="calendar.year_change",
        obj=year,
        before=before,
        after=snapshot(year, YEAR_FIELDS),
    )
    _changed()
    return year


@transaction.atomic
def calendar_year_remove(*, calendar_year: CalendarYear, by: User | None) -> None:
    """Unmark a year the office marked known by mistake (a published year stays)."""
    _check_office(by)
    year = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    if year.source != CalendarSource.OFFICE:
        raise Conflict(
            "calendar_year_published",
            _("{year} comes with the published calendar and cannot be removed.").format(
                year=year.year
            ),
        )
    before = snapshot(year, YEAR_FIELDS)
    record(actor=by, action="calendar.year_remove", obj=year, before=before)
    year.delete()
    _changed()


# --- days ---------------------------------------------------------------------------------------


@transaction.atomic
def calendar_day_add(*, day: dt.date, kind: str, by: User | None, name: str = "") -> CalendarDay:
    """Add an exception day: a weekday holiday or a weekend make-up working day (调休)."""
    _check_office(by)
    check_day(day, kind)
    name = _text(name, "name", NAME_LIMIT)
    if CalendarDay.objects.filter(date=day).exists():
        raise Conflict(
            "calendar_day_exists",
            _("{day} is already in the calendar; change it instead.").format(day=day.isoformat()),
        )
    created = CalendarDay.objects.create(
        date=day, kind=kind, name=name, source=CalendarSource.OFFICE, created_by=by
    )
    record(actor=by, action="calendar.day_add", obj=created, after=snapshot(created, DAY_FIELDS))
    _changed()
    return created


@transaction.atomic
def calendar_day_change(
    *,
    calendar_day: CalendarDay,
    by: User | None,
    kind: str | None = None,
    name: str | None = None,
) -> CalendarDay:
    """Change an exception day's kind or name; it becomes the office's entry."""
    _check_office(by)
    day = CalendarDay.objects.select_for_update().get(pk=calendar_day.pk)
    new_kind = day.kind if kind is None else kind
    new_name = day.name if name is None else _text(name, "name", NAME_LIMIT)
    check_day(day.date, new_kind)
    if (new_kind, new_name) == (day.kind, day.name):
        return day  # nothing to change
    before = snapshot(day, DAY_FIELDS)
    day.kind, day.name, day.source = new_kind, new_name, CalendarSource.OFFICE
    day.save(update_fields=["kind", "name", "source", "updated_at"])
    record(
        actor=by,
        action="calendar.day_change",
        obj=day,
        before=before,
        after=snapshot(day, DAY_FIELDS),
    )
    _changed()
    return day


@transaction.atomic
def calendar_day_remove(*, calendar_day: CalendarDay, by: User | None) -> None:
    """Remove an exception day: it follows the weekend rule again."""
    _check_office(by)
    day = CalendarDay.objects.select_for_update().get(pk=calendar_day.pk)
    record(actor=by, action="calendar.day_remove", obj=day, before=snapshot(day, DAY_FIELDS))
    day.delete()
    _changed()


# --- import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayRow:
    """One row of a calendar file as read: its number in the file and its raw cells."""

    row: int
    date: object
    kind: object
    name: object = ""


@dataclass(frozen=True)
class RowError:
    """A problem with one cell of a calendar file: which row, which field, why."""

    row: int
    field: str
    value: object
    message: str
    code: str

    def line(self) -> str:
        """``row 3, kind "休息日": expected holiday or workday ... [calendar_kind]``."""
        shown = "" if self.value is None or self.value == "" else f' "{self.value!s:.40}"'
        where = f"row {self.row}, {self.field}" if self.row else self.field
        return f"{where}{shown}: {self.message} [{self.code}]"


class CalendarImportRejected(Exception):
    """A calendar file with problems; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


@dataclass
class CalendarImportSummary:
    """What an import did: the years it covers and its days added, changed, removed, unchanged."""

    years: list[int]
    years_added: list[int] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if " " in text and text.split(" ", 1)[1].strip() in ("00:00", "00:00:00"):
        text = text.split(" ", 1)[0]  # a date cell written out with its midnight
    for separators in ("-", "/", "."):
        parts = text.split(separators)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
            try:
                return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                return None
    if text.endswith("日") and "年" in text and "月" in text:
        year, rest = text[:-1].split("年", 1)
        month, day = rest.split("月", 1)
        if year.isdigit() and month.isdigit() and day.isdigit():
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                return None
    return None


def _rows_checked(
    rows: Sequence[DayRow], years: set[int], known: set[int]
) -> tuple[list[tuple[DayRow, dt.date, str, str]], list[RowError], set[int]]:
    """The good rows (with their date, kind and name), every problem, and the years dated."""
    errors: list[RowError] = []
    good: list[tuple[DayRow, dt.date, str, str]] = []
    first_row: dict[dt.date, int] = {}
    dated: set[int] = set()
    for row in rows:
        day = _parse_date(row.date)
        kind = KIND_WORDS.get(str(row.kind or "").strip().lower())
        name = str(row.name or "").strip()
        problems = len(errors)
        if day is None:
            errors.append(
                RowError(
                    row.row,
                    "date",
                    row.date,
                    _("not a date (write it as 2027-01-01)") if row.date else _("missing date"),
                    "calendar_date",
                )
            )
        elif day in first_row:
            errors.append(
                RowError(
                    row.row,
                    "date",
                    day.isoformat(),
                    _("also on row {row}: a day appears once").format(row=first_row[day]),
                    "calendar_date_twice",
                )
            )
        elif day.year not in years and day.year not in known:
            errors.append(
                RowError(
                    row.row,
                    "date",
                    day.isoformat(),
                    _("{year} is neither one of the years imported nor a known year").format(
                        year=day.year
                    ),
                    "calendar_date_year",
                )
            )
        if day is not None:
            first_row.setdefault(day, row.row)
            dated.add(day.year)
        if kind is None:
            errors.append(
                RowError(
                    row.row,
                    "kind",
                    row.kind,
                    _("expected holiday or workday (放假 or 调休上班)")
                    if row.kind
                    else _("missing kind (holiday or workday, 放假 or 调休上班)"),
                    "calendar_kind",
                )
            )
        elif day is not None:
            try:
                check_day(day, kind)
            except ValidationFailed as exc:
                errors.append(RowError(row.row, "kind", row.kind, exc.message, exc.code))
        if len(name) > NAME_LIMIT:
            errors.append(
                RowError(
                    row.row,
                    "name",
                    name,
                    _("longer than {limit} characters").format(limit=NAME_LIMIT),
                    "too_long",
                )
            )
        if len(errors) == problems and day is not None and kind is not None:
            good.append((row, day, kind, name))
    return good, errors, dated


@transaction.atomic
def calendar_import(
    *, rows: Sequence[DayRow], years: Sequence[int], by: User | None
) -> CalendarImportSummary:
    """Import the published calendar of ``years``, all or nothing.

    For each of ``years`` the rows are its complete list of exceptions: days of that year in the
    table but not in the rows are removed, the others added or changed, and the year is marked
    known. A row may also correct a day of another known year. Every problem is reported (which
    row, which field, why) in :class:`CalendarImportRejected`, and then nothing is written.
    """
    _check_office(by)
    errors: list[RowError] = []
    wanted: set[int] = set()
    for year in years:
        try:
            wanted.add(check_year(year))
        except ValidationFailed as exc:
            errors.append(RowError(0, "years", year, exc.message, exc.code))
    if not years:
        errors.append(
            RowError(0, "years", "", _("name the years the file covers"), "calendar_years")
        )
    known = set(CalendarYear.objects.values_list("year", flat=True))
    good, row_errors, dated = _rows_checked(rows, wanted, known)
    errors += row_errors
    for year in sorted(wanted - dated):
        errors.append(
            RowError(
                0,
                "years",
                year,
                _("no row for {year}: every year has holidays").format(year=year),
                "calendar_year_empty",
            )
        )
    if errors:
        raise CalendarImportRejected(errors)

    summary = CalendarImportSummary(years=sorted(wanted))
    drafts: list[Draft] = []
    existing = {
        d.date: d
        for d in CalendarDay.objects.select_for_update().filter(
            date__in=[day for _, day, _, _ in good]
        )
    }
    for _row, day, kind, name in good:
        current = existing.get(day)
        if current is None:
            created = CalendarDay.objects.create(
                date=day, kind=kind, name=name, source=CalendarSource.OFFICE, created_by=by
            )
            drafts.append(Draft("calendar.day_add", created, None, snapshot(created, DAY_FIELDS)))
            summary.added += 1
        elif (current.kind, current.name) == (kind, name):
            summary.unchanged += 1
        else:
            before = snapshot(current, DAY_FIELDS)
            current.kind, current.name, current.source = kind, name, CalendarSource.OFFICE
            current.save(update_fields=["kind", "name", "source", "updated_at"])
            drafts.append(
                Draft("calendar.day_change", current, before, snapshot(current, DAY_FIELDS))
            )
            summary.changed += 1
    listed = {day for _, day, _, _ in good}
    stale = CalendarDay.objects.filter(date__year__in=wanted).exclude(date__in=listed)
    for day_row in stale:
        drafts.append(Draft("calendar.day_remove", day_row, snapshot(day_row, DAY_FIELDS), None))
        summary.removed += 1
    stale.delete()
    for year in sorted(wanted - known):
        created_year = CalendarYear.objects.create(
            year=year, source=CalendarSource.OFFICE, created_by=by
        )
        drafts.append(
            Draft("calendar.year_add", created_year, None, snapshot(created_year, YEAR_FIELDS))
        )
        summary.years_added.append(year)
    record_many(actor=by, drafts=drafts)
    _changed()
    return summary
