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

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from ninja.security import django_auth

from sangua.api.pagination import page_of
from sangua.api.schemas.common import PageIn, Text
from sangua.core.errors import NotAllowed, NotFound
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import UNIT_ROLES, can_see_region, district_ids_below

from . import services
from .choices import OPEN_STATES, FindingState, SanctionChoice
from .models import Finding, PeriodClose, RuleSet
from .permissions import can_decide, can_explain, can_see_finding
from .rules import rule_set_for
from .selectors import close_log, district_by_code, parse_period, visible_findings
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


# --- Close runs (the close log) ---------------------------------------------------------------


class CloseRunOut(Schema):
    id: int
    region: str
    period: str
    run: int
    closed_at: dt.datetime
    closed_by: str | None
    rule_set_version: int
    finding_count: int
    changes: list[ChangeOut]


class CloseRunPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CloseRunOut]


class CloseRunQuery(Schema):
    region: Text = Field(max_length=12, description="The district's code.")
    period: Text | None = Field(None, max_length=8, description="Only this period.")


def close_run_out(run: PeriodClose) -> dict[str, Any]:
    return {
        "id": run.pk,
        "region": run.region.code,
        "period": run.period,
        "run": run.run,
        "closed_at": run.closed_at,
        "closed_by": run.closed_by.username if run.closed_by else None,
        "rule_set_version": run.rule_set.version,
        "finding_count": run.finding_count,
        "changes": run.changes,
    }


@router.get(
    "/periods/closes",
    response={200: CloseRunPageOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="A district's close log (考核记录), newest first",
)
def list_close_runs(
    request: HttpRequest, query: Query[CloseRunQuery], page: Query[PageIn]
) -> dict[str, Any]:
    user = _user(request)
    region = district_by_code(query.region)
    if not can_see_region(user, region):
        raise NotAllowed(_("{name} is outside your data scope.").format(name=region.name))
    period = str(parse_period(query.period)) if query.period else None
    return page_of(close_log(region, period).select_related("region"), page, close_run_out)


# --- Rule sets (考核规则) -------------------------------------------------------------------------


class RuleSetOut(Schema):
    id: int
    version: int
    name: str
    region: str | None = Field(description="The region it belongs to; null: the default rules.")
    red_below: float = Field(description="Red below this plan-to-date rate (percent).")
    green_from: float = Field(description="Green from this plan-to-date rate (percent).")
    stall_months: int
    sanction_month: SanctionChoice
    sanction_quarter: SanctionChoice
    sanction_half: SanctionChoice
    sanction_year: SanctionChoice
    placard_yellow_days: int
    placard_red_days: int
    reminder_days_before: int
    created_at: dt.datetime
    created_by: str | None
    reason: str


class RulesOut(Schema):
    region: str = Field(description="The region asked about.")
    inherited: bool = Field(
        description="True when the rules in force are a parent's or the default."
    )
    current: RuleSetOut


class RuleSetPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[RuleSetOut]


class RulesQuery(Schema):
    region: Text = Field(max_length=12, description="A district's or a city's code.")


class RuleChangeIn(Schema):
    region: Text = Field(max_length=12, description="The region whose rules change.")
    reason: Text = Field(max_length=4000, description="Required: why the rules change.")
    name: Text | None = Field(None, max_length=100)
    red_below: Decimal | None = Field(None, ge=0, le=1000, max_digits=6, decimal_places=2)
    green_from: Decimal | None = Field(None, ge=0, le=1000, max_digits=6, decimal_places=2)
    stall_months: int | None = Field(None, ge=0, le=365)
    sanction_month: SanctionChoice | None = None
    sanction_quarter: SanctionChoice | None = None
    sanction_half: SanctionChoice | None = None
    sanction_year: SanctionChoice | None = None
    placard_yellow_days: int | None = Field(None, ge=0, le=365)
    placard_red_days: int | None = Field(None, ge=0, le=365)
    reminder_days_before: int | None = Field(None, ge=0, le=365)


def rule_set_out(rules: RuleSet) -> dict[str, Any]:
    return {
        "id": rules.pk or 0,
        "version": rules.version,
        "name": rules.name,
        "region": rules.region.code if rules.region is not None else None,
        "red_below": money(rules.red_below),
        "green_from": money(rules.green_from),
        "stall_months": rules.stall_months,
        "sanction_month": rules.sanction_month,
        "sanction_quarter": rules.sanction_quarter,
        "sanction_half": rules.sanction_half,
        "sanction_year": rules.sanction_year,
        "placard_yellow_days": rules.placard_yellow_days,
        "placard_red_days": rules.placard_red_days,
        "reminder_days_before": rules.reminder_days_before,
        "created_at": rules.created_at,
        "created_by": rules.created_by.username if rules.created_by is not None else None,
        "reason": rules.reason,
    }


def _rules_region(user: User, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(_("No region has the code {code}.").format(code=code))
    if not can_see_region(user, region):
        raise NotAllowed(_("{name} is outside your data scope.").format(name=region.name))
    return region


@router.get(
    "/rules",
    response={200: RulesOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="The rules (考核规则) in force for a region",
)
def get_rules(request: HttpRequest, query: Query[RulesQuery]) -> dict[str, Any]:
    region = _rules_region(_user(request), query.region)
    current = rule_set_for(region)
    return {
        "region": region.code,
        "inherited": current.region_id != region.pk,
        "current": rule_set_out(current),
    }


@router.get(
    "/rules/versions",
    response={200: RuleSetPageOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Every version that applies or applied to a region: its own, its parents', the default",
)
def list_rule_versions(
    request: HttpRequest, query: Query[RulesQuery], page: Query[PageIn]
) -> dict[str, Any]:
    region = _rules_region(_user(request), query.region)
    ids = []
    current: Region | None = region
    while current is not None:
        ids.append(current.pk)
        current = current.parent
    versions = (
        RuleSet.objects.filter(Q(region_id__in=ids) | Q(region__isnull=True))
        .select_related("region", "created_by")
        .order_by("-created_at", "-version", "-id")
    )
    return page_of(versions, page, rule_set_out)


@router.post(
    "/rules",
    response={201: RuleSetOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Make a new version of a region's rules (its office); versions are never edited",
)
def change_rules(request: HttpRequest, payload: RuleChangeIn) -> Status[dict[str, Any]]:
    user = _user(request)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise NotFound(_("No region has the code {code}.").format(code=payload.region))
    values = payload.model_dump(exclude_unset=True, exclude={"region", "reason"})
    values = {name: value for name, value in values.items() if value is not None}
    new = services.rule_set_change(region=region, by=user, reason=payload.reason, values=values)
    return Status(
        201, rule_set_out(RuleSet.objects.select_related("region", "created_by").get(pk=new.pk))
    )
