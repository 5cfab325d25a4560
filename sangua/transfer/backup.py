"""Backing up and restoring the whole database (备份与恢复).

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot page
by page while the site keeps running; the copy is checked (``PRAGMA integrity_check``) before it
replaces the target, and a restore copies a checked backup back the same way.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists`` in one transaction,
with the connection settings passed through libpq's environment variables (never on the command
line, where other users could read the password).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
PAGES_PER_STEP = 1024  # copy in steps so writers are not blocked for the whole copy


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def engine_of(db: dict[str, Any]) -> str:
    engine = str(db["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"backups of {engine} databases are not supported")


def _sqlite_connect(name: str | Path) -> sqlite3.Connection:
    text = str(name)
    return sqlite3.connect(text, uri=text.startswith("file:"))


def _check_sqlite(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} failed its integrity check: {result}")
    has_migrations = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
    ).fetchone()
    if not has_migrations:
        raise BackupError(f"{what} is not a Sangua database (no django_migrations table)")


def sqlite_backup(source: str | Path, target: Path) -> None:
    """Copy a SQLite database to ``target`` with the online backup API, then check the copy."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    src = _sqlite_connect(source)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=PAGES_PER_STEP)
        _check_sqlite(dst, "the backup")
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)


def sqlite_restore(backup: Path, target: str | Path) -> None:
    """Copy a checked SQLite backup over the database ``target`` (a file path or a URI)."""
    if not backup.read_bytes()[:16] == SQLITE_MAGIC:
        raise BackupError(f"{backup} is not a SQLite database file")
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        _check_sqlite(src, str(backup))
        dst = _sqlite_connect(target)
        try:
            src.backup(dst, pages=PAGES_PER_STEP)
        finally:
            dst.close()
    finally:
        src.close()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    options = db.get("OPTIONS") or {}
    for key, value in {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
    }.items():
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    done = subprocess.run(
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def postgres_backup(db: dict[str, Any], target: Path) -> None:
    """``pg_dump -Fc`` of the database into ``target`` (written aside, then moved in place)."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)],
        _pg_env(db),
    )
    os.replace(partial, target)


def postgres_restore(db: dict[str, Any], backup: Path) -> None:
    """``pg_restore --clean --if-exists`` of a pg_dump -Fc file, all or nothing."""
    with backup.open("rb") as handle:
        if handle.read(5) != PGDUMP_MAGIC:
            raise BackupError(f"{backup} is not a pg_dump custom-format file")
    env = _pg_env(db)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            env.get("PGDATABASE", ""),
            str(backup),
        ],
        env,
    )


def backup(db: dict[str, Any], target: Path) -> str:
    """Back the database up into ``target``; returns the engine used."""
    engine = engine_of(db)
    if engine == "sqlite":
        sqlite_backup(db["NAME"], target)
    else:
        postgres_backup(db, target)
    return engine


def restore(db: dict[str, Any], source: Path) -> str:
    """Replace the database's content with a backup made by ``backup``; returns the engine."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    engine = engine_of(db)
    if engine == "sqlite":
        sqlite_restore(source, db["NAME"])
    else:
        postgres_restore(db, source)
    return engine
