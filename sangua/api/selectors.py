"""Reads behind the API: regions in tree order, filtered projects, visible reports, public months.

Each list here is a queryset built with the joins its schema needs, so a page costs the same
number of queries whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sangua.core.errors import NotFound
from sangua.engine.metrics import ZERO_DONE
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import (
    UNIT_ROLES,
    district_ids_below,
    is_office,
    is_unit_user,
    scope_district_ids,
)
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport, Publication
from sangua.projects.models import InvestmentPlan, Project

from .auth import Caller
from .models import ApiToken


def regions_in_tree_order() -> list[tuple[Region, int]]:
    """Every region with its depth, each parent followed by its children (by sort, then code)."""
    regions = list(Region.objects.select_related("parent").order_by("sort", "code"))
    children: dict[int | None, list[Region]] = defaultdict(list)
    for region in regions:
        children[region.parent_id].append(region)
    ordered: list[tuple[Region, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for region in children.get(parent_id, []):
            ordered.append((region, depth))
            walk(region.pk, depth + 1)

    walk(None, 0)
    return ordered


def region_by_code(code: str, *, field: str = "region") -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        error = NotFound(_("No region has the code {code}.").format(code=code))
        error.field = field
        raise error
    return region


def project_list(
    *,
    region: Region | None = None,
    unit: str | None = None,
    leader: int | None = None,
    category: str | None = None,
    state: str | None = None,
    q: str | None = None,
) -> QuerySet[Project]:
    """Projects matching the filters, by code, with what a list item shows joined in."""
    projects = Project.objects.select_related("region", "unit", "leader").order_by("code")
    if region is not None:
        if region.level == RegionLevel.DISTRICT:
            projects = projects.filter(region=region)
        else:
            projects = projects.filter(region_id__in=district_ids_below(region))
    if unit:
        projects = projects.filter(unit__code=unit)
    if leader is not None:
        projects = projects.filter(leader_id=leader)
    if category:
        projects = projects.filter(category=category)
    if state:
        projects = projects.filter(state=state)
    if q and q.strip():
        text = q.strip()
        projects = projects.filter(Q(name__icontains=text) | Q(code__icontains=text))
    return projects


def project_by_code(code: str, *, field: str | None = None) -> Project:
    project = (
        Project.objects.select_related("region", "unit", "leader", "unit_head")
        .filter(code=code)
        .first()
    )
    if project is None:
        error = NotFound(_("No project has the code {code}.").format(code=code))
        error.field = field
        raise error
    return project


def sees_unpublished(user: Caller, district: Region) -> bool:
    """Staff whose scope covers a district see its unpublished months; everyone else does not."""
    scope = scope_district_ids(user)
    return scope is None or district.pk in scope


def project_plans(project: Project) -> list[InvestmentPlan]:
    return list(InvestmentPlan.objects.filter(project=project).order_by("year"))


def project_approved_months(project: Project) -> dict[int, list[Decimal]]:
    """The approved completed amount of every month, per year (0 where none was approved)."""
    years: dict[int, list[Decimal]] = {}
    rows = MonthlyReport.objects.filter(project=project, state=ReportState.APPROVED).values_list(
        "year", "month", "amount"
    )
    for year, month, amount in rows:
        years.setdefault(year, list(ZERO_DONE))[month - 1] += Decimal(amount)
    return years


def published_through(district: Region) -> dict[int, int]:
    """For each year, the last month the district published (publishing month m makes 1..m public)."""
    last: dict[int, int] = {}
    for year, month in Publication.objects.filter(region=district).values_list("year", "month"):
        last[year] = max(last.get(year, 0), month)
    return last


def reports_visible_to(user: Caller) -> QuerySet[MonthlyReport]:
    """Reports a user may read: a unit's own for unit roles, their districts' for everyone else."""
    reports = MonthlyReport.objects.select_related("project", "project__unit").order_by(
        "project__code", "year", "month", "id"
    )
    if not user.is_authenticated:
        return reports.none()
    if is_unit_user(user):
        assert isinstance(user, User)
        assert user.unit_id is not None
        return reports.filter(project__unit_id=user.unit_id)
    scope = scope_district_ids(user)
    if scope is None:
        return reports
    return reports.filter(project__region_id__in=scope)


def report_list(
    user: Caller,
    *,
    project: str | None = None,
    year: int | None = None,
    month: int | None = None,
    state: str | None = None,
) -> QuerySet[MonthlyReport]:
    reports = reports_visible_to(user)
    if project:
        reports = reports.filter(project__code=project)
    if year is not None:
        reports = reports.filter(year=year)
    if month is not None:
        reports = reports.filter(month=month)
    if state:
        reports = reports.filter(state=state)
    return reports


def visible_report(user: Caller, report_id: int) -> MonthlyReport:
    """A report the user may read, with its history; NotFound when absent or out of scope."""
    report = reports_visible_to(user).prefetch_related("events__actor").filter(pk=report_id).first()
    if report is None:
        raise NotFound(_("No report {id} is visible to you.").format(id=report_id))
    return report


def report_by_id(report_id: int) -> MonthlyReport:
    """A report for a write (the service then checks who may do what with it)."""
    report = MonthlyReport.objects.select_related("project", "project__unit").filter(pk=report_id)
    found = report.first()
    if found is None:
        raise NotFound(_("No report has the id {id}.").format(id=report_id))
    return found


# --- API tokens ---------------------------------------------------------------------------------


def _covered_region_ids(scope: list[int]) -> set[int]:
    """The districts of a scope and every region above them whose districts all lie in it."""
    covered = set(scope)
    parents = set(
        Region.objects.filter(pk__in=scope, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    while parents:
        above: set[int] = set()
        for parent in Region.objects.filter(pk__in=parents):
            if set(district_ids_below(parent)) <= set(scope):
                covered.add(parent.pk)
                if parent.parent_id is not None:
                    above.add(parent.parent_id)
        parents = above - covered
    return covered


def managed_users(user: Caller) -> QuerySet[User]:
    """Accounts whose tokens an office may see and revoke: those whose own scope lies in its own.

    A district office manages its district's accounts and its units' people; the city office
    also the city's. Nobody but an administrator manages an administrator.
    """
    users = User.objects.all()
    if not user.is_authenticated or not is_office(user):
        return users.none()
    scope = scope_district_ids(user)
    if scope is None:
        return users
    if not scope:
        return users.none()
    covered = _covered_region_ids(scope)
    return users.filter(is_superuser=False).filter(
        Q(unit__region_id__in=scope, role__in=UNIT_ROLES)
        | (~Q(role__in=UNIT_ROLES) & Q(region_id__in=covered))
    )


def tokens_of(
    user: User, *, managed: bool = False, include_revoked: bool = False
) -> QuerySet[ApiToken]:
    """The caller's own tokens, or (``managed``) those of every account an office manages."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    if managed:
        tokens = tokens.filter(user__in=managed_users(user))
    else:
        tokens = tokens.filter(user=user)
    if not include_revoked:
        tokens = tokens.filter(revoked_at__isnull=True)
    return tokens


def token_for(user: User, token_id: int) -> ApiToken:
    """A token the caller may revoke: their own, or one of an account they manage; else NotFound."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(pk=token_id)
        .filter(Q(user=user) | Q(user__in=managed_users(user)))
        .first()
    )
    if token is None:
        raise NotFound(_("No token {id} is yours to manage.").format(id=token_id))
    return token
