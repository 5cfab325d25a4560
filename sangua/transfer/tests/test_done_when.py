"""Issue 6's "done when", through the console command on a SQLite file:

a 1,000-row file with errors scattered through it is rejected with every error listed and the
database file byte-for-byte unchanged; the corrected file imports; importing it again changes
nothing (the file's bytes again).
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

from .conftest import copy_test_database, plan_row, project_row, projects_file, sangua

# the marker makes pytest-django create the test database that the fixture below copies
pytestmark = pytest.mark.django_db

ROWS = 1000
BAD = {
    # every 53rd row from row 9 on gets one kind of mistake, in turn: (column key, value, cell letter, code)
    0: ("total_investment", "一万", "K", "wrong_type"),
    1: ("unit", "331102-T99", "D", "unknown_unit"),
    2: ("leader", "无此职务", "E", "unknown_person"),
    3: ("category", "火箭", "I", "invalid_choice"),
    4: ("target_date", "2012-01-01", "M", "target_before_start"),
    5: ("region", "331199", "C", "unknown_region"),
    6: ("start_date", "2013-02-30", "L", "invalid_date"),
}


def _rows(*, broken: bool):
    projects, plans, expected = [], [], []
    for i in range(ROWS):
        code = f"331102-{5000 + i}"
        row = project_row(code, name=f"批量导入项目{i}")
        sheet_row = i + 2
        if broken and i % 53 == 7:
            key, value, letter, error = BAD[(i // 53) % len(BAD)]
            row = project_row(code, name=f"批量导入项目{i}", **{key: value})
            expected.append(("项目", f"{letter}{sheet_row}", error))
        projects.append(row)
        plan = plan_row(code)
        if broken and i % 97 == 40:
            plan = plan_row(code, annual=1300)
            expected.append(("年度计划", f"C{sheet_row}", "plan_months_mismatch"))
        plans.append(plan)
    if broken:  # and a duplicate code near the end, which leaves its row's plan without a project
        projects[990] = project_row("331102-5003", name="重复")
        expected.append(("项目", "A992", "duplicate_code"))
        expected.append(("年度计划", "A992", "unknown_project"))
    order = {"项目": 0, "年度计划": 1}
    expected.sort(key=lambda e: (order[e[0]], int(e[1][1:]), e[1][0]))
    return projects_file(projects, plans), expected


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory, django_db_setup, django_db_blocker):
    """A file copy of the test database (demo loaded), for the console command to work on."""
    if connection.vendor != "sqlite":
        pytest.skip(
            "the byte-for-byte check is of a SQLite file; dump comparisons cover PostgreSQL"
        )
    directory = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock():
        copy_test_database(directory)
    return directory


def _state(var: Path) -> bytes:
    wal = var / "sangua.sqlite3-wal"
    return (var / "sangua.sqlite3").read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _audit_seq(var: Path) -> int:
    """The number of entries in the copy's audit trail (the chain head's sequence number)."""
    with closing(sqlite3.connect(var / "sangua.sqlite3")) as db:
        row = db.execute("SELECT seq FROM audit_audithead").fetchone()
    return int(row[0]) if row else 0


def test_a_bad_file_is_rejected_whole_then_the_corrected_file_imports_once(var_dir, tmp_path):
    # given a 1,000-row file with errors scattered through it
    bad, expected = _rows(broken=True)
    (tmp_path / "bad.xlsx").write_bytes(bad)
    before = _state(var_dir)
    # when
    done = sangua(var_dir, "import", "projects", str(tmp_path / "bad.xlsx"))
    # then every error is listed, and the database file has not changed by a byte
    assert done.returncode == 2, done.stderr
    listed = [
        (m[1], m[2], m[3])
        for line in done.stderr.splitlines()
        if (m := re.match(r"^(\S+)!([A-Z]+\d+) .*\[(\w+)\]$", line))
    ]
    assert listed == expected
    assert len(expected) == 31
    assert f"{len(expected)} problems in bad.xlsx; nothing was imported" in done.stderr
    assert _state(var_dir) == before

    # when the corrected file is imported
    demo_entries = _audit_seq(var_dir)
    good, _ = _rows(broken=False)
    (tmp_path / "good.xlsx").write_bytes(good)
    done = sangua(var_dir, "import", "projects", str(tmp_path / "good.xlsx"))
    # then
    assert done.returncode == 0, done.stderr
    assert "projects_created 1000" in done.stdout
    assert "plans_created 1000" in done.stdout
    after = _state(var_dir)
    assert after != before

    # when it is imported again, nothing changes
    done = sangua(var_dir, "import", "projects", str(tmp_path / "good.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "projects_unchanged 1000" in done.stdout
    assert _state(var_dir) == after

    # and the audit chain over the import is intact: the demo's entries, then the import's
    done = sangua(var_dir, "audit", "verify")
    expected = demo_entries + 2001
    assert (done.returncode, done.stdout.strip()) == (0, f"chain intact: {expected} entries")
