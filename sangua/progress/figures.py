"""Figures of projects, units, districts and cities for a month: rows from the database, rules from the engine.

Only approved monthly reports count (SPEC §3). Everything here reads; nothing writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sangua.accountability.rules import engine_rules, rule_set_for
from sangua.engine.metrics import (
    ZERO_DONE,
    Figures,
    Light,
    Rules,
    Series,
    add_series,
    figures,
    rank,
)
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, Unit
from sangua.orgs.scopes import district_ids_below
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan, Project

from .choices import ReportState
from .models import MonthlyReport


def current_rules(region: Region | None = None) -> Rules:
    """The light and stall rules in force for a region (its rule set's latest version)."""
    return engine_rules(rule_set_for(region))


def load_series(project_ids: Iterable[int], year: int) -> dict[int, Series]:
    """Each project's 12 planned and 12 approved completed amounts for a year, in two queries."""
    ids = list(project_ids)
    plans: dict[int, tuple[Decimal, ...]] = {}
    for row in InvestmentPlan.objects.filter(project_id__in=ids, year=year).values_list(
        "project_id", *MONTH_FIELDS
    ):
        plans[row[0]] = tuple(Decimal(v) for v in row[1:])
    done: dict[int, list[Decimal]] = {}
    reports = MonthlyReport.objects.filter(
        project_id__in=ids, year=year, state=ReportState.APPROVED
    )
    for project_id, month, amount in reports.values_list("project_id", "month", "amount"):
        done.setdefault(project_id, list(ZERO_DONE))[month - 1] += Decimal(amount)
    return {pid: Series(plan=plans.get(pid), done=tuple(done.get(pid, ZERO_DONE))) for pid in ids}


@dataclass(frozen=True)
class ProjectFigures:
    """One project's figures with what the boards show beside them."""

    id: int
    code: str
    name: str
    unit_id: int
    unit_name: str
    region_id: int
    leader: str
    category: str
    state: str
    series: Series
    figures: Figures


@dataclass(frozen=True)
class RankRow:
    """One ranked child of a region: a unit of a district, or a district of a city."""

    code: str
    name: str
    rank: int | None
    figures: Figures
    series: Series
    project_count: int


@dataclass
class RegionBoard:
    """Everything the dashboard, the wall and the rankings API show for one region and month."""

    region: Region
    year: int
    month: int
    rules: Rules
    figures: Figures
    series: Series
    rows: list[RankRow]
    projects: list[ProjectFigures]
    light_counts: dict[str, int] = field(default_factory=dict)

    @property
    def child_kind(self) -> str:
        return "unit" if self.region.level == RegionLevel.DISTRICT else "district"

    @property
    def stalled(self) -> list[ProjectFigures]:
        return [p for p in self.projects if p.figures.stalled]

    @property
    def slow(self) -> list[ProjectFigures]:
        return [p for p in self.projects if p.figures.slow]


def project_figures(
    projects: Iterable[Project], year: int, month: int, rules: Rules | None = None
) -> list[ProjectFigures]:
    """Figures for the given projects (select_related unit and leader to avoid a query per row)."""
    rules = rules or current_rules()
    items = list(projects)
    series = load_series((p.pk for p in items), year)
    return [
        ProjectFigures(
            id=p.pk,
            code=p.code,
            name=p.name,
            unit_id=p.unit_id,
            unit_name=p.unit.name,
            region_id=p.region_id,
            leader=str(p.leader),
            category=p.category,
            state=p.state,
            series=series[p.pk],
            figures=figures(series[p.pk], month, rules),
        )
        for p in items
    ]


def region_board(region: Region, year: int, month: int, rules: Rules | None = None) -> RegionBoard:
    """A region's figures at the end of a month, its children ranked and its projects with lights."""
    rules = rules or current_rules(region)
    district_ids = district_ids_below(region)
    projects = (
        Project.objects.filter(region_id__in=district_ids)
        .select_related("unit", "leader")
        .order_by("code")
    )
    items = project_figures(projects, year, month, rules)
    groups: dict[int, list[ProjectFigures]] = defaultdict(list)
    if region.level == RegionLevel.DISTRICT:
        for p in items:
            groups[p.unit_id].append(p)
        children: list[tuple[int, str, str]] = [
            (u.pk, u.code, u.name)
            for u in Unit.objects.filter(pk__in=groups.keys()).order_by("sort", "code")
        ]
    else:
        for p in items:
            groups[p.region_id].append(p)
        children = [
            (r.pk, r.code, r.name)
            for r in Region.objects.filter(pk__in=district_ids).order_by("sort", "code")
        ]
    child_series = {
        pk: add_series(p.series for p in groups.get(pk, [])) for pk, _code, _name in children
    }
    child_figures = {code: figures(child_series[pk], month, rules) for pk, code, _name in children}
    by_code = {code: (pk, name) for pk, code, name in children}
    ranked = rank(child_figures.items())
    rows = [
        RankRow(
            code=r.code,
            name=by_code[r.code][1],
            rank=r.rank,
            figures=r.figures,
            series=child_series[by_code[r.code][0]],
            project_count=len(groups.get(by_code[r.code][0], [])),
        )
        for r in ranked
    ]
    total = add_series(p.series for p in items)
    counts = {light.value: 0 for light in Light}
    for p in items:
        counts[p.figures.light.value] += 1
    return RegionBoard(
        region=region,
        year=year,
        month=month,
        rules=rules,
        figures=figures(total, month, rules),
        series=total,
        rows=rows,
        projects=items,
        light_counts=counts,
    )
