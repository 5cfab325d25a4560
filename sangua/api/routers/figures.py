"""GET /figures: a region's month as the dashboard and the wall show it (KPIs, lights, watch list).

Anonymous callers and users whose scope does not cover the region see published months only,
as on the wall; any other month is a 404 with code ``not_published``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from sangua.boards.selectors import watch_list
from sangua.core.errors import NotFound
from sangua.orgs.models import Region, Unit
from sangua.orgs.scopes import can_see_region
from sangua.progress.figures import ProjectFigures, RegionBoard, region_board
from sangua.progress.publication import default_month, is_published

from .. import selectors
from ..auth import ANYONE, PUBLIC_SECURITY, Caller, caller
from ..pagination import page_of
from ..schemas.common import PageIn, errors_responses
from ..schemas.figures import (
    FiguresQuery,
    ProjectFiguresPageOut,
    ProjectFiguresQuery,
    RegionFiguresOut,
)
from .rankings import _figures, parse_period

router = Router(tags=["figures"], auth=ANYONE)


def visible_board(user: Caller, code: str, period: str | None) -> tuple[RegionBoard, bool]:
    """The region's board for the month asked (default: its latest published one), if visible."""
    region: Region = selectors.region_by_code(code)
    year, month = parse_period(period) if period else default_month(region)
    published = is_published(region, year, month)
    if not published and not can_see_region(user, region):
        raise NotFound(
            _("{region} has not published {year}-{month:02d}.").format(
                region=region.name, year=year, month=month
            ),
            code="not_published",
        )
    return region_board(region, year, month), published


@router.get(
    "",
    openapi_extra=PUBLIC_SECURITY,
    response={200: RegionFiguresOut, **errors_responses(404, 422)},
    summary="A region's figures for a month: completion, time progress, lights, stalled and slow",
)
def get_region_figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    board, published = visible_board(caller(request), query.region, query.period)
    counts = board.light_counts
    return {
        "region": {"code": board.region.code, "name": board.region.name},
        "period": f"{board.year}-{board.month:02d}",
        "published": published,
        "figures": _figures(board.figures, len(board.projects)),
        "light_counts": {name: counts.get(name, 0) for name in ("green", "yellow", "red", "grey")},
        "stalled_count": len(board.stalled),
        "slow_count": len(board.slow),
    }


def _project_out(
    districts: dict[int, tuple[str, str]], units: dict[int, str]
) -> Callable[[ProjectFigures], dict[str, Any]]:
    def out(project: ProjectFigures) -> dict[str, Any]:
        code, name = districts.get(project.region_id, ("", ""))
        figures = _figures(project.figures, 1)
        figures.pop("project_count")
        return {
            "code": project.code,
            "name": project.name,
            "district": {"code": code, "name": name},
            "unit": {"code": units.get(project.unit_id, ""), "name": project.unit_name},
            "leader": project.leader,
            **figures,
        }

    return out


@router.get(
    "/projects",
    openapi_extra=PUBLIC_SECURITY,
    response={200: ProjectFiguresPageOut, **errors_responses(404, 422)},
    summary="The region's projects with their figures and lights for a month (the watch list)",
)
def list_project_figures(
    request: HttpRequest, query: Query[ProjectFiguresQuery], page: Query[PageIn]
) -> dict[str, Any]:
    board, _published = visible_board(caller(request), query.region, query.period)
    if query.watch == "stalled":
        projects = [row.project for row in watch_list(board).stalled]
    elif query.watch == "slow":
        projects = [row.project for row in watch_list(board).slow]
    else:
        projects = list(board.projects)
    if query.light is not None:
        projects = [p for p in projects if p.figures.light == query.light]
    if query.category is not None:
        projects = [p for p in projects if p.category == query.category]
    districts = {
        pk: (code, name)
        for pk, code, name in Region.objects.filter(
            pk__in={p.region_id for p in projects}
        ).values_list("pk", "code", "name")
    }
    units = dict(
        Unit.objects.filter(pk__in={p.unit_id for p in projects}).values_list("pk", "code")
    )
    if query.unit:
        projects = [p for p in projects if units.get(p.unit_id) == query.unit]
    return page_of(projects, page, _project_out(districts, units))
