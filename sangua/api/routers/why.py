"""GET /why/…: "why is this red?" — the rule set (and its version), its thresholds, the figures, the
months, the members and the reports behind a project's, a unit's or a region's light, and behind a
ranking position. The same reads as the pages ``accountability:why-*``, with their rules:

* signed-in users only (the pages need a sign-in);
* a project the user may see (a unit's people: their unit's), else 404; a unit, a region or a
  ranking whose districts all lie in the user's scope, else 403 (unknown codes: 404);
* the key project office sees any month; everyone else published months only (any other month:
  404 ``not_published``). A period that is not YYYY-MM is a 422 naming ``period``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from sangua.accountability import why
from sangua.accountability.models import RuleSet
from sangua.accountability.selectors import (
    rank_parent_for,
    region_in_scope,
    sees_month,
    why_unit_for,
)
from sangua.core.errors import NotFound
from sangua.engine.metrics import Figures, Series
from sangua.orgs.models import Region, User
from sangua.progress.publication import default_month, is_published
from sangua.projects.selectors import project_for

from ..auth import SIGNED_IN, Caller, signed_in
from ..schemas.common import Text, errors_responses
from ..schemas.explanations import WhyLightOut, WhyQuery, WhyRankOut
from .rankings import _figures, parse_period

router = Router(tags=["why"], auth=SIGNED_IN)

ERRORS = errors_responses(401, 403, 404, 422)


def visible_month(user: Caller, region: Region, period: str | None) -> tuple[int, int, bool]:
    """The month asked (default: the region's latest published one), if the user may see it,
    and whether it is published."""
    year, month = parse_period(period) if period else default_month(region)
    published = is_published(region, year, month)
    if not published and not sees_month(user, region, year, month):
        raise NotFound(
            _("{region} has not published {year}-{month:02d}.").format(
                region=region.name, year=year, month=month
            ),
            code="not_published",
        )
    return year, month, published


def rules_out(rule_set: RuleSet) -> dict[str, Any]:
    return {
        "version": rule_set.version,
        "name": rule_set.name,
        "region": rule_set.region.code if rule_set.region is not None else None,
        "red_below": rule_set.red_below,
        "green_from": rule_set.green_from,
        "stall_months": rule_set.stall_months,
        "in_force_since": rule_set.created_at,
    }


def figures_out(figures: Figures) -> dict[str, Any]:
    out = _figures(figures, 0)
    out.pop("project_count")
    return out | {"stall_months": list(figures.stall_months)}


def _member(member: why.Contribution) -> dict[str, Any]:
    series: Series = member.series
    return {
        "code": member.code,
        "name": member.name,
        "detail": member.detail,
        "figures": figures_out(member.figures),
        "plan": list(series.plan) if series.plan is not None else None,
        "done": list(series.done),
    }


def _member_kind(result: why.LightWhy) -> str | None:
    """What the members of the sum are: a unit's projects, a district's units, a city's districts."""
    if result.kind == "project":
        return None
    if result.kind == "unit":
        return "project"
    return "unit" if result.region.is_district else "district"


def light_out(result: why.LightWhy, published: bool) -> dict[str, Any]:
    """A light's explanation as the page ``why_light.html`` shows it."""
    region = result.region
    project = result.project
    return {
        "kind": result.kind,
        "code": result.code,
        "name": result.name,
        "region": {"code": region.code, "name": region.name},
        "unit": {"code": project.unit.code, "name": project.unit.name} if project else None,
        "period": f"{result.year}-{result.month:02d}",
        "published": published,
        "rules": rules_out(result.rule_set),
        "figures": figures_out(result.figures),
        "reasons": result.reasons,
        "gap_to_yellow": result.gap_to_yellow,
        "gap_to_green": result.gap_to_green,
        "months": [
            {
                "month": row.month,
                "plan": row.plan,
                "done": row.done,
                "plan_cumulative": row.plan_cumulative,
                "done_cumulative": row.done_cumulative,
                "counted": row.counted,
                "examined_for_stall": row.examined_for_stall,
                "reports": [
                    {
                        "id": ref.id,
                        "project": ref.project_code,
                        "project_name": ref.project_name,
                        "amount": ref.amount,
                        "state": ref.state,
                        "state_label": ref.state_label,
                        "counted": ref.counted,
                    }
                    for ref in result.reports.get(row.month, [])
                ],
            }
            for row in result.months
        ],
        "member_kind": _member_kind(result),
        "members": [_member(member) for member in result.members],
    }


@router.get(
    "/projects/{code}",
    response={200: WhyLightOut, **ERRORS},
    summary="Why a project has its light (and whether it is stalled) at the end of a month",
    description="A project outside your scope is a 404; so is an unpublished month, unless you "
    "are the key project office (`not_published`).",
)
def why_project(request: HttpRequest, code: Text, query: Query[WhyQuery]) -> dict[str, Any]:
    user: User = signed_in(request)
    try:
        project = project_for(user, code)
    except NotFound:
        raise NotFound(_("No project {code} is visible to you.").format(code=code)) from None
    year, month, published = visible_month(user, project.region, query.period)
    return light_out(why.project_why(project, year, month), published)


@router.get(
    "/units/{code}",
    response={200: WhyLightOut, **ERRORS},
    summary="Why a unit has its light: the rules applied to the sum of its projects",
    description="A unit of a district outside your scope is a 403.",
)
def why_unit(request: HttpRequest, code: Text, query: Query[WhyQuery]) -> dict[str, Any]:
    user = signed_in(request)
    unit = why_unit_for(user, code)
    year, month, published = visible_month(user, unit.region, query.period)
    return light_out(why.unit_why(unit, year, month), published)


@router.get(
    "/regions/{code}",
    response={200: WhyLightOut, **ERRORS},
    summary="Why a district (or a city) has its light: the sum of its units (or districts)",
    description="A region not wholly inside your scope is a 403.",
)
def why_region(request: HttpRequest, code: Text, query: Query[WhyQuery]) -> dict[str, Any]:
    user = signed_in(request)
    region = region_in_scope(user, code)
    year, month, published = visible_month(user, region, query.period)
    return light_out(why.region_why(region, year, month), published)


@router.get(
    "/rankings/{code}",
    response={200: WhyRankOut, **ERRORS},
    summary="Why a unit (in its district) or a district (in its city) has its rank",
    description="The code is a unit's or a district's; the ranking is its parent's. A unit's "
    "district, or the district itself, must lie in your scope (else 403); a district's own "
    "people see its city ranking in published months only. A unit or district without projects "
    "is not ranked: 404 `not_ranked`.",
)
def why_rank(request: HttpRequest, code: Text, query: Query[WhyQuery]) -> dict[str, Any]:
    user = signed_in(request)
    parent = rank_parent_for(user, code)
    year, month, published = visible_month(user, parent, query.period)
    result = why.rank_why(parent, code, year, month)
    if not any(line.is_subject for line in result.lines):
        raise NotFound(
            _("{code} has no projects, so it is not in the ranking of {parent}.").format(
                code=code, parent=parent.name
            ),
            code="not_ranked",
        )
    subject, above, below = result.subject, result.above, result.below
    return {
        "kind": "unit" if result.kind == "unit" else "district",
        "code": result.code,
        "name": result.name,
        "parent": {"code": parent.code, "name": parent.name},
        "period": f"{year}-{month:02d}",
        "published": published,
        "rules": rules_out(result.rule_set),
        "rank": subject.rank,
        "ranked_count": len(result.lines),
        "above": above.code if above else None,
        "below": below.code if below else None,
        "tie_broken_by": result.tie_broken_by,
        "lines": [
            {
                "code": line.code,
                "name": line.name,
                "rank": line.rank,
                "shares_rank": line.shares_rank,
                "is_subject": line.is_subject,
                "annual_plan": line.figures.annual_plan,
                "completed": line.figures.completed,
                "completion_rate": line.figures.completion_rate,
                "plan_to_date_rate": line.figures.plan_to_date_rate,
                "light": line.figures.light.value,
            }
            for line in result.lines
        ],
    }
