"""``sangua close-period --region CODE --period P``: close a district's period and list its findings."""

from __future__ import annotations

import getpass
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangua.accountability.models import Finding
from sangua.accountability.selectors import district_by_code
from sangua.accountability.services import period_close
from sangua.audit.services import acting_as
from sangua.core.errors import ServiceError
from sangua.orgs.models import User


class Command(BaseCommand):
    help = (
        "Close a district's month (2013-09), quarter (2013-Q3), half-year (2013-H1) or year (2013): "
        "units that completed less than planned over the period get a finding with the ladder's "
        "sanction. Closing again with the same data changes nothing; changes are logged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="the district's code, e.g. 331102")
        parser.add_argument("--period", required=True, help="2013-09, 2013-Q3, 2013-H1 or 2013")
        parser.add_argument(
            "--user",
            help="close as this user (their permissions are checked); default: the operator",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        by = None
        if options["user"]:
            by = User.objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"no user {options['user']!r}")
        try:
            region = district_by_code(options["region"])
            with acting_as(f"cli:{getpass.getuser()}"):  # the trail's actor without --user
                run = period_close(region=region, period=options["period"], by=by)
        except ServiceError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        findings = list(
            Finding.objects.filter(region=region, period=run.period)
            .exclude(state="withdrawn")
            .select_related("unit", "rule_set")
            .order_by("unit__sort", "unit__code")
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "region": region.code,
                        "period": run.period,
                        "run": run.run,
                        "rule_set_version": run.rule_set.version,
                        "assessed": len(run.assessed),
                        "changes": run.changes,
                        "findings": [
                            {
                                "unit": f.unit.code,
                                "unit_name": f.unit.name,
                                "head": f.head_name,
                                "planned": str(f.planned),
                                "completed": str(f.completed),
                                "shortfall": str(f.shortfall),
                                "sanction": f.sanction,
                                "state": f.state,
                                "rule_set_version": f.rule_set.version,
                            }
                            for f in findings
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(
            f"{region.name} {run.period}: run {run.run}, rule set v{run.rule_set.version}, "
            f"{len(run.assessed)} units assessed, {len(findings)} findings"
        )
        for f in findings:
            self.stdout.write(
                f"  {f.unit.code}  {f.unit.name}  {f.head_name}  planned {f.planned}  "
                f"completed {f.completed}  shortfall {f.shortfall}  {f.get_sanction_display()}  "
                f"[{f.state}, v{f.rule_set.version}]"
            )
        if run.run > 1:
            if run.changes:
                self.stdout.write(f"Changes since run {run.run - 1}:")
                for change in run.changes:
                    self.stdout.write(
                        f"  {change['unit']}  {change['unit_name']}  {change['what']}: "
                        f"{change['before']} → {change['after']}"
                    )
            else:
                self.stdout.write(f"No change since run {run.run - 1}.")
