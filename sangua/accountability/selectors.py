"""Reads for accountability: units assessed for a period, findings a user may see, the close log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sangua.audit.models import AuditEntry
from sangua.audit.selectors import history_for_all
from sangua.core.errors import NotAllowed, NotFound, ValidationFailed
from sangua.engine.accountability import Ladder, Period, Sanction, assess
from sangua.engine.metrics import Series, add_series
from sangua.orgs.models import Region, Unit, User
from sangua.orgs.scopes import (
    UNIT_ROLES,
    can_see_region,
    district_ids_below,
    is_office,
    scope_district_ids,
)
from sangua.progress.figures import load_series
from sangua.progress.models import Publication
from sangua.progress.publication import is_published
from sangua.projects.models import Project

from .choices import FindingState, PeriodKindChoice
from .models import Finding, PeriodClose, RuleSet


def parse_period(text: str | None, *, field: str = "period") -> Period:
    """A period from its text (2013-09, 2013-Q3, 2013-H1, 2013); a 422 naming the forms otherwise."""
    try:
        period = Period.parse(text or "")
    except ValueError:
        period = None
    if period is None or not 2000 <= period.year <= 2100:
        raise ValidationFailed(
            "invalid_period",
            _(
                "The period must be a month (2013-09), a quarter (2013-Q3), a half-year (2013-H1) "
                "or a year (2013); got {value}."
            ).format(value=text or ""),
            field=field,
        )
    return period


def district_by_code(code: str | None, *, field: str = "region") -> Region:
    """The region with this code, or a 404 naming the code."""
    region = Region.objects.filter(code=code or "").first()
    if region is None:
        raise NotFound(_("No region with code {code}.").format(code=code or ""))
    return region


def unpublished_months(region: Region, period: Period) -> list[int]:
    """The months of the period the district has not published yet."""
    published = set(
        Publication.objects.filter(
            region=region, year=period.year, month__in=period.months
        ).values_list("month", flat=True)
    )
    return [m for m in period.months if m not in published]


@dataclass(frozen=True)
class UnitAssessment:
    """One unit's planned and completed investment over a period, and its sanction if it missed."""

    unit: Unit
    series: Series
    project_ids: tuple[int, ...]
    planned: Decimal
    completed: Decimal
    shortfall: Decimal
    sanction: Sanction | None

    def as_json(self) -> dict[str, str | None]:
        """The unit's line in a close run's log."""
        return {
            "unit": self.unit.code,
            "unit_name": self.unit.name,
            "planned": str(self.planned),
            "completed": str(self.completed),
            "shortfall": str(self.shortfall),
            "sanction": self.sanction.value if self.sanction else None,
        }


def unit_series(region: Region, year: int) -> dict[int, tuple[Unit, Series, tuple[int, ...]]]:
    """Each unit of the district with projects: the unit, the sum of its projects' series, their ids."""
    projects = list(Project.objects.filter(region=region).values_list("pk", "unit_id"))
    series = load_series((pk for pk, _unit in projects), year)
    members: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id in projects:
        members[unit_id].append(pk)
    units = (
        Unit.objects.filter(pk__in=members.keys()).select_related("head").order_by("sort", "code")
    )
    return {
        unit.pk: (
            unit,
            add_series(series[pk] for pk in members[unit.pk]),
            tuple(sorted(members[unit.pk])),
        )
        for unit in units
    }


def unit_assessments(region: Region, period: Period, ladder: Ladder) -> list[UnitAssessment]:
    """Every unit of the district with planned investment in the period, assessed (SPEC §3).

    Planned and completed run over the period's months only (single period, not cumulative).
    """
    result = []
    for unit, series, project_ids in unit_series(region, period.year).values():
        assessed = assess(series, period, ladder)
        if assessed is None:
            continue
        result.append(
            UnitAssessment(
                unit=unit,
                series=series,
                project_ids=project_ids,
                planned=assessed.planned,
                completed=assessed.completed,
                shortfall=assessed.shortfall,
                sanction=assessed.sanction,
            )
        )
    return result


def visible_findings(user: User) -> QuerySet[Finding]:
    """Findings the user may see: a unit's own, or those of the districts in the user's scope."""
    findings = Finding.objects.select_related("unit", "region", "rule_set", "head")
    if not user.is_authenticated:
        return findings.none()
    if user.role in UNIT_ROLES:
        return findings.filter(unit_id=user.unit_id) if user.unit_id else findings.none()
    scope = scope_district_ids(user)
    return findings if scope is None else findings.filter(region_id__in=scope)


@dataclass(frozen=True)
class FindingFilters:
    """The findings list's filters, as the query string gives them (unknown values are ignored).

    ``state`` is a finding state, ``all``, or empty: every state but withdrawn.
    """

    period: str = ""
    kind: str = ""
    state: str = ""


def finding_list(user: User, region: Region, filters: FindingFilters) -> QuerySet[Finding]:
    """The findings a user may see in a region, filtered, newest period first, in unit order."""
    findings = visible_findings(user).filter(region_id__in=district_ids_below(region))
    if filters.period:
        findings = findings.filter(period=filters.period)
    if filters.kind in PeriodKindChoice.values:
        findings = findings.filter(kind=filters.kind)
    if filters.state in FindingState.values:
        findings = findings.filter(state=filters.state)
    elif filters.state != "all":
        findings = findings.exclude(state=FindingState.WITHDRAWN)
    return findings.order_by("-year", "-period", "region__code", "unit__sort", "unit__code")


HISTORY_SHOWN = 50


def rule_versions(region: Region) -> QuerySet[RuleSet]:
    """Every version that applies or applied to a region: its own, its parents', the default;
    newest first."""
    ids = []
    current: Region | None = region
    while current is not None:
        ids.append(current.pk)
        current = current.parent
    return (
        RuleSet.objects.filter(Q(region_id__in=ids) | Q(region__isnull=True))
        .select_related("region", "created_by")
        .order_by("-created_at", "-version", "-id")
    )


def rules_history(versions: list[RuleSet]) -> tuple[list[AuditEntry], bool]:
    """The audit entries of a region's rule versions (what each changed, by whom, from where),
    newest first: the last 50, and whether there are older ones."""
    entries = list(history_for_all(versions)[: HISTORY_SHOWN + 1])
    return entries[:HISTORY_SHOWN], len(entries) > HISTORY_SHOWN


def period_findings(region: Region, periods: list[str]) -> list[Finding]:
    """A district's findings of some periods, withdrawn ones left out, in unit order."""
    return list(
        Finding.objects.filter(region=region, period__in=periods)
        .exclude(state="withdrawn")
        .select_related("unit", "rule_set", "head")
        .order_by("year", "period", "unit__sort", "unit__code")
    )


def close_log(region: Region, period: str | None = None) -> QuerySet[PeriodClose]:
    """A district's close runs, newest first (optionally of one period)."""
    runs = PeriodClose.objects.filter(region=region).select_related("rule_set", "closed_by")
    if period:
        runs = runs.filter(period=period)
    return runs.order_by("-closed_at", "-id")


def periods_ending_in(year: int, month: int) -> list[str]:
    """The periods whose last month is this month: 2013-09 → 2013-09 and 2013-Q3."""
    names = [f"{year}-{month:02d}"]
    if month % 3 == 0:
        names.append(f"{year}-Q{month // 3}")
    if month % 6 == 0:
        names.append(f"{year}-H{month // 6}")
    if month == 12:
        names.append(f"{year}")
    return names


# --- "Why is this red?" and the forecast: whose figures, which months ----------------------------
# The pages (views/why.py, views/forecast.py) and the API (/why, /forecast) both ask these, so the
# rules are written once. Each raises NotFound (unknown code) or NotAllowed (outside the scope).


def sees_month(user: User | AnonymousUser, region: Region, year: int, month: int) -> bool:
    """The key project office sees any month of a region wholly in its scope; everyone else (and
    a district's office looking at its city) only the published ones."""
    if is_office(user) and can_see_region(user, region):
        return True
    return is_published(region, year, month)


def _in_scope(user: User | AnonymousUser, region: Region) -> Region:
    if not can_see_region(user, region):
        raise NotAllowed(_("{name} is outside your data scope.").format(name=region.name))
    return region


def why_unit_for(user: User | AnonymousUser, code: str) -> Unit:
    """The unit whose light is explained, if its district lies in the user's scope; unit staff
    only their own unit (its page lists every report behind the numbers, drafts and returned ones
    included, which another unit's staff never see)."""
    unit = Unit.objects.select_related("region", "head").filter(code=code).first()
    if unit is None:
        raise NotFound(_("No unit {code} is visible to you.").format(code=code))
    _in_scope(user, unit.region)
    if user.is_authenticated and user.role in UNIT_ROLES and user.unit_id != unit.pk:
        raise NotAllowed(_("Only your own unit's light is explained to you."))
    return unit


def region_in_scope(user: User | AnonymousUser, code: str) -> Region:
    """A district or city by its code, if all of it lies in the user's scope (its light, forecast
    or rules); 404 when unknown, 403 when outside."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(_("No region has the code {code}.").format(code=code))
    return _in_scope(user, region)


def rank_parent_for(user: User | AnonymousUser, code: str) -> Region:
    """Where a unit (its district) or a district (its city) is ranked: the unit's district, or the
    district itself, must lie in the user's scope."""
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is not None:
        return _in_scope(user, unit.region)
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None or region.parent is None:
        raise NotFound(
            _("Neither a unit nor a ranked region has the code {code}.").format(code=code)
        )
    # A district's own people may see why it ranks where it does in its city: the city's
    # published ranking is public (the wall), and sees_month keeps its other months from them.
    _in_scope(user, region)
    return region.parent
