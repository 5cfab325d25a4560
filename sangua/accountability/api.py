"""API of accountability: ``GET /findings`` and ``POST /periods/close`` (a django-ninja Router).

The API app mounts this router under ``/api/v1/``, e.g. ``api.add_router("", router,
auth=SIGNED_IN)``; its own default is the signed-in Django session (with CSRF on writes). Errors
are ``ServiceError``s, which the API's handlers turn into ``{"code", "message", "field"}``.
Money and rates are JSON numbers with 2 decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from sangua.core.errors import NotAllowed
from sangua.orgs.models import User
from sangua.orgs.scopes import UNIT_ROLES, can_see_region, district_ids_below

from .choices import FindingState
from .models import Finding, PeriodClose
from .selectors import district_by_code, parse_period, visible_findings
from .services import period_close

router = Router(tags=["accountability"], auth=django_auth)


def money(value: Decimal) -> float:
    """An amount as a JSON number with 2 decimals."""
    return float(value.quantize(Decimal("0.01")))


def _user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        user = request.user
    assert isinstance(user, User)
    return user


class Error(Schema):
    code: str
    message: str
    field: str | None = None


class FindingOut(Schema):
    id: int
    region: str
    unit: str = Field(description="The unit's code.")
    unit_name: str
    head: str = Field(description="The unit's head (一把手) when the finding was made.")
    period: str = Field(description="2013-09, 2013-Q3, 2013-H1 or 2013.")
    kind: str = Field(description="month, quarter, half or year.")
    planned: float = Field(description="Planned investment over the period's months (万元).")
    completed: float = Field(description="Approved completed investment over the same months.")
    shortfall: float
    sanction: str = Field(
        description="explanation, meeting_explanation, admonishment or bonus_withheld."
    )
    sanction_label: str
    state: str = Field(description="notified, explained, accepted, exempted or withdrawn.")
    rule_set_version: int = Field(
        description="The version of the rules the finding was made under."
    )
    rule_set_name: str
    exemption_reason: str


class FindingQuery(Schema):
    region: str = Field(max_length=12, description="The district's (or city's) code.")
    period: str | None = Field(None, max_length=8, description="Only this period.")
    state: str | None = Field(None, max_length=16, description="Only findings in this state.")


class CloseIn(Schema):
    region: str = Field(max_length=12, description="The district's code, e.g. 331102.")
    period: str = Field(max_length=8, description="2013-09, 2013-Q3, 2013-H1 or 2013.")


class ChangeOut(Schema):
    unit: str
    unit_name: str
    what: str = Field(
        description=(
            "planned, completed, assessed, not_assessed, finding_new, finding_withdrawn "
            "or finding_reinstated."
        )
    )
    before: str | None
    after: str | None


class CloseOut(Schema):
    region: str
    period: str
    run: int = Field(description="1 for the first close of the period, then 2, 3 …")
    rule_set_version: int
    assessed: int = Field(description="Units with planned investment in the period.")
    changes: list[ChangeOut] = Field(description="What changed since the previous run.")
    findings: list[FindingOut]


def finding_out(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "region": finding.region.code,
        "unit": finding.unit.code,
        "unit_name": finding.unit.name,
        "head": finding.head_name,
        "period": finding.period,
        "kind": finding.kind,
        "planned": money(finding.planned),
        "completed": money(finding.completed),
        "shortfall": money(finding.shortfall),
        "sanction": finding.sanction,
        "sanction_label": str(finding.get_sanction_display()),
        "state": finding.state,
        "rule_set_version": finding.rule_set.version,
        "rule_set_name": finding.rule_set.name,
        "exemption_reason": finding.exemption_reason,
    }


@router.get(
    "/findings",
    response={200: list[FindingOut], 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Findings (问责记录) of a district, optionally of one period",
    description=(
        "A unit's head or reporter sees only the unit's own findings. Withdrawn findings (no "
        "longer found at a later close) are listed only when asked for with state=withdrawn."
    ),
)
def list_findings(request: HttpRequest, query: Query[FindingQuery]) -> list[dict[str, Any]]:
    user = _user(request)
    region = district_by_code(query.region)
    if user.role not in UNIT_ROLES and not can_see_region(user, region):
        raise NotAllowed(_("{name} is outside your data scope.").format(name=region.name))
    findings = visible_findings(user).filter(region_id__in=district_ids_below(region))
    if query.period:
        findings = findings.filter(period=str(parse_period(query.period)))
    if query.state:
        findings = findings.filter(state=query.state)
    else:
        findings = findings.exclude(state=FindingState.WITHDRAWN)
    findings = findings.order_by("region__code", "year", "period", "unit__sort", "unit__code")
    return [finding_out(f) for f in findings]


@router.post(
    "/periods/close",
    response={200: CloseOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Close a district's month, quarter, half-year or year (考核)",
    description=(
        "Idempotent: closing again with the same data gives the same findings (a new run with no "
        "changes). A month can be closed only once published (a quarter once its months are). "
        "Only the key project office of the district may close."
    ),
)
def close_period(request: HttpRequest, payload: CloseIn) -> dict[str, Any]:
    region = district_by_code(payload.region)
    run: PeriodClose = period_close(region=region, period=payload.period, by=_user(request))
    findings = (
        Finding.objects.filter(region=region, period=run.period)
        .exclude(state=FindingState.WITHDRAWN)
        .select_related("unit", "region", "rule_set")
        .order_by("unit__sort", "unit__code")
    )
    return {
        "region": region.code,
        "period": run.period,
        "run": run.run,
        "rule_set_version": run.rule_set.version,
        "assessed": len(run.assessed),
        "changes": run.changes,
        "findings": [finding_out(f) for f in findings],
    }
