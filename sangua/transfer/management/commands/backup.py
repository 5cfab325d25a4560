"""``sangua backup FILE``: a consistent copy of the whole database, taken while the site runs."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sangua.transfer.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database: SQLite's online backup, or pg_dump -Fc for PostgreSQL."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="where to write the backup")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        if target.is_dir():
            raise CommandError(f"{target} is a directory; name a file", returncode=2)
        try:
            engine = backup(connections[options["database"]].settings_dict, target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backed up ({engine}) to {target} ({target.stat().st_size} bytes)")
