"""Reading an import file: is it an .xlsx, which sheets and columns it has, and its raw rows.

This step only finds problems of form — not Excel, missing sheets or columns, formulas, merged
cells, Excel error values. Whether the values make sense is ``validate_*``'s job. The workbook
is read in openpyxl's read-only mode (fast and lean for large files); that mode does not expose
merged ranges, so they are read from the sheet's XML directly.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from .cells import is_blank, show
from .layout import KINDS, SheetLayout, normalise_header

Progress = Callable[[str, int, int], None]

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass(frozen=True)
class CellError:
    """One problem: where (sheet, row, column, cell), the value found, a code and why."""

    sheet: str
    row: int  # 0 for a problem with the whole file
    column: str  # the column's header
    cell: str  # A1-style reference, "" when not about one cell
    value: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        """One line of the error list: 项目!C7 所属区县(代码) "331199": why [code]."""
        where = f"{self.sheet}!{self.cell}" if self.cell else (self.sheet or _("file"))
        if self.row and not self.cell:
            where += " " + _("row {n}").format(n=self.row)
        column = f" {self.column}" if self.column else ""
        value = f' "{self.value}"' if self.value else ""
        return f"{where}{column}{value}: {self.message} [{self.code}]"


@dataclass
class Row:
    """A data row: its number in the sheet and the raw value of each column present."""

    number: int
    values: dict[str, object]
    flagged: set[str] = field(default_factory=set)  # columns already reported (formula, merge)


@dataclass
class SheetData:
    layout: SheetLayout
    letters: dict[str, str]  # column key → letter, for the columns present
    rows: list[Row]

    def error(self, row: Row | int, key: str, value: object, code: str, message: str) -> CellError:
        number = row.number if isinstance(row, Row) else row
        letter = self.letters.get(key, "")
        return CellError(
            sheet=self.layout.name,
            row=number,
            column=self.layout.column(key).header,
            cell=f"{letter}{number}" if letter else "",
            value=show(value),
            code=code,
            message=message,
        )


@dataclass
class Book:
    """What was read: the sheets found, problems of form, and the number of data rows."""

    sheets: dict[str, SheetData]
    errors: list[CellError]

    @property
    def rows(self) -> int:
        return sum(len(s.rows) for s in self.sheets.values())


def file_error(code: str, message: str, value: str = "") -> CellError:
    return CellError(sheet="", row=0, column="", cell="", value=value, code=code, message=message)


def open_workbook(data: bytes) -> tuple[Any, list[CellError]]:
    """The workbook (read-only), or the reason this is not an .xlsx file we can read."""
    if data.startswith(OLE2_MAGIC):
        return None, [
            file_error(
                "xls_not_supported",
                _("This is an old Excel 97–2003 (.xls) file: save it as .xlsx and import again."),
            )
        ]
    if not data.startswith(XLSX_MAGIC):
        return None, [file_error("not_excel", _("This is not an Excel file (.xlsx)."))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return None, [file_error("not_excel", _("This is not an Excel file (.xlsx)."))]
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl and zipfile raise many kinds of errors on broken files
        return None, [file_error("unreadable", _("The Excel file is damaged or cannot be read."))]
    return workbook, []


def _merged_ranges(workbook: Any, worksheet: Any) -> list[str]:
    path = getattr(worksheet, "_worksheet_path", None)
    if not path:
        return []
    with workbook._archive.open(path) as source:
        xml = source.read()
    tail = xml[xml.rfind(b"</sheetData>") :] if b"</sheetData>" in xml else xml
    return [ref.decode() for ref in _MERGE.findall(tail)]


def _find_sheet(workbook: Any, layout: SheetLayout) -> Any:
    for title in workbook.sheetnames:
        if normalise_header(title) == layout.name:
            return workbook[title]
    return None


def _read_header(worksheet: Any, layout: SheetLayout, errors: list[CellError]) -> dict[str, int]:
    """Column key → column index (1-based) from the header row; missing and repeated headers."""
    wanted = {normalise_header(c.header): c for c in layout.columns}
    positions: dict[str, int] = {}
    header = next(worksheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for index, title in enumerate(header, start=1):
        col = wanted.get(normalise_header(title))
        if col is None:
            continue
        if col.key in positions:
            errors.append(
                CellError(
                    layout.name,
                    1,
                    col.header,
                    f"{get_column_letter(index)}1",
                    show(title),
                    "duplicate_column",
                    _("The column appears twice (also in column {letter}).").format(
                        letter=get_column_letter(positions[col.key])
                    ),
                )
            )
            continue
        positions[col.key] = index
    for col in layout.columns:
        if col.key not in positions:
            errors.append(
                CellError(
                    layout.name,
                    1,
                    col.header,
                    "",
                    "",
                    "missing_column",
                    _("The sheet has no column {header}.").format(header=col.header),
                )
            )
    return positions


def _read_sheet(
    workbook: Any, worksheet: Any, layout: SheetLayout, errors: list[CellError], progress: Progress
) -> SheetData:
    positions = _read_header(worksheet, layout, errors)
    letters = {key: get_column_letter(index) for key, index in positions.items()}
    sheet = SheetData(layout, letters, [])
    by_index = {index: key for key, index in positions.items()}
    merged: dict[tuple[int, int], str] = {}
    for ref in _merged_ranges(workbook, worksheet):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        key = next((by_index[c] for c in range(min_col, max_col + 1) if c in by_index), None)
        errors.append(
            CellError(
                layout.name,
                min_row,
                layout.column(key).header if key else "",
                ref.split(":")[0],
                ref,
                "merged_cells",
                _("Merged cells {range}: unmerge them and fill in every cell.").format(range=ref),
            )
        )
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                merged[(r, c)] = ref
    if not positions:
        return sheet
    last = max(positions.values())
    total = worksheet.max_row or 0
    for number, cells in enumerate(worksheet.iter_rows(min_row=2, max_col=last), start=2):
        values: dict[str, object] = {}
        flagged: set[str] = set()
        blank = True
        for key, index in positions.items():
            cell = cells[index - 1] if index - 1 < len(cells) else None
            value = getattr(cell, "value", None)
            if (number, index) in merged:
                flagged.add(key)
            kind = getattr(cell, "data_type", None)
            if kind == "f":
                flagged.add(key)
                errors.append(
                    sheet.error(
                        number,
                        key,
                        value,
                        "formula",
                        _(
                            "The cell holds a formula: paste its value instead (Paste Special → Values)."
                        ),
                    )
                )
            elif kind == "e":
                flagged.add(key)
                errors.append(
                    sheet.error(
                        number, key, value, "excel_error", _("The cell holds an Excel error value.")
                    )
                )
            if not is_blank(value):
                blank = False
            values[key] = value
        if not blank or flagged:
            sheet.rows.append(Row(number, values, flagged))
        if number % 500 == 0:
            progress("read", number, total)
    return sheet


def read_book(data: bytes, kind: str, progress: Progress | None = None) -> Book:
    """Read an import file of a kind ('projects' or 'reports'): sheets, rows, problems of form."""
    report: Progress = progress or (lambda phase, done, total: None)
    workbook, errors = open_workbook(data)
    if workbook is None:
        return Book({}, errors)
    layouts = KINDS[kind]
    sheets: dict[str, SheetData] = {}
    try:
        for layout in layouts:
            worksheet = _find_sheet(workbook, layout)
            if worksheet is None:
                if layout.required:
                    errors.append(_missing_sheet(layout, workbook))
                continue
            sheets[layout.name] = _read_sheet(workbook, worksheet, layout, errors, report)
    finally:
        workbook.close()
    if not sheets and not errors:
        errors.append(_missing_sheet(layouts[0], workbook, layouts))
    return Book(sheets, errors)


def _missing_sheet(
    layout: SheetLayout, workbook: Any, layouts: tuple[SheetLayout, ...] | None = None
) -> CellError:
    names = "、".join(item.name for item in layouts) if layouts else layout.name
    return file_error(
        "missing_sheet",
        _("The file has no sheet named {names} (it has: {found}).").format(
            names=names, found="、".join(workbook.sheetnames)
        ),
    )
