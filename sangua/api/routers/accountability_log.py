"""The accountability reads and rules beside ``sangua.accountability.api``: the close log of a
district (考核记录) with each run's assessed units, and the rule sets (考核规则) — read them, list
their versions, make a new version. Mounted at the API's root like the findings router.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from sangua.accountability import services
from sangua.accountability.api import ChangeOut, Error, money
from sangua.accountability.choices import SanctionChoice
from sangua.accountability.models import PeriodClose, RuleSet
from sangua.accountability.rules import rule_set_for
from sangua.accountability.selectors import (
    close_log,
    district_by_code,
    parse_period,
    region_in_scope,
    rule_versions,
)
from sangua.core.errors import NotAllowed, NotFound
from sangua.orgs.models import Region
from sangua.orgs.scopes import can_see_region

from ..auth import SIGNED_IN, signed_in
from ..pagination import page_of
from ..schemas.common import Id, PageIn, Text

router = Router(tags=["accountability"], auth=SIGNED_IN)


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


class AssessedOut(Schema):
    unit: str
    unit_name: str
    planned: float = Field(description="Planned investment over the period's months (万元).")
    completed: float
    shortfall: float
    sanction: SanctionChoice | None


class CloseRunDetailOut(CloseRunOut):
    assessed: list[AssessedOut] = Field(description="Every unit with a plan in the period.")


@router.get(
    "/periods/closes",
    response={200: CloseRunPageOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="A district's close log (考核记录), newest first",
)
def list_close_runs(
    request: HttpRequest, query: Query[CloseRunQuery], page: Query[PageIn]
) -> dict[str, Any]:
    user = signed_in(request)
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


@router.get(
    "/rules",
    response={200: RulesOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="The rules (考核规则) in force for a region",
)
def get_rules(request: HttpRequest, query: Query[RulesQuery]) -> dict[str, Any]:
    region = region_in_scope(signed_in(request), query.region)
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
    versions = rule_versions(region_in_scope(signed_in(request), query.region))
    return page_of(versions, page, rule_set_out)


@router.post(
    "/rules",
    response={201: RuleSetOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Make a new version of a region's rules (its office); versions are never edited",
)
def change_rules(request: HttpRequest, payload: RuleChangeIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise NotFound(_("No region has the code {code}.").format(code=payload.region))
    values = payload.model_dump(exclude_unset=True, exclude={"region", "reason"})
    values = {name: value for name, value in values.items() if value is not None}
    new = services.rule_set_change(region=region, by=user, reason=payload.reason, values=values)
    return Status(
        201, rule_set_out(RuleSet.objects.select_related("region", "created_by").get(pk=new.pk))
    )


@router.get(
    "/periods/closes/{close_id}",
    response={200: CloseRunDetailOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="One close run: every unit assessed, and what changed since the run before",
)
def get_close_run(request: HttpRequest, close_id: Id) -> dict[str, Any]:
    user = signed_in(request)
    run = (
        PeriodClose.objects.select_related("region", "rule_set", "closed_by")
        .filter(pk=close_id)
        .first()
    )
    if run is None:
        raise NotFound(_("There is no close run {id}.").format(id=close_id))
    if not can_see_region(user, run.region):
        raise NotAllowed(_("{name} is outside your data scope.").format(name=run.region.name))
    return {
        **close_run_out(run),
        "assessed": [
            {
                "unit": row["unit"],
                "unit_name": row["unit_name"],
                "planned": money(Decimal(row["planned"])),
                "completed": money(Decimal(row["completed"])),
                "shortfall": money(Decimal(row["shortfall"])),
                "sanction": row["sanction"],
            }
            for row in run.assessed
        ],
    }
