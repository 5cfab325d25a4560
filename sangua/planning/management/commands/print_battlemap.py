"""``sangua print-battlemap --unit CODE --out FILE.pdf``: a unit's battle map as an A3 PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangua.orgs.models import Unit
from sangua.planning.printing import unit_battlemap_pdf


class Command(BaseCommand):
    help = "Print a unit's battle map (挂图) as an A3 landscape PDF with the Chinese font embedded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="the unit's code, e.g. 331102-T05")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="status date YYYY-MM-DD (default: each plan's own status date, else today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.select_related("region").filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"unknown unit {options['unit']}")
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of: {options['as_of']} is not a date YYYY-MM-DD"
                ) from None
        content = unit_battlemap_pdf(unit, as_of=as_of)
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(content) // 1024} KB): {unit.name}")
