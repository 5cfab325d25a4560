"""Backtest of the completion forecast on the years in the database (docs/forecast-backtest.md).

For every district, unit and project and every past year whose outcome is known, the forecast is
made as it would have been at the end of each month, with only the years before as history, and
compared with what happened. Errors are in percentage points of the plan being forecast (the
annual plan for the year end, the quarter's plan for a quarter). Read-only.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sangua.engine.forecast import ForecastMethod, forecast
from sangua.engine.metrics import MONTHS, Series, add_series, rate
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region
from sangua.orgs.scopes import district_ids_below
from sangua.progress.figures import load_series
from sangua.progress.publication import published_months
from sangua.projects.models import Project

from .forecasting import HISTORY_LEVELS

LEVELS = ("district", "unit", "project")


@dataclass(frozen=True)
class Case:
    """One forecast compared with its outcome."""

    level: str
    kind: str  # "year" or "quarter"
    year: int
    month: int
    method: str
    error: Decimal  # forecast rate − actual rate, percentage points
    inside: bool  # the actual outcome fell inside the range
    width: Decimal  # high rate − low rate, percentage points
    predicted_miss: bool
    missed: bool
    behind: bool  # behind plan to date (pace < 1): the naive pre-warning
    baselines: dict[str, Decimal] = field(default_factory=dict)  # name → error


@dataclass(frozen=True)
class Summary:
    """Errors of a group of cases."""

    count: int
    mae: Decimal
    bias: Decimal
    p90: Decimal
    coverage: Decimal
    width: Decimal
    baselines: dict[str, Decimal]


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def summarise(cases: list[Case]) -> Summary:
    """Mean absolute error, bias, 90th percentile of |error|, range coverage and width."""
    errors = [float(c.error) for c in cases]
    absolute = sorted(abs(e) for e in errors)
    p90 = absolute[min(len(absolute) - 1, int(0.9 * len(absolute)))] if absolute else 0.0
    names = sorted({name for c in cases for name in c.baselines})
    return Summary(
        count=len(cases),
        mae=_round(statistics.fmean(absolute)) if cases else Decimal(0),
        bias=_round(statistics.fmean(errors)) if cases else Decimal(0),
        p90=_round(p90),
        coverage=_round(100 * sum(c.inside for c in cases) / len(cases)) if cases else Decimal(0),
        width=_round(statistics.fmean(float(c.width) for c in cases)) if cases else Decimal(0),
        baselines={
            name: _round(
                statistics.fmean(
                    abs(float(c.baselines[name])) for c in cases if name in c.baselines
                )
            )
            for name in names
        },
    )


def _window_sum(values: tuple[Decimal, ...], first: int, last: int) -> Decimal:
    return sum(values[first - 1 : last], Decimal(0))


def _baselines(
    series: Series, month: int, start: int, target: int, actual: Decimal
) -> dict[str, Decimal]:
    """Naive forecasts to compare with: the plan holds (k = 1), the pace holds (k = D / P)."""
    assert series.plan is not None
    planned = _window_sum(series.plan, start, target)
    completed = _window_sum(series.done, start, month)
    remaining = _window_sum(series.plan, month + 1, target)
    to_date = _window_sum(series.plan, 1, month)
    pace = (
        Fraction(_window_sum(series.done, 1, month)) / Fraction(to_date) if to_date else Fraction(1)
    )
    result = {}
    for name, k in (("plan holds", Fraction(1)), ("pace holds", pace)):
        value = Fraction(completed) + Fraction(remaining) * k
        guess = rate(Decimal(value.numerator) / Decimal(value.denominator), planned)
        if guess is not None:
            result[name] = guess - actual
    return result


def _cases_for(
    level: str,
    series_by_year: dict[int, Series],
    known: dict[int, int],
    margin: Fraction | None,
    use_history: bool,
) -> Iterable[Case]:
    """Year-end and quarter forecasts of one entity for every year and month with a known outcome.

    ``use_history``: forecast the year end from the entity's own past years (districts, as the
    product does) rather than from its plan alone (units and projects; quarters always).
    """
    for year, series in sorted(series_by_year.items()):
        if series.plan is None:
            continue
        past = {y: s for y, s in series_by_year.items() if y < year and known.get(y) == MONTHS}
        last_known = known.get(year, 0)
        windows: list[tuple[str, int, int]] = []
        if last_known == MONTHS:
            windows.append(("year", 1, MONTHS))
        windows += [("quarter", q * 3 + 1, q * 3 + 3) for q in range(4) if q * 3 + 3 <= last_known]
        for kind, start, target in windows:
            planned = _window_sum(series.plan, start, target)
            if planned <= 0:
                continue
            actual = rate(_window_sum(series.done, start, target), planned)
            assert actual is not None
            first_month = 1 if kind == "year" else max(1, start - 1)
            for month in range(first_month, target):
                result = forecast(
                    series,
                    month,
                    target=target,
                    start=start,
                    history=past if use_history and kind == "year" else {},
                    margin=margin,
                )
                if result.method is ForecastMethod.SETTLED or result.expected_rate is None:
                    continue
                assert result.low_rate is not None
                assert result.high_rate is not None
                yield Case(
                    level=level,
                    kind=kind,
                    year=year,
                    month=month,
                    method=result.method.value,
                    error=result.expected_rate - actual,
                    inside=result.low_rate <= actual <= result.high_rate,
                    width=result.high_rate - result.low_rate,
                    predicted_miss=result.likely_miss,
                    missed=actual < 100,
                    behind=_window_sum(series.done, 1, month) < _window_sum(series.plan, 1, month),
                    baselines=_baselines(series, month, start, target, actual),
                )


def backtest_cases(region: Region, margin: Fraction | None = None) -> list[Case]:
    """Every forecast the region's districts, units and projects would have been given."""
    district_ids = district_ids_below(region)
    projects = list(Project.objects.filter(region_id__in=district_ids).order_by("pk"))
    years = sorted({y for p in projects for y in p.plans.values_list("year", flat=True)})
    by_year = {year: load_series([p.pk for p in projects], year) for year in years}
    cases: list[Case] = []
    for district in Region.objects.filter(pk__in=district_ids, level=RegionLevel.DISTRICT):
        published = published_months(district)
        known = {y: max((m for yy, m in published if yy == y), default=0) for y in years}
        members: dict[str, dict[str, list[int]]] = {
            "district": {district.code: [p.pk for p in projects if p.region_id == district.pk]},
            "unit": defaultdict(list),
            "project": {},
        }
        for p in projects:
            if p.region_id == district.pk:
                members["unit"][str(p.unit_id)].append(p.pk)
                members["project"][p.code] = [p.pk]
        for level in LEVELS:
            for ids in members[level].values():
                series_by_year = {}
                for year in years:
                    parts = [by_year[year][pk] for pk in ids if by_year[year][pk].plan is not None]
                    if parts:
                        series_by_year[year] = add_series(parts)
                cases.extend(
                    _cases_for(level, series_by_year, known, margin, level in HISTORY_LEVELS)
                )
    return cases


@dataclass(frozen=True)
class Warnings:
    """How well a rule flagged the quarters that were then missed."""

    cases: int
    flagged: int
    missed: int
    precision: Decimal  # of the flagged, the share that missed
    recall: Decimal  # of the missed, the share flagged
    accuracy: Decimal


def prewarning_scores(cases: list[Case], naive: bool = False) -> Warnings:
    """Score "likely to miss the quarter" (or, with ``naive``, "behind plan to date")."""
    quarter = [c for c in cases if c.kind == "quarter"]
    flags = [(c.behind if naive else c.predicted_miss, c.missed) for c in quarter]
    hits = sum(flag and missed for flag, missed in flags)
    flagged = sum(flag for flag, _missed in flags)
    missed = sum(m for _flag, m in flags)
    right = sum(flag == m for flag, m in flags)
    return Warnings(
        cases=len(quarter),
        flagged=flagged,
        missed=missed,
        precision=_round(100 * hits / flagged) if flagged else Decimal(0),
        recall=_round(100 * hits / missed) if missed else Decimal(0),
        accuracy=_round(100 * right / len(quarter)) if quarter else Decimal(0),
    )
