""" "Why is this red?" pages: a project's light and stall, a unit's or a region's light, a ranking
position. Each shows the rule, its version and the numbers, down to the monthly reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sangua.core.errors import NotAllowed, NotFound
from sangua.orgs.models import User
from sangua.projects.selectors import project_for

from .. import why
from ..selectors import rank_parent_for, region_in_scope, why_unit_for
from .common import user_of, visible_month

T = TypeVar("T")


def _lookup(find: Callable[[User, str], T], user: User, code: str) -> T:
    """A shared lookup (the API asks the same), its refusals as this page's 404 and 403."""
    try:
        return find(user, code)
    except NotFound:
        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None


def _context(request: HttpRequest, **values: object) -> dict[str, object]:
    year, month = values["year"], values["month"]
    return {"nav": "why", "period": f"{year}-{month:02d}", **values}


@login_required
@require_GET
def why_project(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Why a project has its light (and whether it is stalled) at the end of a month."""
    user = user_of(request)
    project = _lookup(project_for, user, code)
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
    unit = _lookup(why_unit_for, user, code)
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
    region = _lookup(region_in_scope, user, code)
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
    parent = _lookup(rank_parent_for, user, code)
    year, month = visible_month(user, parent, period)
    result = why.rank_why(parent, code, year, month)
    if not any(line.is_subject for line in result.lines):
        raise Http404
    return render(
        request,
        "accountability/why_rank.html",
        _context(request, why=result, year=year, month=month),
    )
