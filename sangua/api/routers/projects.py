"""GET /projects and /projects/{code}: the registry with the four fixes, plans and approved amounts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from sangua.core.errors import ValidationFailed
from sangua.core.money import ZERO
from sangua.orgs.models import Person, Region, Unit
from sangua.projects import services
from sangua.projects.models import Project

from .. import selectors
from ..auth import ANYONE, PUBLIC_SECURITY, SIGNED_IN, Caller, caller, signed_in
from ..schemas.common import PageIn, Text, YearIn, errors_responses
from ..schemas.projects import (
    InvestmentPlanIn,
    PlanOut,
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectFilterIn,
    ProjectPageOut,
    ProjectPatchIn,
    ProjectWriteFields,
)

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
    return _detail(selectors.project_by_code(code), caller(request))


def _detail(project: Project, user: Caller) -> dict[str, Any]:
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


# --- writes: the key project office registers and changes projects and their annual plans ---

WRITE_ERRORS = errors_responses(401, 403, 404, 422)


def _unknown(code: str, message: str, field: str) -> ValidationFailed:
    return ValidationFailed(code, message, field=field)


def _references(payload: ProjectWriteFields, region: Region | None) -> dict[str, Any]:
    """The fields sent, with the unit and people they name looked up (422 when unknown)."""
    values = payload.model_dump(exclude_unset=True, exclude={"code", "region"})
    if values.get("unit") is not None:
        unit = Unit.objects.filter(code=values["unit"]).first()
        if unit is None:
            raise _unknown(
                "unknown_unit", _("There is no unit {code}.").format(code=values["unit"]), "unit"
            )
        values["unit"] = unit
    for name in ("leader", "unit_head"):
        if name in values and values[name] is not None:
            person = Person.objects.filter(pk=values[name]).first()
            if person is None:
                raise _unknown(
                    "unknown_person",
                    _("There is no person {id}.").format(id=values[name]),
                    name,
                )
            values[name] = person
    for name in ("contact", "contact_phone", "location", "description"):
        if name in values and values[name] is None:
            values[name] = ""
    for name in (
        "name",
        "unit",
        "leader",
        "category",
        "total_investment",
        "start_date",
        "target_date",
        "state",
    ):
        if name in values and values[name] is None:
            raise ValidationFailed("required", _("This field cannot be empty."), field=name)
    if region is not None:
        values["region"] = region
    return values


@router.post(
    "",
    auth=SIGNED_IN,
    response={201: ProjectDetailOut, **WRITE_ERRORS},
    summary="Register a key project with its four fixes (the district's office)",
)
def create_project(request: HttpRequest, payload: ProjectCreateIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    region = selectors.region_by_code(payload.region)
    values = _references(payload, region)
    project = services.project_create(by=user, code=payload.code, **values)
    return Status(201, _detail(selectors.project_by_code(project.code), user))


@router.patch(
    "/{code}",
    auth=SIGNED_IN,
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Change a project's fields (the district's office); only the fields sent change",
)
def update_project(request: HttpRequest, code: Text, payload: ProjectPatchIn) -> dict[str, Any]:
    user = signed_in(request)
    project = selectors.project_by_code(code)
    services.project_update(project=project, by=user, **_references(payload, None))
    return _detail(selectors.project_by_code(code), user)


@router.put(
    "/{code}/plans/{year}",
    auth=SIGNED_IN,
    response={200: PlanOut, **WRITE_ERRORS},
    summary="Set a project's annual investment plan: 12 months adding up to the year",
)
def set_investment_plan(
    request: HttpRequest, code: Text, year: YearIn, payload: InvestmentPlanIn
) -> dict[str, Any]:
    plan = services.plan_set(
        project=selectors.project_by_code(code),
        year=year,
        months=payload.months,
        annual=payload.annual,
        by=signed_in(request),
    )
    return {"year": plan.year, "annual": plan.annual_amount, "months": list(plan.months)}
