"""GET /rankings: a region's children ranked by completion rate for a month (SPEC §3)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sangua.core.errors import NotFound, ValidationFailed
from sangua.engine.accountability import Period, PeriodKind
from sangua.engine.metrics import Figures
from sangua.orgs.scopes import can_see_region
from sangua.progress.figures import region_board
from sangua.progress.publication import default_month, is_published

from .. import selectors
from ..auth import ANYONE, PUBLIC_SECURITY, caller
from ..schemas.common import Text, errors_responses
from ..schemas.rankings import RankingOut

router = Router(tags=["rankings"], auth=ANYONE)


class RankingQuery(Schema):
    region: Text = Field(max_length=12, description="A city's or a district's code.")
    period: Text | None = Field(
        None,
        max_length=16,
        description="YYYY-MM; by default the region's latest published month.",
    )


def parse_period(text: str) -> tuple[int, int]:
    """'2013-09' → (2013, 9); anything else is a 422 naming the period field."""
    try:
        period = Period.parse(text)
    except ValueError:
        period = None
    if period is None or period.kind != PeriodKind.MONTH or not 2000 <= period.year <= 2100:
        raise ValidationFailed(
            "invalid_period",
            _("The period must be a month written YYYY-MM, e.g. 2013-09; got {value}.").format(
                value=text
            ),
            field="period",
        )
    return period.year, period.index


def _figures(figures: Figures, project_count: int) -> dict[str, Any]:
    return {
        "annual_plan": figures.annual_plan,
        "plan_to_date": figures.plan_to_date,
        "completed": figures.completed,
        "completion_rate": figures.completion_rate,
        "time_progress": figures.time_progress,
        "plan_to_date_rate": figures.plan_to_date_rate,
        "light": figures.light.value,
        "stalled": figures.stalled,
        "slow": figures.slow,
        "project_count": project_count,
    }


@router.get(
    "",
    openapi_extra=PUBLIC_SECURITY,
    response={200: RankingOut, **errors_responses(404, 422)},
    summary="A region's units (district) or districts (city), ranked for a month",
    description=(
        "Anonymous callers and users whose scope does not cover the region see published "
        "months only; any other month is a 404 with code `not_published`."
    ),
)
def get_ranking(request: HttpRequest, query: Query[RankingQuery]) -> dict[str, Any]:
    region = selectors.region_by_code(query.region)
    user = caller(request)
    year, month = parse_period(query.period) if query.period else default_month(region)
    published = is_published(region, year, month)
    if not published and not can_see_region(user, region):
        raise NotFound(
            _("{region} has not published {year}-{month:02d}.").format(
                region=region.name, year=year, month=month
            ),
            code="not_published",
        )
    board = region_board(region, year, month)
    return {
        "region": region.code,
        "name": region.name,
        "period": f"{year}-{month:02d}",
        "published": published,
        "child_kind": board.child_kind,
        "totals": _figures(board.figures, len(board.projects)),
        "rows": [
            {"code": row.code, "name": row.name, "rank": row.rank}
            | _figures(row.figures, row.project_count)
            for row in board.rows
        ],
    }
