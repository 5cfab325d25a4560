"""GET /forecast: where a district's (or a city's) year will end, its open quarter, each unit (or
district) and project, the pre-warnings (预警) and what each remaining month must complete — the
page ``accountability:forecast`` as JSON, with its rules: signed-in users only, a region wholly
inside the user's scope (else 403), any month for the key project office and published months
for everyone else (else 404 ``not_published``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from sangua.accountability.forecasting import Line, region_forecast
from sangua.accountability.selectors import region_in_scope
from sangua.engine.forecast import Forecast

from ..auth import SIGNED_IN, signed_in
from ..schemas.common import errors_responses
from ..schemas.explanations import ForecastQuery, RegionForecastOut
from .why import visible_month

router = Router(tags=["forecast"], auth=SIGNED_IN)


def forecast_out(forecast: Forecast) -> dict[str, Any]:
    return {
        "month": forecast.month,
        "start": forecast.start,
        "target": forecast.target,
        "planned": forecast.planned,
        "completed": forecast.completed,
        "remaining_plan": forecast.remaining_plan,
        "expected": forecast.expected,
        "low": forecast.low,
        "high": forecast.high,
        "expected_rate": forecast.expected_rate,
        "low_rate": forecast.low_rate,
        "high_rate": forecast.high_rate,
        "realisation": forecast.realisation_percent,
        "method": forecast.method.value,
        "years": list(forecast.years),
        "likely_miss": forecast.likely_miss,
        "expected_shortfall": forecast.expected_shortfall,
        "gap": forecast.gap,
        "required": [
            {"month": forecast.month + i, "amount": amount}
            for i, amount in enumerate(forecast.required, start=1)
        ],
        "required_per_month": forecast.required_per_month,
    }


def line_out(line: Line) -> dict[str, Any]:
    return {
        "code": line.code,
        "name": line.name,
        "unit_name": line.unit_name,
        "leader": line.leader,
        "year_end": forecast_out(line.year_end),
        "quarter": forecast_out(line.quarter) if line.quarter is not None else None,
    }


@router.get(
    "",
    response={200: RegionForecastOut, **errors_responses(401, 403, 404, 422)},
    summary="A region's year-end forecast, its open quarter, its units or districts and projects",
)
def get_forecast(request: HttpRequest, query: Query[ForecastQuery]) -> dict[str, Any]:
    user = signed_in(request)
    region = region_in_scope(user, query.region)
    year, month, published = visible_month(user, region, query.period)
    result = region_forecast(region, year, month)
    return {
        "region": {"code": region.code, "name": region.name},
        "period": f"{year}-{month:02d}",
        "published": published,
        "child_kind": "unit" if region.is_district else "district",
        "year_end": forecast_out(result.year_end),
        "quarter": forecast_out(result.quarter) if result.quarter is not None else None,
        "quarter_label": result.quarter_label,
        "history_years": list(result.history_years),
        "children": [line_out(line) for line in result.children],
        "warnings": [line_out(line) for line in result.warnings],
        "projects": [line_out(line) for line in result.projects],
    }
