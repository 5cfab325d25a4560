"""``sangua supervision_daily [--date YYYY-MM-DD]``: run the daily reminders and placards now."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangua.audit.services import acting_as
from sangua.supervision.escalation import daily_run


class Command(BaseCommand):
    help = "Remind owners of supervision items and raise placards on overdue ones (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="run as of this day (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"not a date: {options['date']}") from None
        with acting_as(f"cli:{getpass.getuser()}"):  # who ran it by hand, in the audit trail
            result = daily_run(today=today)
        self.stdout.write(str(result))
