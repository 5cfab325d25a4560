"""Reads for key projects: what a user may see, the filtered list with figures, one project's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sangua.audit.models import AuditEntry
from sangua.audit.selectors import history_for_all
from sangua.audit.services import ObjectRef
from sangua.core.errors import NotFound
from sangua.engine.metrics import Figures, Light, Rules, Series, add_series, figures, rate
from sangua.orgs.models import Person, Region, Unit, User
from sangua.orgs.scopes import is_unit_user, scope_district_ids
from sangua.progress.choices import ReportAction, ReportState
from sangua.progress.figures import ProjectFigures, current_rules, load_series
from sangua.progress.models import MonthlyReport, ReportEvent
from sangua.progress.publication import default_month, is_published

from .models import Project

SORTS = ("code", "-completion_rate", "completion_rate", "-plan_to_date_rate", "plan_to_date_rate")


def visible_projects(user: User | AnonymousUser) -> QuerySet[Project]:
    """The projects in a user's data scope: a unit user sees their unit's, others their regions'."""
    projects = Project.objects.all()
    if not user.is_authenticated:
        return projects.none()
    assert isinstance(user, User)
    if is_unit_user(user):
        return projects.filter(unit=user.unit) if user.unit is not None else projects.none()
    scope = scope_district_ids(user)
    if scope is None:
        return projects
    return projects.filter(region_id__in=scope)


def project_for(user: User | AnonymousUser, code: str) -> Project:
    """One project by code, if the user may see it (else NotFound: its existence is not revealed)."""
    project = (
        visible_projects(user)
        .select_related("region", "unit", "unit__head", "leader", "unit_head")
        .filter(code=code)
        .first()
    )
    if project is None:
        raise NotFound(f"project {code}")
    return project


def home_region(user: User | AnonymousUser) -> Region | None:
    """The region whose published months set a user's default month."""
    if not user.is_authenticated:
        return None
    assert isinstance(user, User)
    if is_unit_user(user) and user.unit is not None:
        return user.unit.region
    return user.region


def user_default_month(user: User | AnonymousUser) -> tuple[int, int]:
    return default_month(home_region(user))


def scope_regions(user: User | AnonymousUser) -> list[Region]:
    """The districts a user may filter by (empty for unit users, who see one unit)."""
    if is_unit_user(user):
        return []
    scope = scope_district_ids(user)
    regions = Region.objects.filter(level="district")
    if scope is not None:
        regions = regions.filter(pk__in=scope)
    return list(regions.select_related("parent").order_by("sort", "code"))


def filter_choices(
    user: User | AnonymousUser, region: Region | None = None
) -> dict[str, list[Any]]:
    """The units and leaders a user may filter by (those with projects in scope)."""
    projects = visible_projects(user)
    if region is not None:
        projects = projects.filter(region=region)
    units = list(
        Unit.objects.filter(pk__in=projects.values("unit_id"))
        .select_related("region")
        .order_by("region__sort", "region__code", "sort", "code")
    )
    leaders = list(
        Person.objects.filter(pk__in=projects.values("leader_id")).order_by("region__code", "post")
    )
    return {"units": units, "leaders": leaders}


@dataclass(frozen=True)
class ProjectFilters:
    """The list's filters, already parsed and checked against the user's scope."""

    year: int
    month: int
    region: Region | None = None
    unit: Unit | None = None
    leader: Person | None = None
    light: str = ""
    category: str = ""
    state: str = ""
    text: str = ""
    sort: str = "code"


@dataclass(frozen=True)
class ListRow:
    """A line of the project list: the project's figures and the name of its district."""

    project: ProjectFigures
    region_name: str

    @property
    def figures(self) -> Figures:
        return self.project.figures


@dataclass
class ProjectList:
    """The filtered projects of one month with their figures and the sums over all of them."""

    rows: list[ListRow]
    totals: Figures
    light_counts: dict[str, int] = field(default_factory=dict)


def _sort_key(name: str):  # type: ignore[no-untyped-def]
    # Projects without a rate (no plan) go last whichever way the list is sorted.
    attr = name.lstrip("-")
    descending = name.startswith("-")

    def key(row: ListRow) -> tuple[int, Decimal, str]:
        value = getattr(row.figures, attr)
        if value is None:
            return (1, Decimal(0), row.project.code)
        return (0, -value if descending else value, row.project.code)

    return key


def project_list(user: User | AnonymousUser, filters: ProjectFilters) -> ProjectList:
    """The user's projects matching the filters, each with its figures for the month.

    A fixed number of queries whatever the number of projects: the projects with their unit and
    leader, their plans and their approved reports. The light is computed, not stored, so every
    matching project gets its figures before the light filter and the sums apply.
    """
    projects = visible_projects(user).select_related("unit", "leader", "region")
    if filters.region is not None:
        projects = projects.filter(region=filters.region)
    if filters.unit is not None:
        projects = projects.filter(unit=filters.unit)
    if filters.leader is not None:
        projects = projects.filter(leader=filters.leader)
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.state:
        projects = projects.filter(state=filters.state)
    if filters.text:
        # Name and code only: every location starts with the city's name, so it matches too much.
        projects = projects.filter(
            Q(name__icontains=filters.text) | Q(code__icontains=filters.text)
        )
    items = list(projects.order_by("code"))
    series = load_series((p.pk for p in items), filters.year)
    rules: dict[int, Rules] = {}  # each district's rule set, looked up once
    rows = []
    for p in items:
        if p.region_id not in rules:
            rules[p.region_id] = current_rules(p.region)
        rows.append(
            ListRow(
                project=ProjectFigures(
                    id=p.pk,
                    code=p.code,
                    name=p.name,
                    unit_id=p.unit_id,
                    unit_name=p.unit.name,
                    region_id=p.region_id,
                    leader=str(p.leader),
                    category=p.category,
                    state=p.state,
                    series=series[p.pk],
                    figures=figures(series[p.pk], filters.month, rules[p.region_id]),
                ),
                region_name=p.region.name,
            )
        )
    counts = {light.value: 0 for light in Light}
    for row in rows:
        counts[row.figures.light.value] += 1
    if filters.light:
        rows = [row for row in rows if row.figures.light.value == filters.light]
    if filters.sort in SORTS and filters.sort != "code":
        rows.sort(key=_sort_key(filters.sort))
    totals = figures(
        add_series(row.project.series for row in rows),
        filters.month,
        current_rules(filters.region or home_region(user)),
    )
    return ProjectList(rows=rows, totals=totals, light_counts=counts)


# --- One project's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthLine:
    """One month of the year's plan table: planned, approved done, and both cumulated.

    Months after the later of the page's month and the last approved amount are not reported
    yet: their done figures are None, so they show as blank rather than as zero.
    """

    month: int
    plan: Decimal | None
    done: Decimal | None
    plan_cumulative: Decimal | None
    done_cumulative: Decimal | None
    rate: Decimal | None


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EventLine:
    event: ReportEvent
    changes: list[Change]


@dataclass(frozen=True)
class ReportLine:
    report: MonthlyReport
    events: list[EventLine]
    published: bool


@dataclass
class ProjectPage:
    """Everything the project page shows for one year and month."""

    project: Project
    year: int
    month: int
    series: Series
    figures: Figures
    rules: Rules
    months: list[MonthLine]
    reports: list[ReportLine]
    years: list[int]
    published: bool

    @property
    def year_done(self) -> Decimal:
        """Approved completed over the whole year (later months included once approved)."""
        return sum(self.series.done, Decimal("0.00"))


def _month_lines(series: Series, month: int) -> list[MonthLine]:
    reported = [k + 1 for k in range(12) if series.done[k] > 0]
    last = max([month, *reported])
    lines = []
    plan_sum: Decimal | None = Decimal("0.00") if series.plan is not None else None
    done_sum = Decimal("0.00")
    for k in range(12):
        plan = series.plan[k] if series.plan is not None else None
        done_sum += series.done[k]
        if plan_sum is not None and plan is not None:
            plan_sum += plan
        shown = k + 1 <= last
        lines.append(
            MonthLine(
                month=k + 1,
                plan=plan,
                done=series.done[k] if shown else None,
                plan_cumulative=plan_sum,
                done_cumulative=done_sum if shown else None,
                rate=rate(done_sum, plan_sum) if shown and plan_sum is not None else None,
            )
        )
    return lines


FIELD_LABELS = {
    "amount": _("Amount (万元)"),
    "progress": _("Physical progress"),
    "problems": _("Problems"),
    "state": _("State"),
}


def _shown(name: str, value: object) -> str:
    if value is None:
        return ""
    if name == "state" and value in ReportState.values:
        return str(ReportState(value).label)
    return str(value)


def _changes(event: ReportEvent) -> list[Change]:
    """What an event changed: each field whose value differs before and after.

    Events without a "before" (the first one, or imported history) show what they set: every
    filled field for a creation, the new state for a step of the workflow.
    """
    after = event.after or {}
    if event.before is None:
        if event.action == ReportAction.CREATE:
            names = [n for n in ("amount", "progress", "problems") if after.get(n)]
        else:
            names = ["state"] if "state" in after else []
        return [
            Change(field=str(FIELD_LABELS[n]), before="", after=_shown(n, after[n])) for n in names
        ]
    return [
        Change(
            field=str(FIELD_LABELS[name]),
            before=_shown(name, event.before.get(name)),
            after=_shown(name, after.get(name)),
        )
        for name in FIELD_LABELS
        if name in after and event.before.get(name) != after.get(name)
    ]


def project_page(project: Project, year: int, month: int) -> ProjectPage:
    """A project's figures at the end of a month, its year month by month and its reports."""
    series = load_series([project.pk], year)[project.pk]
    rules = current_rules(project.region)
    reports = list(
        MonthlyReport.objects.filter(project=project, year=year)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ReportEvent.objects.select_related("actor").order_by("at", "id"),
            )
        )
        .order_by("month")
    )
    published_months: set[int] = set(
        project.region.publications.filter(year=year).values_list("month", flat=True)
    )
    lines = [
        ReportLine(
            report=r,
            events=[EventLine(event=e, changes=_changes(e)) for e in r.events.all()],
            published=r.month in published_months,
        )
        for r in reports
    ]
    years = sorted(
        set(project.plans.values_list("year", flat=True))
        | set(project.reports.values_list("year", flat=True).distinct())
        | {year}
    )
    return ProjectPage(
        project=project,
        year=year,
        month=month,
        series=series,
        figures=figures(series, month, rules),
        rules=rules,
        months=_month_lines(series, month),
        reports=lines,
        years=years,
        published=is_published(project.region, year, month),
    )


HISTORY_SHOWN = 50


def project_history(project: Project) -> tuple[list[AuditEntry], bool]:
    """The audit trail of a project's four fixes and of its annual plans, newest first: the
    last 50 entries, and whether there are older ones (two queries).

    Its reports keep their own history (the report table's steps, with comments), so their
    entries are not repeated here.
    """
    plans = [
        ObjectRef("projects.investmentplan", str(pk))
        for pk in project.plans.values_list("pk", flat=True)
    ]
    entries = list(history_for_all([project, *plans])[: HISTORY_SHOWN + 1])
    return entries[:HISTORY_SHOWN], len(entries) > HISTORY_SHOWN


def chart_data(page: ProjectPage) -> dict[str, list[Any]]:
    """The year's monthly and cumulative plan and approved completed, as decimal strings."""

    def num(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "months": [line.month for line in page.months],
        "plan": [num(line.plan) for line in page.months],
        "done": [num(line.done) for line in page.months],
        "plan_cumulative": [num(line.plan_cumulative) for line in page.months],
        "done_cumulative": [num(line.done_cumulative) for line in page.months],
    }
