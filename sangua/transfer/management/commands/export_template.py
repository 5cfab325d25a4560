"""``sangua export-template projects|reports --out FILE.xlsx [--region CODE] [--year YYYY]``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sangua.orgs.models import Region
from sangua.transfer.export import template_bytes


class Command(BaseCommand):
    help = (
        "Write an Excel import template (Chinese column headers, help and code lists); with "
        "--region, filled with that district's current data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["projects", "reports"])
        parser.add_argument("--out", required=True, help="the .xlsx file to write")
        parser.add_argument("--region", help="a district code: fill in its projects or reports")
        parser.add_argument("--year", type=int, help="only this year's plans or reports")

    def handle(self, *args: Any, **options: Any) -> None:
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None or not region.is_district:
                raise CommandError(f"no district with code {options['region']}", returncode=2)
        out = Path(options["out"])
        out.write_bytes(template_bytes(options["kind"], region=region, year=options["year"]))
        self.stdout.write(f"wrote {out}")
