"""``sangua forecast-backtest``: how far the completion forecast was from what happened (docs/forecast-backtest.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangua.accountability.backtest import Case, backtest_cases, prewarning_scores, summarise
from sangua.orgs.models import Region


def _table(title: str, groups: dict[tuple[Any, ...], list[Case]], keys: list[str]) -> list[str]:
    head = [
        *keys,
        "cases",
        "MAE",
        "bias",
        "P90 abs. error",
        "in range %",
        "range width",
        "plan holds MAE",
        "pace holds MAE",
    ]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in sorted(groups):
        s = summarise(groups[key])
        cells = [
            *[str(k) for k in key],
            str(s.count),
            str(s.mae),
            f"{s.bias:+}",
            str(s.p90),
            str(s.coverage),
            str(s.width),
            str(s.baselines.get("plan holds", "")),
            str(s.baselines.get("pace holds", "")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


class Command(BaseCommand):
    help = (
        "Backtest the year-end and quarter forecasts on every past year in the database: each "
        "district, unit and project, forecast at the end of every month with only earlier years "
        "as history, compared with what happened. Prints Markdown tables (percentage points)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region", default="331100", help="a city or district code (default 331100, Lishui)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"no region {options['region']!r}")
        cases = backtest_cases(region)
        if not cases:
            raise CommandError("nothing to backtest: no year with a known outcome")
        by_level: dict[tuple[Any, ...], list[Case]] = defaultdict(list)
        by_year: dict[tuple[Any, ...], list[Case]] = defaultdict(list)
        by_month: dict[tuple[Any, ...], list[Case]] = defaultdict(list)
        for case in cases:
            by_level[(case.kind, case.level, case.method)].append(case)
            by_year[(case.kind, case.year, case.level)].append(case)
            if case.kind == "year" and case.month in (3, 6, 9, 11):
                by_month[(case.level, case.method, case.month)].append(case)
        out = [f"## Backtest of the completion forecast — {region.name} ({region.code})", ""]
        out += _table("By kind, level and method", by_level, ["kind", "level", "method"])
        out += _table("By kind, year and level", by_year, ["kind", "year", "level"])
        out += _table(
            "Year end, by level, method and forecast month", by_month, ["level", "method", "month"]
        )
        out += ["### Quarter pre-warning (预警): flagged = expected below the quarter's plan", ""]
        out += ["| year | rule | cases | flagged | missed | precision % | recall % | accuracy % |"]
        out += ["|---|---|---|---|---|---|---|---|"]
        for year in sorted({c.year for c in cases}) + ["all"]:
            chosen = [c for c in cases if year == "all" or c.year == year]
            for rule, naive in (("forecast", False), ("behind plan to date", True)):
                w = prewarning_scores(chosen, naive=naive)
                if w.cases:
                    out.append(
                        f"| {year} | {rule} | {w.cases} | {w.flagged} | {w.missed} | "
                        f"{w.precision} | {w.recall} | {w.accuracy} |"
                    )
        self.stdout.write("\n".join(out))
