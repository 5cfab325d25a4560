"""Battle maps (挂图作战): a unit's and a district's projects on one Gantt, and the A3 print."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from sangua.api.auth import accepts_api_token
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, Unit, User
from sangua.orgs.scopes import is_unit_user, scope_district_ids

from .. import selectors
from ..permissions import can_view_district, can_view_unit
from ..printing import unit_battlemap_pdf
from .common import gantt_labels, parse_day


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The battle map a user starts from: their unit's, their district's, or a choice of districts."""
    user = _user(request)
    if is_unit_user(user) and user.unit is not None:
        return redirect("planning:unit-map", code=user.unit.code)
    if user.region is not None and user.region.level == RegionLevel.DISTRICT:
        return redirect("planning:district-map", code=user.region.code)
    scope = scope_district_ids(user)
    districts = Region.objects.filter(level=RegionLevel.DISTRICT).order_by("sort", "code")
    if scope is not None:
        districts = districts.filter(pk__in=scope)
    return render(
        request,
        "planning/index.html",
        {"nav": "battlemap", "districts": list(districts.select_related("parent"))},
    )


def _unit(request: HttpRequest, code: str) -> Unit:
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is None or not can_view_unit(request.user, unit):
        raise Http404
    return unit


@require_GET
@login_required
def unit_map(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's battle map: its projects' plans, and its nodes in other units' projects."""
    unit = _unit(request, code)
    battle = selectors.unit_map(unit, as_of=parse_day(request.GET.get("as_of")))
    return render(
        request,
        "planning/map.html",
        {
            "nav": "battlemap",
            "unit": unit,
            "region": unit.region,
            "map": battle,
            "gantt": battle.gantt.as_json(),
            "gantt_labels": gantt_labels(unit.name),
            "as_of": request.GET.get("as_of", ""),
        },
    )


@accepts_api_token
@require_GET
@login_required
def unit_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's battle map as an A3 landscape PDF, to hang on the office wall."""
    unit = _unit(request, code)
    content = unit_battlemap_pdf(unit, as_of=parse_day(request.GET.get("as_of")))
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{unit.name}挂图作战.pdf"
    response["Content-Disposition"] = (
        f"attachment; filename=\"battlemap-{unit.code}.pdf\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@require_GET
@login_required
def district_map(request: HttpRequest, code: str) -> HttpResponse:
    """A district's battle map: every project with a plan."""
    region = Region.objects.filter(code=code, level=RegionLevel.DISTRICT).first()
    if region is None or not can_view_district(request.user, region):
        raise Http404
    battle = selectors.district_map(region, as_of=parse_day(request.GET.get("as_of")))
    units = list(
        Unit.objects.filter(region=region, pk__in={p.project.unit_id for p in battle.projects})
    )
    return render(
        request,
        "planning/map.html",
        {
            "nav": "battlemap",
            "region": region,
            "map": battle,
            "units": units,
            "gantt": battle.gantt.as_json(),
            "gantt_labels": gantt_labels(region.name),
            "as_of": request.GET.get("as_of", ""),
        },
    )
