""" "Why is this red?" pages: a project's light and stall, a unit's or a region's light, a ranking
position. Each shows the rule, its version and the numbers, down to the monthly reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sangua.core.errors import NotFound
from sangua.orgs.models import Region, Unit
from sangua.projects.selectors import project_for

from .. import why
from .common import in_scope, user_of, visible_month


def _context(request: HttpRequest, **values: object) -> dict[str, object]:
    year, month = values["year"], values["month"]
    return {"nav": "why", "period": f"{year}-{month:02d}", **values}


@login_required
@require_GET
def why_project(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Why a project has its light (and whether it is stalled) at the end of a month."""
    user = user_of(request)
    try:
        project = project_for(user, code)
    except NotFound:
        raise Http404 from None
    year, month = visible_month(user, project.region, period)
    result = why.project_why(project, year, month)
    return render(
        request,
        "accountability/why_light.html",
        _context(request, why=result, year=year, month=month),
    )


@login_required
@require_GET
def why_unit(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Why a unit has its light: the rules applied to the sum of its projects."""
    user = user_of(request)
    unit = Unit.objects.select_related("region", "head").filter(code=code).first()
    if unit is None:
        raise Http404
    if not in_scope(user, unit.region):
        raise PermissionDenied
    year, month = visible_month(user, unit.region, period)
    result = why.unit_why(unit, year, month)
    return render(
        request,
        "accountability/why_light.html",
        _context(request, why=result, year=year, month=month, unit=unit),
    )


@login_required
@require_GET
def why_region(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Why a district (or a city) has its light: the rules applied to the sum of its units."""
    user = user_of(request)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    if not in_scope(user, region):
        raise PermissionDenied
    year, month = visible_month(user, region, period)
    result = why.region_why(region, year, month)
    return render(
        request,
        "accountability/why_light.html",
        _context(request, why=result, year=year, month=month),
    )


@login_required
@require_GET
def why_rank(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Why a unit (among its district's units) or a district (among its city's) has its rank."""
    user = user_of(request)
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is not None:
        parent = unit.region
    else:
        region = Region.objects.select_related("parent").filter(code=code).first()
        if region is None or region.parent is None:
            raise Http404
        parent = region.parent
    if not in_scope(user, parent):
        raise PermissionDenied
    year, month = visible_month(user, parent, period)
    result = why.rank_why(parent, code, year, month)
    if not any(line.is_subject for line in result.lines):
        raise Http404
    return render(
        request,
        "accountability/why_rank.html",
        _context(request, why=result, year=year, month=month),
    )
