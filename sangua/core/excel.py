"""Excel workbooks (openpyxl): one small helper to write tables and to send them as downloads."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The lists' exports are documents in the offices' language, whatever the page's: Chinese
# headers (written in Chinese where they are built) and Chinese labels of states and lights.
EXPORT_LANGUAGE = "zh-hans"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = '0.00"%"'
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


@dataclass
class Column:
    """A column: its (Chinese) header, width in characters and number format."""

    header: str
    width: int = 14
    number_format: str | None = None


@dataclass
class Sheet:
    """A titled table: columns and rows of plain values (Decimal, int, str, date, None)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    heading: str | None = None  # an optional first line above the header (e.g. the period)
    notes: list[str] = field(default_factory=list)


def _cell_value(value: object) -> object:
    # openpyxl writes Decimal as a number; keep exact 2-place values as they are.
    if isinstance(value, Decimal):
        return value
    if value is None:
        return None
    if isinstance(value, int | float | str):
        return value
    return value if hasattr(value, "isoformat") else str(value)


def write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    """Append a sheet: optional heading, a bold header row, the rows, widths and number formats."""
    ws = workbook.create_sheet(title=sheet.title[:31])
    if sheet.heading:
        ws.append([sheet.heading])
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([c.header for c in sheet.columns])
    header_row = ws.max_row
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=header_row, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row in sheet.rows:
        ws.append([_cell_value(v) for v in row])
        for index, column in enumerate(sheet.columns, start=1):
            if column.number_format:
                ws.cell(row=ws.max_row, column=index).number_format = column.number_format
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for note in sheet.notes:
        ws.append([])
        ws.append([note])


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with the given sheets, as the bytes of an .xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sheets:
        write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An HTTP download of the sheets as an .xlsx file (the file name may be Chinese)."""
    from urllib.parse import quote

    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
