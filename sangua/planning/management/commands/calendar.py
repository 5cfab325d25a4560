"""``sangua calendar import FILE --years 2027`` and ``sangua calendar show YEAR``: the official
calendar (法定节假日与调休) the office keeps.

``import`` reads a CSV or .xlsx file with the columns date, kind and name (日期, 类型, 名称; the
first row names them): one row per exception day — a holiday on a weekday (holiday, 放假) or a
make-up working day on a weekend (workday, 调休上班). For each year of ``--years`` the file is the
complete list (days of those years not in it are removed) and the year becomes known. Every row
is checked first; with any problem, each is printed (which row, which field, why), nothing is
imported, and the exit status is 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sangua.audit.services import acting_as
from sangua.core.errors import NotAllowed
from sangua.engine.calendar import Calendar, working_days_between
from sangua.orgs.models import User
from sangua.planning.calendar_services import (
    CalendarImportRejected,
    DayRow,
    RowError,
    calendar_import,
)
from sangua.planning.calendars import current_official_calendar
from sangua.planning.models import CalendarDay, CalendarYear

# What a header cell may say, for each column.
COLUMNS = {
    "date": ("date", "日期"),
    "kind": ("kind", "类型", "种类", "类别"),
    "name": ("name", "名称", "节日", "节假日"),
}
IMPORT_HELP = (
    "Import the official calendar of --years from a CSV or .xlsx file whose first row names the "
    "columns date, kind, name (or 日期, 类型, 名称). One row per exception day: a holiday on a "
    "weekday (holiday, 放假) or a make-up working day on a weekend (workday, 调休上班). For each "
    "year the file is the complete list: days of that year not in it are removed, and the year "
    "becomes known. Every row is checked first; with any problem each is printed (which row, "
    "which field, why), nothing is imported, and the exit status is 2."
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Command(BaseCommand):
    help = "Import or show the official calendar (holidays and make-up working days)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        imports = commands.add_parser(
            "import",
            help="import a year's published calendar from a CSV or .xlsx file, all or nothing",
            description=IMPORT_HELP,
        )
        imports.add_argument("file", help="CSV or .xlsx: columns date, kind, name")
        imports.add_argument(
            "--years",
            required=True,
            help="the years the file covers, e.g. 2027 or 2027,2028: each becomes known, and the "
            "file is its complete list of exception days",
        )
        imports.add_argument("--user", help="import as this (office) user; default: the console")
        show = commands.add_parser("show", help="list a year's exception days")
        show.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.import_file(Path(options["file"]), options["years"], options.get("user"))
        else:
            self.show(options["year"])

    def import_file(self, path: Path, years_text: str, username: str | None) -> None:
        try:
            years = [int(y) for y in years_text.replace("，", ",").split(",") if y.strip()]
        except ValueError:
            raise CommandError(
                f'--years "{years_text}": write the years as 2027 or 2027,2028', returncode=2
            ) from None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from None
        try:
            rows = read_rows(data, path.name)
        except CalendarImportRejected as rejected:
            self.reject(path, rejected.errors)
        user = None
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {username}", returncode=2)
        try:
            with acting_as(f"cli:{getpass.getuser()}"):
                summary = calendar_import(rows=rows, years=years, by=user)
        except CalendarImportRejected as rejected:
            self.reject(path, rejected.errors)
        except NotAllowed as exc:
            raise CommandError(exc.message, returncode=2) from None
        known = ", ".join(map(str, summary.years))
        self.stdout.write(
            f"imported {path.name} for {known}: {summary.added} days added, "
            f"{summary.changed} changed, {summary.removed} removed, "
            f"{summary.unchanged} unchanged"
            + (
                f"; now known: {', '.join(map(str, summary.years_added))}"
                if summary.years_added
                else ""
            )
        )

    def reject(self, path: Path, errors: list[RowError]) -> None:
        for error in errors:
            self.stderr.write(f"{path.name}: {error.line()}")
        raise CommandError(
            f"{len(errors)} problems in {path.name}; nothing was imported", returncode=2
        )

    def show(self, year: int) -> None:
        known = CalendarYear.objects.filter(year=year).first()
        days = CalendarDay.objects.filter(date__year=year).order_by("date")
        if known is None:
            self.stdout.write(
                f"{year} is not a known year: cn dates in {year} cannot be computed"
                + (" (days entered so far below)" if days else "")
            )
        else:
            cal = Calendar("cn", official=current_official_calendar())
            working = working_days_between(cal, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
            self.stdout.write(
                f"{year}: known ({known.get_source_display()}), {working} working days"
                + (f" — {known.note}" if known.note else "")
            )
        for day in days:
            self.stdout.write(
                f"{day.date.isoformat()}  {WEEKDAYS[day.date.weekday()]}  {day.kind:<8} {day.name}"
            )


def read_rows(data: bytes, filename: str) -> list[DayRow]:
    """The rows of a calendar file (CSV or .xlsx), numbered as the file numbers them; the header
    row names the columns. CalendarImportRejected for a file that is not a table of them."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        table = _xlsx_table(data)
    else:
        table = _csv_table(data)
    if not table:
        raise CalendarImportRejected(
            [RowError(1, "header", "", "the file is empty", "calendar_file")]
        )
    header = [str(cell or "").strip().lower() for cell in table[0]]
    where: dict[str, int] = {}
    for column, words in COLUMNS.items():
        for i, cell in enumerate(header):
            if cell in words:
                where[column] = i
                break
    missing = [c for c in ("date", "kind") if c not in where]
    if missing:
        raise CalendarImportRejected(
            [
                RowError(
                    1,
                    "header",
                    ", ".join(header),
                    f"no {' and no '.join(missing)} column (the first row names the columns: "
                    "date, kind, name — or 日期, 类型, 名称)",
                    "calendar_header",
                )
            ]
        )

    def value_of(values: list[object], column: str) -> object:
        i = where.get(column)
        return values[i] if i is not None and i < len(values) else ""

    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # an empty line
        rows.append(
            DayRow(
                number, value_of(values, "date"), value_of(values, "kind"), value_of(values, "name")
            )
        )
    return rows


def _csv_table(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CalendarImportRejected(
            [RowError(1, "file", "", "not a CSV file in UTF-8 or GB18030", "calendar_file")]
        )
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _xlsx_table(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file it cannot read
        raise CalendarImportRejected(
            [RowError(1, "file", "", "not an .xlsx workbook", "calendar_file")]
        ) from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
