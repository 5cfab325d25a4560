"""``sangua restore FILE``: replace the whole database with a backup made by ``sangua backup``.

Stop the site and its worker first: sessions and jobs in flight are lost, and everything
written since the backup is gone. Asks for confirmation unless ``--noinput``.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sangua.transfer.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup (SQLite backup API, or pg_restore --clean)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="a backup made by 'sangua backup'")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        connection = connections[options["database"]]
        name = connection.settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database {name} with {source}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled", returncode=1)
        connection.close()
        try:
            engine = restore(connection.settings_dict, source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored ({engine}) {name} from {source}")
