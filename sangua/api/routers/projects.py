"""GET /projects and /projects/{code}: the registry with the four fixes, plans and approved amounts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from sangua.core.money import ZERO
from sangua.projects.models import Project

from .. import selectors
from ..auth import ANYONE, PUBLIC_SECURITY, caller
from ..schemas.common import PageIn, Text, errors_responses
from ..schemas.projects import ProjectDetailOut, ProjectFilterIn, ProjectPageOut

router = Router(tags=["projects"], auth=ANYONE)


def _person(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "post": person.post, "name": person.name}


def _item(project: Project) -> dict[str, Any]:
    return {
        "code": project.code,
        "name": project.name,
        "region": {"code": project.region.code, "name": project.region.name},
        "unit": {"code": project.unit.code, "name": project.unit.name},
        "leader": _person(project.leader),
        "category": project.category,
        "state": project.state,
        "total_investment": project.total_investment,
        "start_date": project.start_date,
        "target_date": project.target_date,
    }


@router.get(
    "",
    openapi_extra=PUBLIC_SECURITY,
    response={200: ProjectPageOut, **errors_responses(404, 422)},
    summary="Key projects, filtered and paginated, by code",
)
def list_projects(
    request: HttpRequest, filters: Query[ProjectFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    region = selectors.region_by_code(filters.region) if filters.region else None
    projects = selectors.project_list(
        region=region,
        unit=filters.unit,
        leader=filters.leader,
        category=filters.category,
        state=filters.state,
        q=filters.q,
    )
    items = projects[page.offset : page.offset + page.limit]
    return {
        "count": projects.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_item(p) for p in items],
    }


@router.get(
    "/{code}",
    openapi_extra=PUBLIC_SECURITY,
    response={200: ProjectDetailOut, **errors_responses(404)},
    summary="One project: four fixes, plans by month, approved amounts by month",
    description=(
        "Every figure of the rankings and the wall is recomputable from `plans` and `reports` "
        "of the projects concerned. Callers outside the project's district (and anonymous "
        "callers) get the approved amounts of published months only: later months are 0 and "
        "`published_through` says which months are included; staff in scope get every approved "
        "amount (`includes_unpublished: true`)."
    ),
)
def get_project(request: HttpRequest, code: Text) -> dict[str, Any]:
    project = selectors.project_by_code(code)
    user = caller(request)
    in_scope = selectors.sees_unpublished(user, project.region)
    through = selectors.published_through(project.region)
    approved = selectors.project_approved_months(project)
    plans = selectors.project_plans(project)
    reports = []
    # A year with a plan but nothing approved yet still gets its 12 zeros, so that every
    # planned year can be summed the same way.
    for year in sorted(set(approved) | {plan.year for plan in plans}):
        months = approved.get(year, [ZERO] * 12)
        last = through.get(year, 0)
        if not in_scope:
            months = [amount if k <= last else ZERO for k, amount in enumerate(months, start=1)]
        reports.append(
            {
                "year": year,
                "months": months,
                "published_through": last,
                "includes_unpublished": in_scope,
            }
        )
    return {
        **_item(project),
        "unit_head": _person(project.unit_head),
        "contact": project.contact,
        "contact_phone": project.contact_phone if in_scope and user.is_authenticated else None,
        "location": project.location,
        "description": project.description,
        "plans": [
            {"year": plan.year, "annual": plan.annual_amount, "months": list(plan.months)}
            for plan in plans
        ],
        "reports": reports,
    }
