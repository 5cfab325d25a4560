"""``sangua bulletin --region CODE --period P --format pdf|xlsx --out FILE``: print the bulletin (通报)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangua.accountability.bulletin import bulletin_data, bulletin_pdf, bulletin_xlsx
from sangua.accountability.selectors import district_by_code, parse_period
from sangua.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Write the bulletin of a district (or a city) for a published month, quarter, half-year "
        "or year, as a PDF or an Excel workbook with the same content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="a district's or a city's code")
        parser.add_argument("--period", required=True, help="2013-09, 2013-Q3, 2013-H1 or 2013")
        parser.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
        parser.add_argument("--out", required=True, help="the file to write ('-' for stdout)")
        parser.add_argument(
            "--language", default="zh-hans", help="zh-hans (default) or en for the labels"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = district_by_code(options["region"])
            data = bulletin_data(region, parse_period(options["period"]))
        except ServiceError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        render = bulletin_pdf if options["format"] == "pdf" else bulletin_xlsx
        content = render(data, options["language"])
        if options["out"] == "-":
            sys.stdout.buffer.write(content)
            return
        path = Path(options["out"])
        path.write_bytes(content)
        self.stderr.write(f"{path}: {len(content)} bytes ({region.name}, {data.period})")
