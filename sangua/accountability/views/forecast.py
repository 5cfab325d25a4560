"""The year-end forecast page: a region, its units (or districts) and projects, and the pre-warnings."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..forecasting import region_forecast
from .common import region_for, user_of, visible_month

# The range bars run from 0 to this share of the plan.
SCALE = Decimal(150)


def _span(rate: Decimal | None) -> Decimal:
    """A rate as a position on the range bar (0..100)."""
    if rate is None:
        return Decimal(0)
    return (min(max(rate, Decimal(0)), SCALE) / SCALE * 100).quantize(Decimal("0.1"))


@login_required
@require_GET
def forecast(request: HttpRequest) -> HttpResponse:
    """Where the year will end, with a range; who is likely to miss the open quarter; what each
    must complete per remaining month to meet its annual plan."""
    user = user_of(request)
    region = region_for(request, request.GET.get("region"))
    year, month = visible_month(user, region, request.GET.get("period"))
    result = region_forecast(region, year, month)
    bars = {}
    for line in result.children:
        low, high = _span(line.year_end.low_rate), _span(line.year_end.high_rate)
        bars[line.code] = (low, high - low, _span(line.year_end.expected_rate))
    context = {
        "nav": "forecast",
        "region": region,
        "period": f"{year}-{month:02d}",
        "f": result,
        "bars": bars,
        "full_mark": _span(Decimal(100)),
    }
    return render(request, "accountability/forecast.html", context)
