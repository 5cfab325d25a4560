"""Backup and restore round trips: SQLite (online backup API) and PostgreSQL (pg_dump/pg_restore)."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from django.db import connection

from .conftest import copy_test_database, sangua

PG_URL = os.environ.get(
    "SANGUA_BACKUP_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sangua_backup_test"
)

pytestmark = pytest.mark.django_db  # the test database is what the SQLite tests copy


def _dump(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, django_db_setup, django_db_blocker):
    """One file copy of the test database, made before any test opens a transaction on it."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip runs when the suite runs on SQLite")
    directory = tmp_path_factory.mktemp("pristine")
    with django_db_blocker.unblock():
        return copy_test_database(directory)


@pytest.fixture
def var_dir(tmp_path, pristine):
    """A var directory of the test's own, holding a copy of the demo database."""
    directory = tmp_path / "var"
    directory.mkdir()
    shutil.copyfile(pristine, directory / "sangua.sqlite3")
    return directory


def test_sqlite_round_trip(var_dir, tmp_path):
    # given the demo database and a backup of it
    database = var_dir / "sangua.sqlite3"
    original = _dump(database)
    backup = tmp_path / "backup.sqlite3"
    done = sangua(var_dir, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"backed up (sqlite) to {backup}")
    assert _dump(backup) == original
    # when the data changes after the backup
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM projects_investmentplan")
        db.execute("UPDATE projects_project SET name = '改名' WHERE code = '331102-001'")
    assert _dump(database) != original
    # and the backup is restored
    done = sangua(var_dir, "restore", str(backup), "--noinput")
    # then the database is as it was
    assert done.returncode == 0, done.stderr
    assert _dump(database) == original


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all", "is not a SQLite database file"),
        ("empty-sqlite", "is not a Sangua database (no django_migrations table)"),
    ],
)
def test_restore_refuses_what_is_not_a_sangua_backup(var_dir, tmp_path, content, message):
    bad = tmp_path / "bad.sqlite3"
    if content == "empty-sqlite":
        with sqlite3.connect(bad) as db:
            db.execute("CREATE TABLE t (x)")
    else:
        bad.write_bytes(content)
    before = _dump(var_dir / "sangua.sqlite3")
    done = sangua(var_dir, "restore", str(bad), "--noinput")
    assert done.returncode == 1
    assert message in done.stderr
    assert _dump(var_dir / "sangua.sqlite3") == before


def test_restore_asks_first(var_dir, pristine):
    done = sangua(var_dir, "restore", str(pristine), stdin="no\n")
    assert done.returncode == 1
    assert "restore cancelled" in done.stderr


def _postgres():
    """A connection to the test's own PostgreSQL database, or a reason to skip."""
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip(
            "pg_dump/pg_restore are not installed (Debian: apt-get install postgresql-client)"
        )
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(PG_URL)
    params = {
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    try:
        with psycopg.connect(
            dbname="postgres", autocommit=True, connect_timeout=3, **params
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL is not reachable at {db['HOST']}:{db['PORT']}: {exc}".strip())
    return psycopg.connect(dbname=db["NAME"], autocommit=True, **params)


def test_postgresql_round_trip(tmp_path):
    # given a database with a few tables and rows (the command needs no migrations to copy it)
    with _postgres() as pg:
        pg.execute("CREATE TABLE django_migrations (id serial PRIMARY KEY, app text, name text)")
        pg.execute("INSERT INTO django_migrations (app, name) VALUES ('projects', '0001_initial')")
        pg.execute("CREATE TABLE project (code text PRIMARY KEY, name text, amount numeric(14, 2))")
        pg.execute(
            "INSERT INTO project VALUES ('331102-001', '古城岛房屋拆迁', 1234.56), "
            "('331102-002', '之江监狱迁建', 0.01)"
        )
        rows = pg.execute("SELECT * FROM project ORDER BY code").fetchall()
        backup = tmp_path / "sangua.pgdump"
        env = {"DATABASE_URL": PG_URL}
        done = sangua(tmp_path, "backup", str(backup), env=env)
        assert done.returncode == 0, done.stderr
        assert backup.read_bytes()[:5] == b"PGDMP"
        # when the data changes, then the backup is restored
        pg.execute("DELETE FROM project WHERE code = '331102-001'")
        pg.execute("UPDATE project SET name = '改名'")
        pg.execute("DROP TABLE django_migrations")
        done = sangua(tmp_path, "restore", str(backup), "--noinput", env=env)
        assert done.returncode == 0, done.stderr
        # then
        assert pg.execute("SELECT * FROM project ORDER BY code").fetchall() == rows
        assert pg.execute("SELECT app, name FROM django_migrations").fetchall() == [
            ("projects", "0001_initial")
        ]
