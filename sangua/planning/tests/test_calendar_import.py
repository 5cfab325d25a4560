"""``sangua calendar import FILE --years Y`` and ``sangua calendar show YEAR``: a year's published
calendar from CSV or Excel, all or nothing; every bad row named with its field and why."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from sangua.audit.models import AuditEntry
from sangua.engine.calendar import Calendar, is_working
from sangua.engine.calendar import next as next_working
from sangua.planning.calendars import current_official_calendar
from sangua.planning.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
D = dt.date

# A made-up 2027 in the State Council's manner (the real one is not published yet).
GOOD_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-08,放假,春节
2027-02-09,放假,春节
2027-02-10,放假,春节
2027-02-11,放假,春节
2027-02-12,放假,春节
2027-02-06,调休上班,春节
2027-02-20,调休上班,春节
2027-10-01,holiday,国庆节
2027-10-04,holiday,国庆节
2027-10-05,holiday,国庆节
2027-10-06,holiday,国庆节
2027-10-07,holiday,国庆节
2027-09-26,workday,国庆节
2027-10-09,workday,国庆节
"""


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:  # noqa: PT004
    with translation.override("en"):
        yield


def table() -> tuple[list[tuple[int, str]], list[tuple[dt.date, str, str, str]]]:
    return (
        list(CalendarYear.objects.order_by("year").values_list("year", "source")),
        list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "source")),
    )


def write(tmp_path: Path, text: str, name: str = "2027.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[str, list[str]]:
    """The command's final message and its lines on stderr, for a refused import."""
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("calendar", *args, stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    return str(caught.value), err.getvalue().splitlines()


def test_a_years_calendar_imported_from_csv(tmp_path):
    out, _ = run("import", str(write(tmp_path, GOOD_2027)), "--years", "2027")

    assert out.strip() == (
        "imported 2027.csv for 2027: 15 days added, 0 changed, 0 removed, 0 unchanged; "
        "now known: 2027"
    )
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.created_by) == ("office", None)
    assert CalendarDay.objects.filter(date__year=2027).count() == 15
    cn = Calendar("cn", official=current_official_calendar())
    assert next_working(cn, D(2027, 9, 30), 1, True) == D(2027, 10, 8)
    assert is_working(cn, D(2027, 10, 9))  # a Saturday, worked
    entries = AuditEntry.objects.filter(action__startswith="calendar.").order_by("seq")
    assert [e.action for e in entries].count("calendar.day_add") == 15
    assert entries.last().action == "calendar.year_add"
    assert entries.last().actor_name.startswith("cli:")


def test_the_same_from_excel_with_chinese_headers_and_date_cells(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    for line in GOOD_2027.splitlines()[1:]:
        day, kind, name = line.split(",")
        sheet.append([dt.datetime.fromisoformat(day), kind, name])
    path = tmp_path / "2027.xlsx"
    book.save(path)

    run("import", str(path), "--years", "2027")

    assert CalendarDay.objects.filter(date__year=2027).count() == 15
    assert 2027 in current_official_calendar().years


def test_importing_a_year_again_makes_the_file_its_whole_list(tmp_path):
    run("import", str(write(tmp_path, GOOD_2027)), "--years", "2027")
    corrected = GOOD_2027.replace("2027-10-07,holiday,国庆节\n", "").replace(
        "2027-01-01,holiday,元旦", "2027-01-01,holiday,元旦节"
    )

    out, _ = run("import", str(write(tmp_path, corrected)), "--years", "2027")

    assert "0 days added, 1 changed, 1 removed, 13 unchanged" in out
    assert not CalendarDay.objects.filter(date=D(2027, 10, 7)).exists()
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).name == "元旦节"


def test_a_row_may_correct_another_known_year(tmp_path):
    text = GOOD_2027 + "2026-12-31,holiday,元旦\n"
    before_2026 = CalendarDay.objects.filter(date__year=2026).count()

    run("import", str(write(tmp_path, text)), "--years", "2027")

    assert CalendarDay.objects.filter(date__year=2026).count() == before_2026 + 1


BAD_ROWS = [
    (
        "2027-10-08,,国庆节",
        ["row 17, kind: missing kind (holiday or workday, 放假 or 调休上班) [calendar_kind]"],
    ),
    (
        "2027-10-08,休息日,国庆节",
        ['row 17, kind "休息日": expected holiday or workday (放假 or 调休上班) [calendar_kind]'],
    ),
    (",holiday,国庆节", ["row 17, date: missing date [calendar_date]"]),
    (
        "2027-02-30,holiday,春节",
        ['row 17, date "2027-02-30": not a date (write it as 2027-01-01) [calendar_date]'],
    ),
    (
        "next Monday,holiday,春节",
        ['row 17, date "next Monday": not a date (write it as 2027-01-01) [calendar_date]'],
    ),
    (
        "2027-10-01,holiday,国庆节",
        ['row 17, date "2027-10-01": also on row 10: a day appears once [calendar_date_twice]'],
    ),
    (
        "2029-10-01,holiday,国庆节",
        [
            'row 17, date "2029-10-01": 2029 is neither one of the years imported nor a known '
            "year [calendar_date_year]"
        ],
    ),
    (
        "2027-10-02,holiday,国庆节",
        [
            'row 17, kind "holiday": 2027-10-02 is a Saturday: a weekend day is off anyway. '
            "Enter only holidays that fall on weekdays. [calendar_pointless_holiday]"
        ],
    ),
    (
        "2027-10-08,调休上班,国庆节",
        [
            'row 17, kind "调休上班": 2027-10-08 is a Friday: a weekday is a working day anyway. '
            "Enter only make-up working days (调休) that fall on a Saturday or Sunday. "
            "[calendar_pointless_workday]"
        ],
    ),
    (
        "2027-10-08,holiday," + "节" * 65,
        ['row 17, name "' + "节" * 40 + '": longer than 64 characters [too_long]'],
    ),
    (
        "2027-10-02,workday,\n2027-10-31,放假,",
        [
            'row 18, kind "放假": 2027-10-31 is a Sunday: a weekend day is off anyway. Enter '
            "only holidays that fall on weekdays. [calendar_pointless_holiday]"
        ],
    ),
]


@pytest.mark.parametrize(("rows", "messages"), BAD_ROWS)
def test_a_bad_row_imports_nothing_and_says_which_row_field_and_why(tmp_path, rows, messages):
    before = table()

    final, lines = refused(
        "import", str(write(tmp_path, GOOD_2027 + rows + "\n")), "--years", "2027"
    )

    assert lines == [f"2027.csv: {m}" for m in messages]
    assert final == f"{len(messages)} problems in 2027.csv; nothing was imported"
    assert table() == before


def test_every_problem_is_listed_at_once(tmp_path):
    text = "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-13-01,上班,\n"
    before = table()

    final, lines = refused("import", str(write(tmp_path, text)), "--years", "2027")

    assert lines == [
        '2027.csv: row 3, kind "holiday": 2027-01-02 is a Saturday: a weekend day is off anyway. '
        "Enter only holidays that fall on weekdays. [calendar_pointless_holiday]",
        '2027.csv: row 4, date "2027-13-01": not a date (write it as 2027-01-01) [calendar_date]',
    ]
    assert final.startswith("2 problems")
    assert table() == before


@pytest.mark.parametrize(
    ("text", "years", "message"),
    [
        ("", "2027", "row 1, header: the file is empty [calendar_file]"),
        (
            "day,type,name\n2027-01-01,holiday,元旦\n",
            "2027",
            'row 1, header "day, type, name": no date and no kind column (the first row names '
            "the columns: date, kind, name — or 日期, 类型, 名称) [calendar_header]",
        ),
        (
            GOOD_2027,
            "2027,2028",
            'years "2028": no row for 2028: every year has holidays [calendar_year_empty]',
        ),
        (
            GOOD_2027,
            "1800,2027",
            'years "1800": The year must be between 1990 and 2200. [calendar_year_range]',
        ),
    ],
)
def test_a_bad_file_or_year_list_imports_nothing(tmp_path, text, years, message):
    before = table()

    final, lines = refused("import", str(write(tmp_path, text)), "--years", years)

    assert lines == [f"2027.csv: {message}"]
    assert "nothing was imported" in final
    assert table() == before


def test_a_year_list_that_is_not_years(tmp_path):
    with pytest.raises(CommandError, match=r'--years "20x7": write the years as 2027 or 2027,2028'):
        run("import", str(write(tmp_path, GOOD_2027)), "--years", "20x7")


def test_only_an_office_user_may_import(tmp_path):
    before = table()

    with pytest.raises(CommandError, match="Only the key project office"):
        run("import", str(write(tmp_path, GOOD_2027)), "--years", "2027", "--user", "reporter")

    assert table() == before


def test_show_a_known_year():
    out, _ = run("show", "2013")

    lines = out.splitlines()
    assert lines[0].startswith("2013: known (")
    # 261 weekdays, 23 of them holidays, and 12 make-up Saturdays and Sundays
    assert lines[0].endswith(", 250 working days")
    assert "2013-10-01  Tue  holiday  国庆节" in lines
    assert "2013-10-12  Sat  workday  国庆节" in lines


def test_show_an_unknown_year():
    out, _ = run("show", "2031")

    assert out.strip() == "2031 is not a known year: cn dates in 2031 cannot be computed"
