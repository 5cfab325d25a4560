"""Helpers of the import tests: build .xlsx files row by row, and dump the tables an import touches."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from openpyxl import Workbook

from sangua.audit.models import AuditEntry, AuditHead
from sangua.core.testing.audit import empty_trail
from sangua.orgs.models import User
from sangua.progress.models import MonthlyReport, ReportEvent
from sangua.projects.models import InvestmentPlan, Project
from sangua.transfer.layout import PLANS, PROJECTS, REPORTS

PROJECT_HEADERS = [c.header for c in PROJECTS.columns]
PLAN_HEADERS = [c.header for c in PLANS.columns]
REPORT_HEADERS = [c.header for c in REPORTS.columns]


def xlsx(
    sheets: dict[str, Sequence[Sequence[Any]]], *, merge: dict[str, str] | None = None
) -> bytes:
    """A workbook with the given sheets (first row = headers); ``merge`` maps sheet → range."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    for title, ref in (merge or {}).items():
        workbook[title].merge_cells(ref)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def project_row(code: str = "331102-901", **overrides: Any) -> list[Any]:
    """A good 项目 row for a new Liandu project (override by column key)."""
    values = {
        "code": code,
        "name": "测试新建项目",
        "region": "331102",
        "unit": "331102-T05",
        "leader": "区长",
        "unit_head": "",
        "contact": "张联络",
        "contact_phone": "0578-2123456",
        "category": "交通",
        "location": "联城街道",
        "total_investment": 12000,
        "start_date": "2013-03-01",
        "target_date": "2015-12-31",
        "state": "在建",
    }
    values.update(overrides)
    return [values[c.key] for c in PROJECTS.columns]


def plan_row(
    code: str = "331102-901", year: int = 2013, annual: Any = 1200, months: Any = None
) -> list[Any]:
    months = months if months is not None else [100] * 12
    return [code, year, annual, *months]


def projects_file(
    projects: Sequence[Sequence[Any]] = (), plans: Sequence[Sequence[Any]] = ()
) -> bytes:
    return xlsx({"项目": [PROJECT_HEADERS, *projects], "年度计划": [PLAN_HEADERS, *plans]})


def reports_file(rows: Sequence[Sequence[Any]]) -> bytes:
    return xlsx({"月报": [REPORT_HEADERS, *rows]})


def dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row and column of the tables an import may write, in primary-key order."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values_list())
        for model in (Project, InvestmentPlan, MonthlyReport, ReportEvent, AuditEntry, AuditHead)
    }


@pytest.fixture(autouse=True)
def _empty_trail(request):
    """The import tests list every entry an import writes: they start from an empty trail."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        empty_trail()


@pytest.fixture(autouse=True)
def _english(settings, client):
    """Messages are asserted as written (English message ids), whatever translations exist."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def office(db) -> User:
    return User.objects.get(username="office")


def copy_test_database(directory: Path) -> Path:
    """Copy the (in-memory, demo-loaded) test database into ``directory/sangua.sqlite3``.

    The copy is in WAL mode, as the site's database is, so the first connection of a command
    does not rewrite its header. Call it with database access unblocked.
    """
    connection.ensure_connection()
    assert "memorydb" in str(connection.settings_dict["NAME"]), "copy the test database only"
    path = directory / "sangua.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return path


def sangua(var: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    """Run the ``sangua`` command in a fresh process on the SQLite database in ``var``."""
    environ = {
        **os.environ,
        "SANGUA_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    environ.pop("DATABASE_URL", None)
    environ.update(env or {})
    code = "import sys; from sangua.cli.main import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environ,
        cwd=settings.BASE_DIR,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
