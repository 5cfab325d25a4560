"""The bad-file corpus: each broken file is rejected with its exact errors, and nothing is written."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from sangua.transfer.services import ImportRejected, import_projects, import_reports

from .conftest import (
    PLAN_HEADERS,
    PROJECT_HEADERS,
    dump,
    plan_row,
    project_row,
    projects_file,
    reports_file,
    xlsx,
)


def _formula_file() -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "项目"
    ws.append(PROJECT_HEADERS)
    ws.append(project_row())
    plans = workbook.create_sheet("年度计划")
    plans.append(PLAN_HEADERS)
    plans.append(["331102-901", 2013, "=SUM(D2:O2)", *[100] * 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


WITHOUT_TOTAL = [h for h in PROJECT_HEADERS if h != "总投资(万元)"]
ROW_WITHOUT_TOTAL = [
    v for h, v in zip(PROJECT_HEADERS, project_row(), strict=True) if h != "总投资(万元)"
]

CORPUS = {
    "wrong types": (
        projects_file(
            [project_row(total_investment="一万二", start_date="next week", target_date=41000)],
            [plan_row(year="二〇一三")],
        ),
        [
            (
                "项目",
                "K2",
                "总投资(万元)",
                "一万二",
                "wrong_type",
                "Expected an amount in 万元 (a number).",
            ),
            (
                "项目",
                "L2",
                "开工日期",
                "next week",
                "wrong_type",
                "Expected a date such as 2013-05-06.",
            ),
            (
                "项目",
                "M2",
                "计划竣工日期",
                "41000",
                "wrong_type",
                "Expected a date, got the number 41000: format the cell as a date.",
            ),
            ("年度计划", "B2", "年度", "二〇一三", "wrong_type", "Expected a whole number."),
        ],
    ),
    "missing columns": (
        xlsx({"项目": [WITHOUT_TOTAL, ROW_WITHOUT_TOTAL], "年度计划": [PLAN_HEADERS[:-1]]}),
        [
            (
                "项目",
                "",
                "总投资(万元)",
                "",
                "missing_column",
                "The sheet has no column 总投资(万元).",
            ),
            ("年度计划", "", "12月", "", "missing_column", "The sheet has no column 12月."),
        ],
    ),
    "duplicate codes": (
        projects_file(
            [project_row("331102-901"), project_row("331102-902"), project_row("331102-901")],
            [plan_row("331102-901"), plan_row("331102-901")],
        ),
        [
            (
                "项目",
                "A4",
                "项目编码",
                "331102-901",
                "duplicate_code",
                "Project code 331102-901 is also on row 2.",
            ),
            (
                "年度计划",
                "B3",
                "年度",
                "2013",
                "duplicate_plan",
                "The 2013 plan of 331102-901 is also on row 2.",
            ),
        ],
    ),
    "months not adding up": (
        projects_file([project_row()], [plan_row(annual=1200, months=[100] * 11 + [99.99])]),
        [
            (
                "年度计划",
                "C2",
                "年度计划(万元)",
                "1200",
                "plan_months_mismatch",
                "The 12 months add up to 1199.99 万元, not to the annual plan.",
            ),
        ],
    ),
    "unknown units": (
        projects_file(
            [project_row(unit="331102-T99"), project_row("331102-902", unit="331121-T01")]
        ),
        [
            (
                "项目",
                "D2",
                "责任单位(代码)",
                "331102-T99",
                "unknown_unit",
                "No responsible unit has this code.",
            ),
            (
                "项目",
                "D3",
                "责任单位(代码)",
                "331121-T01",
                "unit_outside_region",
                "鹤城街道 is a unit of 青田县, not of 莲都区.",
            ),
        ],
    ),
    "formulas": (
        _formula_file(),
        [
            (
                "年度计划",
                "C2",
                "年度计划(万元)",
                "=SUM(D2:O2)",
                "formula",
                "The cell holds a formula: paste its value instead (Paste Special → Values).",
            ),
        ],
    ),
    "merged cells": (
        xlsx(
            {
                "项目": [
                    PROJECT_HEADERS,
                    project_row("331102-901"),
                    project_row("331102-902", region=None),
                ],
                "年度计划": [PLAN_HEADERS],
            },
            merge={"项目": "C2:C3"},
        ),
        [
            (
                "项目",
                "C2",
                "所属区县(代码)",
                "C2:C3",
                "merged_cells",
                "Merged cells C2:C3: unmerge them and fill in every cell.",
            ),
        ],
    ),
    "a text file": (
        b"code,name\n331102-901,test\n",
        [("", "", "", "", "not_excel", "This is not an Excel file (.xlsx).")],
    ),
    "an old .xls file": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        [
            (
                "",
                "",
                "",
                "",
                "xls_not_supported",
                "This is an old Excel 97–2003 (.xls) file: save it as .xlsx and import again.",
            )
        ],
    ),
    "a Word document": (
        _docx_like(),
        [("", "", "", "", "not_excel", "This is not an Excel file (.xlsx).")],
    ),
    "a damaged workbook": (
        projects_file([project_row()])[:2000],
        [("", "", "", "", "unreadable", "The Excel file is damaged or cannot be read.")],
    ),
    "a reports file given as projects": (
        reports_file([["331102-001", 2013, 9, 10, "", ""]]),
        [
            (
                "",
                "",
                "",
                "",
                "missing_sheet",
                "The file has no sheet named 项目、年度计划 (it has: 月报).",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", list(CORPUS), ids=list(CORPUS))
def test_given_a_bad_file_when_imported_then_every_error_is_listed_and_nothing_changes(
    office, case
):
    # given
    data, expected = CORPUS[case]
    before = dump()
    # when
    with pytest.raises(ImportRejected) as rejected:
        import_projects(data=data, filename=f"{case}.xlsx", by=office)
    # then
    assert [
        (e.sheet, e.cell, e.column, e.value, e.code, e.message) for e in rejected.value.errors
    ] == expected
    assert dump() == before


def test_given_bad_reports_when_imported_then_every_error_is_listed(office):
    data = reports_file(
        [
            ["331102-001", 2013, 9, 88, "主体施工", ""],
            ["331102-999", 2013, 9, 10, "", ""],  # unknown project
            ["331121-001", 2013, 9, 10, "", ""],  # another district's project
            ["331102-002", 2013, 13, -5, "", ""],  # month and amount out of range
            ["331102-003", 2099, 1, 10, "", ""],  # a month that has not begun
            ["331102-001", 2013, 9, 90, "", ""],  # the same report twice
            [None, None, None, None, "x" * 4001, ""],  # blanks and too long
        ]
    )
    before = dump()
    with pytest.raises(ImportRejected) as rejected:
        import_reports(data=data, filename="reports.xlsx", by=office)
    assert [(e.cell, e.code) for e in rejected.value.errors] == [
        ("A3", "unknown_project"),
        ("A4", "project_outside_scope"),
        ("C5", "out_of_range"),
        ("D5", "negative_amount"),
        ("C6", "future_month"),
        ("C7", "duplicate_report"),
        ("A8", "required"),
        ("B8", "required"),
        ("C8", "required"),
        ("D8", "required"),
        ("E8", "too_long"),
    ]
    assert dump() == before
