"""Writes for key projects and their investment plans; each validates, runs atomically, and is scoped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sangua.audit.services import record
from sangua.core.errors import NotAllowed, ValidationFailed
from sangua.core.money import money
from sangua.orgs.models import Person, Region, Unit, User
from sangua.orgs.scopes import is_office, scope_district_ids

from .choices import ProjectCategory, ProjectState
from .models import MONTH_FIELDS, InvestmentPlan, Project

PROJECT_FIELDS = (
    "code",
    "name",
    "region",
    "unit",
    "leader",
    "unit_head",
    "contact",
    "contact_phone",
    "category",
    "location",
    "total_investment",
    "start_date",
    "target_date",
    "state",
    "description",
)


def _audit_value(value: object) -> object:
    """A field as the audit trail keeps it: related rows by name, money and dates as text (the
    same shape as the Excel import's entries, so a project's history reads the same either way)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def project_snapshot(project: Project) -> dict[str, object]:
    """A project's four fixes as its audit entries show them."""
    return {name: _audit_value(getattr(project, name)) for name in PROJECT_FIELDS}


def plan_snapshot(plan: InvestmentPlan) -> dict[str, object]:
    """An annual plan's total and months as its audit entries show them."""
    return {name: _audit_value(getattr(plan, name)) for name in ("annual_amount", *MONTH_FIELDS)}


def _require_office_for(user: User, region: Region) -> None:
    scope = scope_district_ids(user)
    if not is_office(user) or (scope is not None and region.pk not in scope):
        raise NotAllowed(
            _("Only the key project office of {region} may change its projects.").format(
                region=region.name
            )
        )


def _clean_project(values: dict[str, Any]) -> dict[str, Any]:
    """Check one project's four fixes; raise on the first field at fault, naming it."""
    region: Region = values["region"]
    unit: Unit = values["unit"]
    if not region.is_district:
        raise ValidationFailed(
            "project_region_not_district",
            _("A project belongs to a district, not to {name}.").format(name=region.name),
            field="region",
        )
    if unit.region_id != region.pk:
        raise ValidationFailed(
            "unit_outside_region",
            _("Unit {unit} is not in {region}.").format(unit=unit.name, region=region.name),
            field="unit",
        )
    leader: Person = values["leader"]
    if leader.region_id not in (region.pk, region.parent_id):
        raise ValidationFailed(
            "leader_outside_region",
            _("Leader {leader} does not belong to {region}.").format(
                leader=leader, region=region.name
            ),
            field="leader",
        )
    if not str(values.get("code", "")).strip():
        raise ValidationFailed("required", _("The project code is required."), field="code")
    if not str(values.get("name", "")).strip():
        raise ValidationFailed("required", _("The project name is required."), field="name")
    if values.get("category") not in ProjectCategory.values:
        raise ValidationFailed(
            "invalid_choice",
            _("Unknown category {value}.").format(value=values.get("category")),
            field="category",
        )
    if values.get("state", ProjectState.PLANNED) not in ProjectState.values:
        raise ValidationFailed(
            "invalid_choice",
            _("Unknown state {value}.").format(value=values.get("state")),
            field="state",
        )
    try:
        values["total_investment"] = money(values["total_investment"])
    except ValueError:
        raise ValidationFailed(
            "invalid_amount",
            _("Total investment must be an amount in 万元."),
            field="total_investment",
        ) from None
    if values["total_investment"] < 0:
        raise ValidationFailed(
            "negative_amount", _("Total investment cannot be negative."), field="total_investment"
        )
    start, target = values["start_date"], values["target_date"]
    if not isinstance(start, dt.date) or not isinstance(target, dt.date):
        raise ValidationFailed(
            "invalid_date", _("Start and target dates are required."), field="start_date"
        )
    if target < start:
        raise ValidationFailed(
            "target_before_start",
            _("The target completion date is before the start date."),
            field="target_date",
        )
    return values


@transaction.atomic
def project_create(*, by: User, **fields: Any) -> Project:
    """Register a key project with its four fixes (登记重点项目)."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationFailed(
            "unknown_field",
            _("Unknown field {name}.").format(name=sorted(unknown)[0]),
            field=sorted(unknown)[0],
        )
    region = fields.get("region")
    if not isinstance(region, Region):
        raise ValidationFailed("required", _("The project's district is required."), field="region")
    _require_office_for(by, region)
    values = _clean_project(dict(fields))
    if Project.objects.filter(code=values["code"]).exists():
        raise ValidationFailed(
            "duplicate_code",
            _("A project with code {code} already exists.").format(code=values["code"]),
            field="code",
        )
    try:
        project = Project.objects.create(**values)
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise ValidationFailed("duplicate_code", str(exc), field="code") from exc
    record(actor=by, action="create", obj=project, after=project_snapshot(project))
    return project


@transaction.atomic
def project_update(*, project: Project, by: User, **fields: Any) -> Project:
    """Change a project's fields (the code stays)."""
    _require_office_for(by, project.region)
    if fields.get("code", project.code) != project.code:
        raise ValidationFailed("code_fixed", _("A project's code cannot be changed."), field="code")
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationFailed(
            "unknown_field",
            _("Unknown field {name}.").format(name=sorted(unknown)[0]),
            field=sorted(unknown)[0],
        )
    values = {name: getattr(project, name) for name in PROJECT_FIELDS}
    values.update(fields)
    values = _clean_project(values)
    _require_office_for(by, values["region"])
    before = project_snapshot(project)
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    record(actor=by, action="update", obj=project, before=before, after=project_snapshot(project))
    return project


def clean_plan_months(
    months: Sequence[object], annual: object | None
) -> tuple[list[Decimal], Decimal]:
    """Check 12 monthly amounts against the annual plan; return them as money, exactly."""
    if len(months) != 12:
        raise ValidationFailed(
            "plan_needs_12_months",
            _("A plan has 12 monthly amounts, got {n}.").format(n=len(months)),
            field="months",
        )
    cleaned: list[Decimal] = []
    for k, raw in enumerate(months, start=1):
        try:
            value = money(raw if raw not in (None, "") else 0)
        except ValueError:
            raise ValidationFailed(
                "invalid_amount",
                _("Month {month}: {value} is not an amount.").format(month=k, value=raw),
                field=f"m{k:02d}",
            ) from None
        if value < 0:
            raise ValidationFailed(
                "negative_amount",
                _("Month {month}: the amount cannot be negative.").format(month=k),
                field=f"m{k:02d}",
            )
        cleaned.append(value)
    total = sum(cleaned, Decimal("0.00"))
    if annual in (None, ""):
        return cleaned, total
    try:
        annual_amount = money(annual)
    except ValueError:
        raise ValidationFailed(
            "invalid_amount",
            _("The annual plan {value} is not an amount.").format(value=annual),
            field="annual_amount",
        ) from None
    if annual_amount != total:
        raise ValidationFailed(
            "plan_months_mismatch",
            _("The 12 months add up to {total} 万元 but the annual plan is {annual} 万元.").format(
                total=total, annual=annual_amount
            ),
            field="annual_amount",
        )
    return cleaned, annual_amount


@transaction.atomic
def plan_set(
    *, project: Project, year: int, months: Sequence[object], annual: object | None = None, by: User
) -> InvestmentPlan:
    """Set a project's annual investment plan (年度投资计划) for one year: 12 months adding up to the year."""
    _require_office_for(by, project.region)
    if not 2000 <= int(year) <= 2100:
        raise ValidationFailed(
            "invalid_year", _("Year {year} is out of range.").format(year=year), field="year"
        )
    cleaned, annual_amount = clean_plan_months(months, annual)
    values = {"annual_amount": annual_amount, **dict(zip(MONTH_FIELDS, cleaned, strict=True))}
    stored = (
        InvestmentPlan.objects.select_for_update().filter(project=project, year=int(year)).first()
    )
    before = plan_snapshot(stored) if stored is not None else None
    plan, created = InvestmentPlan.objects.update_or_create(
        project=project, year=int(year), defaults=values
    )
    record(
        actor=by,
        action="create" if created else "update",
        obj=plan,
        before=before,
        after=plan_snapshot(plan),
    )
    return plan
