"""The year-end forecast of a district, its units and projects, and the quarter pre-warning (预警).

Reads only. Which method each level uses follows the backtest (docs/forecast-backtest.md): a
district's year end from its own past years (the usual monthly profile), everything else from
the plan, with this year's pace for the range. Units' and projects' own past years made their
forecasts worse on the demo (their plans change shape from year to year: projects start and end),
and so did history for quarters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sangua.engine.forecast import Forecast, quarter_forecast, year_end_forecast
from sangua.engine.metrics import Series, add_series
from sangua.orgs.models import Region
from sangua.orgs.scopes import district_ids_below
from sangua.progress.figures import load_series
from sangua.projects.models import InvestmentPlan, Project

# The levels whose year-end forecast uses their own past years; quarters never do.
HISTORY_LEVELS = frozenset({"district"})
HISTORY_YEARS = 3  # at most this many past years


@dataclass(frozen=True)
class Line:
    """One unit's, district's or project's forecasts."""

    code: str
    name: str
    unit_name: str
    leader: str
    year_end: Forecast
    quarter: Forecast | None


@dataclass
class RegionForecast:
    """A region's forecasts at the end of a month: itself, its units (or districts), its projects."""

    region: Region
    year: int
    month: int
    year_end: Forecast
    quarter: Forecast | None
    history_years: tuple[int, ...]
    children: list[Line]
    projects: list[Line]

    @property
    def quarter_label(self) -> str | None:
        if self.quarter is None:
            return None
        return f"{self.year}-Q{(self.quarter.start - 1) // 3 + 1}"

    @property
    def warnings(self) -> list[Line]:
        """Children likely to miss the open quarter's plan, largest expected shortfall first."""
        flagged = [c for c in self.children if c.quarter is not None and c.quarter.likely_miss]
        return sorted(flagged, key=lambda c: -c.quarter.expected_shortfall if c.quarter else 0)

    @property
    def year_misses(self) -> list[Line]:
        """Children expected to miss the annual plan, largest expected shortfall first."""
        flagged = [c for c in self.children if c.year_end.likely_miss]
        return sorted(flagged, key=lambda c: -c.year_end.expected_shortfall)


def past_years(project_ids: list[int], year: int) -> list[int]:
    """The years before ``year`` with plans for these projects, the latest few."""
    years = (
        InvestmentPlan.objects.filter(project_id__in=project_ids, year__lt=year)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return sorted(years[:HISTORY_YEARS])


def _past_series(ids: list[int], years: list[int]) -> dict[int, dict[int, Series]]:
    """Each past year's series of these projects, read once for all of them."""
    return {past: load_series(ids, past) for past in years}


def _history(past: dict[int, dict[int, Series]], ids: list[int]) -> dict[int, Series]:
    """The summed series of these projects in each past year (years without any plan left out)."""
    result = {}
    for year, by_project in past.items():
        planned = [by_project[i] for i in ids if by_project[i].plan is not None]
        if planned:
            result[year] = add_series(planned)
    return result


def region_forecast(region: Region, year: int, month: int) -> RegionForecast:
    """Forecasts for a district (and its units) or a city (and its districts) at the end of a month."""
    district_ids = district_ids_below(region)
    projects = list(
        Project.objects.filter(region_id__in=district_ids)
        .select_related("unit__head", "leader", "region")
        .order_by("region__sort", "unit__sort", "unit__code", "code")
    )
    ids = [p.pk for p in projects]
    series = load_series(ids, year)
    past = _past_series(ids, past_years(ids, year))
    history = _history(past, ids)

    lines: list[Line] = []
    groups: dict[int, list[Project]] = defaultdict(list)
    for p in projects:
        groups[p.region_id if not region.is_district else p.unit_id].append(p)
        if series[p.pk].plan is None:
            continue
        lines.append(
            Line(
                code=p.code,
                name=p.name,
                unit_name=p.unit.name,
                leader=str(p.leader),
                year_end=year_end_forecast(series[p.pk], month),
                quarter=quarter_forecast(series[p.pk], month),
            )
        )
    children = []
    for members in groups.values():
        summed = add_series(series[p.pk] for p in members)
        if summed.plan is None:
            continue
        first = members[0]
        if region.is_district:
            code, name = first.unit.code, first.unit.name
            head = str(first.unit.head) if first.unit.head_id else ""
            child_history: dict[int, Series] = {}
        else:  # a city's districts forecast from their own past years, like any district
            code, name, head = first.region.code, first.region.name, ""
            child_history = _history(past, [p.pk for p in members])
        children.append(
            Line(
                code=code,
                name=name,
                unit_name=name,
                leader=head,
                year_end=year_end_forecast(summed, month, history=child_history),
                quarter=quarter_forecast(summed, month),
            )
        )
    return RegionForecast(
        region=region,
        year=year,
        month=month,
        year_end=year_end_forecast(add_series(series.values()), month, history=history),
        quarter=quarter_forecast(add_series(series.values()), month),
        history_years=tuple(history),
        children=children,
        projects=lines,
    )
