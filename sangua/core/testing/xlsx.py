"""Read back an exported workbook in tests: its heading, header row, data rows and formats."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook


@dataclass
class Table:
    """One sheet of an export: the line above the header, the headers, the rows as values, and
    each column's number format (of its first data row)."""

    title: str
    heading: str | None
    headers: list[str]
    rows: list[tuple[Any, ...]]
    formats: dict[str, str]

    def column(self, header: str) -> list[Any]:
        index = self.headers.index(header)
        return [row[index] for row in self.rows]


def read_table(content: bytes, sheet: int = 0, *, heading: bool = True) -> Table:
    """The sheet's table; data rows end at the first empty row (notes may follow it)."""
    book = load_workbook(io.BytesIO(content))
    ws = book.worksheets[sheet]
    header_row = 2 if heading else 1
    headers = [c.value for c in ws[header_row]]
    rows: list[tuple[Any, ...]] = []
    formats: dict[str, str] = {}
    for cells in ws.iter_rows(min_row=header_row + 1):
        values = tuple(c.value for c in cells)
        if all(v is None for v in values):
            break
        if not rows:
            formats = {str(h): c.number_format for h, c in zip(headers, cells, strict=False)}
        rows.append(values)
    return Table(
        title=ws.title,
        heading=str(ws.cell(row=1, column=1).value) if heading else None,
        headers=[str(h) for h in headers],
        rows=rows,
        formats=formats,
    )
