"""API of accountability: ``GET /findings`` and ``POST /periods/close`` (a django-ninja Router).

The API app mounts this router under ``/api/v1/``, e.g. ``api.add_router("", router,
auth=SIGNED_IN)``; its own default is the signed-in Django session (with CSRF on writes). Errors
are ``ServiceError``s, which the API's handlers turn into ``{"code", "message", "field"}``.
Money and rates are JSON numbers with 2 decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.security import django_auth

from sangua.api.pagination import page_of
from sangua.api.schemas.common import PageIn, Text
from sangua.core.errors import NotAllowed, NotFound
from sangua.orgs.models import User
from sangua.orgs.scopes import UNIT_ROLES, can_see_region, district_ids_below

from . import services
from .choices import OPEN_STATES, FindingState
from .models import Finding, PeriodClose
from .permissions import can_decide, can_explain, can_see_finding
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
    region: Text = Field(max_length=12, description="The district's (or city's) code.")
    period: Text | None = Field(None, max_length=8, description="Only this period.")
    state: FindingState | None = Field(None, description="Only findings in this state.")


class CloseIn(Schema):
    region: Text = Field(max_length=12, description="The district's code, e.g. 331102.")
    period: Text = Field(max_length=8, description="2013-09, 2013-Q3, 2013-H1 or 2013.")


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


class FindingPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FindingOut]


@router.get(
    "/findings",
    response={200: FindingPageOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Findings (问责记录) of a district, optionally of one period",
    description=(
        "A unit's head or reporter sees only the unit's own findings. Withdrawn findings (no "
        "longer found at a later close) are listed only when asked for with state=withdrawn."
    ),
)
def list_findings(
    request: HttpRequest, query: Query[FindingQuery], page: Query[PageIn]
) -> dict[str, Any]:
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
    findings = findings.order_by("region__code", "year", "period", "unit__sort", "unit__code", "id")
    return page_of(findings, page, finding_out)


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


# --- One finding and its lifecycle (情况说明 → accepted, returned, or exempted) -------------------

LIFECYCLE_ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class AttachmentRefOut(Schema):
    name: str
    size: int
    content_type: str
    url: str = Field(description="Download link of the page (a signed-in session).")


class ExplanationOut(Schema):
    id: int
    text: str
    by: str | None = Field(description="Who submitted it (username).")
    at: dt.datetime
    attachment: AttachmentRefOut | None


class FindingEventOut(Schema):
    action: str
    by: str | None
    at: dt.datetime
    comment: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class FindingDetailOut(FindingOut):
    decided_at: dt.datetime | None
    decided_by: str | None
    actions: list[str] = Field(
        description="What you may do with it now: explain, accept, return, exempt."
    )
    explanations: list[ExplanationOut]
    events: list[FindingEventOut]


class FindingCommentIn(Schema):
    comment: Text = Field("", max_length=4000)


class FindingReturnIn(Schema):
    comment: Text = Field(max_length=4000, description="Required: what the explanation lacks.")


class FindingExemptIn(Schema):
    reason: Text = Field(max_length=4000, description="Required: the force majeure (免责理由).")


def _finding(user: User, finding_id: int) -> Finding:
    """A finding the user may see; NotFound otherwise (its existence is not revealed)."""
    finding = (
        Finding.objects.select_related("unit", "region", "rule_set", "head", "decided_by")
        .filter(pk=finding_id)
        .first()
    )
    if finding is None or not can_see_finding(user, finding):
        raise NotFound(_("No finding {id} is visible to you.").format(id=finding_id))
    return finding


def _actions(user: User, finding: Finding) -> list[str]:
    actions = []
    if can_explain(user, finding) and finding.state == FindingState.NOTIFIED:
        actions.append("explain")
    if can_decide(user, finding):
        if finding.state == FindingState.EXPLAINED:
            actions += ["accept", "return"]
        if finding.state in OPEN_STATES:
            actions.append("exempt")
    return actions


def finding_detail(user: User, finding_id: int) -> dict[str, Any]:
    finding = _finding(user, finding_id)
    explanations = finding.explanations.select_related("submitted_by").order_by("submitted_at")
    events = finding.events.select_related("actor").order_by("at", "id")
    return {
        **finding_out(finding),
        "decided_at": finding.decided_at,
        "decided_by": finding.decided_by.username if finding.decided_by else None,
        "actions": _actions(user, finding),
        "explanations": [
            {
                "id": e.pk,
                "text": e.text,
                "by": e.submitted_by.username if e.submitted_by else None,
                "at": e.submitted_at,
                "attachment": {
                    "name": e.attachment_name,
                    "size": e.attachment_size,
                    "content_type": e.attachment_type,
                    "url": reverse("accountability:explanation-attachment", args=[e.pk]),
                }
                if e.attachment
                else None,
            }
            for e in explanations
        ],
        "events": [
            {
                "action": e.action,
                "by": e.actor.username if e.actor else None,
                "at": e.at,
                "comment": e.comment,
                "before": e.before,
                "after": e.after,
            }
            for e in events
        ],
    }


@router.get(
    "/findings/{int:finding_id}",
    response={200: FindingDetailOut, 401: Error, 404: Error},
    summary="One finding: its numbers, explanations, history and what you may do next",
)
def get_finding(request: HttpRequest, finding_id: int) -> dict[str, Any]:
    return finding_detail(_user(request), finding_id)


@router.post(
    "/findings/{int:finding_id}/explain",
    response={200: FindingDetailOut, **LIFECYCLE_ERRORS},
    summary="The unit explains the finding (multipart: text, optional attachment)",
    description=(
        "Only the unit's head or reporter, while the finding is `notified`. The attachment is a "
        "pdf, jpg, png, docx or xlsx file whose content matches its extension."
    ),
)
def explain_finding(
    request: HttpRequest,
    finding_id: int,
    text: Form[Text],
    attachment: UploadedFile | None = File(None),  # noqa: B008
) -> dict[str, Any]:
    user = _user(request)
    services.explanation_submit(
        finding=_finding(user, finding_id), by=user, text=text, attachment=attachment
    )
    return finding_detail(user, finding_id)


@router.post(
    "/findings/{int:finding_id}/accept",
    response={200: FindingDetailOut, **LIFECYCLE_ERRORS},
    summary="Accept the unit's explanation (the district's office)",
)
def accept_finding(
    request: HttpRequest, finding_id: int, payload: FindingCommentIn
) -> dict[str, Any]:
    user = _user(request)
    services.finding_accept(finding=_finding(user, finding_id), by=user, comment=payload.comment)
    return finding_detail(user, finding_id)


@router.post(
    "/findings/{int:finding_id}/return",
    response={200: FindingDetailOut, **LIFECYCLE_ERRORS},
    summary="Return the explanation to the unit, saying what is missing (the office)",
)
def return_finding(
    request: HttpRequest, finding_id: int, payload: FindingReturnIn
) -> dict[str, Any]:
    user = _user(request)
    services.explanation_return(
        finding=_finding(user, finding_id), by=user, comment=payload.comment
    )
    return finding_detail(user, finding_id)


@router.post(
    "/findings/{int:finding_id}/exempt",
    response={200: FindingDetailOut, **LIFECYCLE_ERRORS},
    summary="Exempt the finding for force majeure, with the reason (the office)",
)
def exempt_finding(
    request: HttpRequest, finding_id: int, payload: FindingExemptIn
) -> dict[str, Any]:
    user = _user(request)
    services.finding_exempt(finding=_finding(user, finding_id), by=user, reason=payload.reason)
    return finding_detail(user, finding_id)
