"""``sangua schedule PLAN.json``: print a plan's schedule (SPEC §4) as JSON.

A ``cn`` calendar reads the official calendar the office keeps (the database table) when the
database is there and migrated, else the one shipped in the ``chinesecalendar`` package; so the
command also works on a machine without a database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangua.engine.scheduling import ScheduleError, plan_from_json, schedule, schedule_to_json
from sangua.planning.calendars import (
    current_official_calendar,
    official_calendar,
    official_calendar_for_command,
)


class Command(BaseCommand):
    help = (
        "Schedule a reverse plan (倒排计划) given as JSON and print the schedule as JSON. "
        "The cn calendar is the office's table (holidays and make-up days, extended each year) "
        "when the database is there and migrated, else the chinesecalendar package's "
        "(see --official)."
    )
    requires_system_checks: list[str] = []  # pure computation: no checks needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", help="the plan, a JSON file as in SPEC §4 ('-' for stdin)")
        parser.add_argument(
            "--official",
            choices=["auto", "table", "package"],
            default="auto",
            help="where the cn calendar comes from: the office's table in the database, the "
            "chinesecalendar package, or (auto, the default) the table when the database is "
            "there and migrated, else the package",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["plan"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the plan: {exc}", returncode=2) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not valid JSON: {exc}", returncode=2) from None
        if options["official"] == "table":
            official = current_official_calendar()
        elif options["official"] == "package":
            official = official_calendar()
        else:
            official, _source = official_calendar_for_command()
        try:
            result = schedule(plan_from_json(data, official))
        except ScheduleError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(schedule_to_json(result), ensure_ascii=False, indent=2))

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            # From the command line, Django would print "CommandError: <message>"; the SPEC wants
            # the message alone on one line (and exit status 2).
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(exc), lambda message: message)
            sys.exit(exc.returncode)
