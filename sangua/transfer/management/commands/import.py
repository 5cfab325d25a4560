"""``sangua import projects|reports FILE.xlsx [--user NAME]``: import from Excel, all or nothing.

Exit status 0 with a summary on success; 2 with every problem on stderr (one per line: sheet!cell
column "value": why [code]) when the file is rejected — nothing is imported then.
"""

from __future__ import annotations

import getpass
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sangua.audit.services import acting_as
from sangua.core.errors import NotAllowed
from sangua.orgs.models import User
from sangua.transfer.services import ImportRejected, import_projects, import_reports


class Command(BaseCommand):
    help = "Import projects with their plans, or monthly reports, from an .xlsx file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["projects", "reports"])
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument(
            "--user",
            help="import as this user (their role and districts apply); default: the console, "
            "with every district",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from exc
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['user']}", returncode=2)
        run = import_projects if options["kind"] == "projects" else import_reports
        try:
            with acting_as(f"cli:{getpass.getuser()}"):
                summary = run(data=data, filename=path.name, by=user)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error.line())
            raise CommandError(
                f"{len(rejected.errors)} problems in {path.name}; nothing was imported",
                returncode=2,
            ) from None
        except NotAllowed as exc:
            raise CommandError(exc.message, returncode=2) from None
        counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
        self.stdout.write(f"imported {path.name}: {summary.rows} rows; {counts}")
