"""Reads for the boards: which region and month a page shows, report gaps, chart series.

The figures themselves come from ``sangua.progress.figures.region_board``; this module adds what
the dashboard and the wall need around them. Every function reads; nothing writes.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.engine.metrics import MONTHS, Light, rate
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import (
    UNIT_ROLES,
    can_see_region,
    district_ids_below,
    is_office,
    scope_district_ids,
)
from sangua.planning.selectors import ScheduleFlags, schedule_flags
from sangua.progress.choices import AWAITING_REVIEW, ReportState
from sangua.progress.figures import ProjectFigures, RankRow, RegionBoard
from sangua.progress.models import MonthlyReport, Publication
from sangua.progress.publication import default_month, published_months
from sangua.progress.services import report_due_date
from sangua.projects.choices import ProjectState
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan, Project

YearMonth = tuple[int, int]


def month_label(year: int, month: int) -> str:
    """A month as people read it ("2013-09"; translators may write "2013年9月")."""
    return _("{year}-{month:02d}").format(year=year, month=month)


def period_value(year: int, month: int) -> str:
    """A month as the ``period`` query parameter spells it."""
    return f"{year}-{month:02d}"


def month_is_over(year: int, month: int, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (year, month) < (today.year, today.month)


# --- Which region a signed-in user looks at ------------------------------------------------


def dashboard_region(*, user: User, code: str | None) -> Region:
    """The region the dashboard shows: the one asked for (within scope), else the user's own.

    A district user sees their district, a unit's people their unit's district, the city office
    the city (and any of its districts on request). Out of scope is refused, not silently replaced.
    """
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404(_("No region with code {code}.").format(code=code))
        if not can_see_region(user, region):
            raise PermissionDenied(_("{name} is outside your data scope.").format(name=region))
        return region
    if user.role in UNIT_ROLES and user.unit is not None:
        return Region.objects.get(pk=user.unit.region_id)
    if user.region_id is not None:
        return Region.objects.get(pk=user.region_id)
    if scope_district_ids(user) is None:  # a superuser without a scope: the first top region
        region = Region.objects.filter(parent__isnull=True).order_by("sort", "code").first()
        if region is not None:
            return region
    raise PermissionDenied(_("Your account has no data scope; ask the key project office."))


def region_choices(*, user: User, region: Region) -> list[Region]:
    """The regions a city user may switch between: the city, then its districts.

    Empty for a district user, who has only their own district to look at.
    """
    city = region if region.level != RegionLevel.DISTRICT else region.parent
    if city is None or not can_see_region(user, city):
        return []
    districts = Region.objects.filter(pk__in=district_ids_below(city)).order_by("sort", "code")
    return [city, *districts]


# --- Months --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthOption:
    """One month of the month picker."""

    year: int
    month: int
    published: bool

    @property
    def value(self) -> str:
        return period_value(self.year, self.month)

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)


def month_options(*, region: Region, include_unpublished: bool) -> list[MonthOption]:
    """The months a picker offers, newest first: those of the years the region has plans for,
    up to the current month. Unpublished months are offered only when asked (the office)."""
    published = published_months(region)
    years = set(
        InvestmentPlan.objects.filter(project__region_id__in=district_ids_below(region))
        .values_list("year", flat=True)
        .distinct()
    )
    years.update(year for year, _month in published)
    today = timezone.localdate()
    options = []
    for year in sorted(years, reverse=True):
        for month in range(MONTHS, 0, -1):
            if (year, month) > (today.year, today.month):
                continue
            is_published = (year, month) in published
            if is_published or include_unpublished:
                options.append(MonthOption(year, month, is_published))
    return options


@dataclass(frozen=True)
class MonthChoice:
    """The month a page shows and why: the one asked for, or the default when that was refused."""

    year: int
    month: int
    published: bool
    refused: YearMonth | None = None  # the month asked for and not shown


def dashboard_month(
    *, region: Region, requested: YearMonth | None, options: list[MonthOption]
) -> MonthChoice:
    """The dashboard's month: the requested one when the picker offers it, else the default."""
    offered = {(o.year, o.month): o for o in options}
    if requested is not None and requested in offered:
        return MonthChoice(*requested, published=offered[requested].published)
    year, month = default_month(region)
    published = (year, month) in offered and offered[(year, month)].published
    refused = requested if requested is not None and requested != (year, month) else None
    return MonthChoice(year, month, published=published, refused=refused)


def adjacent_months(
    options: list[MonthOption], year: int, month: int
) -> tuple[MonthOption | None, MonthOption | None]:
    """The offered months just before and just after the shown one (the picker's arrows)."""
    older = [o for o in options if (o.year, o.month) < (year, month)]
    newer = [o for o in options if (o.year, o.month) > (year, month)]
    return (
        max(older, key=lambda o: (o.year, o.month), default=None),
        min(newer, key=lambda o: (o.year, o.month), default=None),
    )


def wall_month(*, region: Region, requested: YearMonth | None) -> MonthChoice | None:
    """The wall's month: a published month only — the one asked for if published, else the
    latest published; None when the region has published nothing yet."""
    published = published_months(region)
    if requested is not None and requested in published:
        return MonthChoice(*requested, published=True)
    if not published:
        return None
    year, month = max(published)
    refused = requested if requested is not None and requested != (year, month) else None
    return MonthChoice(year, month, published=True, refused=refused)


def published_at(region: Region, year: int, month: int) -> dt.datetime | None:
    """When the month went public (for a city: when its last district published it)."""
    result = Publication.objects.filter(
        region_id__in=district_ids_below(region), year=year, month=month
    ).aggregate(at=Max("published_at"))
    at: dt.datetime | None = result["at"]
    return at


def publish_first(options: list[MonthOption], year: int, month: int) -> MonthOption | None:
    """The month to publish before this one, or None: months go public in order, so the wall
    never skips one. A region with nothing published yet may start from any month."""
    published = [(o.year, o.month) for o in options if o.published]
    if not published:
        return None
    last_year, last_month = max(published)
    following = (last_year + 1, 1) if last_month == 12 else (last_year, last_month + 1)
    return MonthOption(*following, published=False) if (year, month) > following else None


def can_publish(user: User, region: Region) -> bool:
    """Whether the user may publish the region's months (the same rule as ``month_publish``)."""
    if not is_office(user) or region.level != RegionLevel.DISTRICT:
        return False
    scope = scope_district_ids(user)
    return scope is None or region.pk in scope


# --- Late and missing reports --------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """A project whose month's report is missing, or was submitted late."""

    project_id: int
    code: str
    name: str
    unit_code: str
    unit_name: str
    leader: str
    district_code: str
    district_name: str
    plan: Decimal
    report_state: str | None  # None: no report at all
    submitted_on: dt.date | None = None
    days_late: int = 0


@dataclass
class DistrictGaps:
    """The report counts of one district in a month (the city dashboard lists these)."""

    code: str
    name: str
    expected: int = 0
    submitted: int = 0
    missing: int = 0
    late: int = 0
    awaiting_review: int = 0


@dataclass
class ReportGaps:
    """Who has and has not reported a month: counts, the missing and the late (迟报、漏报)."""

    year: int
    month: int
    due_date: dt.date | None
    due_passed: bool
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    awaiting_review: int = 0
    returned: int = 0
    missing: list[GapRow] = field(default_factory=list)
    late: list[GapRow] = field(default_factory=list)
    districts: list[DistrictGaps] = field(default_factory=list)


def _expected(state: str, start: dt.date, plan: Decimal, month_end: dt.date) -> bool:
    """A project owes a report for a month with planned investment, or while it is being built."""
    if plan > 0:
        return True
    return state == ProjectState.UNDER_CONSTRUCTION and start <= month_end


def report_gaps(region: Region, year: int, month: int) -> ReportGaps:
    """The month's missing reports (expected but never submitted) and late ones (first submitted
    after the due date), for a district or every district of a city. Three queries."""
    district_ids = district_ids_below(region)
    month_end = dt.date(year, month, calendar.monthrange(year, month)[1])
    projects = list(
        Project.objects.filter(region_id__in=district_ids)
        .order_by("region__sort", "region__code", "unit__sort", "unit__code", "code")
        .values(
            "id",
            "code",
            "name",
            "state",
            "start_date",
            "unit__code",
            "unit__name",
            "leader__name",
            "leader__post",
            "region__code",
            "region__name",
        )
    )
    month_field = MONTH_FIELDS[month - 1]
    plans = dict(
        InvestmentPlan.objects.filter(project__region_id__in=district_ids, year=year).values_list(
            "project_id", month_field
        )
    )
    reports = {
        row["project_id"]: row
        for row in MonthlyReport.objects.filter(
            project__region_id__in=district_ids, year=year, month=month
        ).values("project_id", "state", "due_date", "first_submitted_at")
    }
    today = timezone.localdate()
    due = report_due_date(year, month)
    gaps = ReportGaps(year=year, month=month, due_date=due, due_passed=today > due)
    districts: dict[str, DistrictGaps] = {}
    for p in projects:
        district = districts.setdefault(
            p["region__code"], DistrictGaps(code=p["region__code"], name=p["region__name"])
        )
        plan = Decimal(plans.get(p["id"]) or 0)
        report = reports.get(p["id"])
        submitted_at = report["first_submitted_at"] if report else None
        row = GapRow(
            project_id=p["id"],
            code=p["code"],
            name=p["name"],
            unit_code=p["unit__code"],
            unit_name=p["unit__name"],
            leader=(
                "{name}（{post}）".format(name=p["leader__name"], post=p["leader__post"])
                if p["leader__name"]
                else p["leader__post"]
            ),
            district_code=p["region__code"],
            district_name=p["region__name"],
            plan=plan,
            report_state=report["state"] if report else None,
        )
        if report is not None and submitted_at is not None:
            gaps.submitted += 1
            district.submitted += 1
            submitted_on = timezone.localdate(submitted_at)
            if submitted_on > report["due_date"]:
                days = (submitted_on - report["due_date"]).days
                gaps.late.append(
                    dataclasses.replace(row, submitted_on=submitted_on, days_late=days)
                )
                district.late += 1
            state = report["state"]
            gaps.approved += state == ReportState.APPROVED
            gaps.returned += state == ReportState.RETURNED
            if state in AWAITING_REVIEW:
                gaps.awaiting_review += 1
                district.awaiting_review += 1
        if _expected(p["state"], p["start_date"], plan, month_end):
            gaps.expected += 1
            district.expected += 1
            if submitted_at is None:
                gaps.missing.append(row)
                district.missing += 1
    gaps.late.sort(key=lambda r: (-r.days_late, r.code))
    gaps.districts = list(districts.values())
    return gaps


# --- Chart series --------------------------------------------------------------------------


def _cumulative(values: tuple[Decimal, ...]) -> list[Decimal]:
    total, out = Decimal(0), []
    for value in values:
        total += value
        out.append(total)
    return out


def cumulative_chart(board: RegionBoard) -> dict[str, Any]:
    """Cumulative plan and completed by month (万元) with the time-progress line, for ECharts.

    Completed stops at the board's month; plan and time progress run to December.
    """
    plan = board.series.plan or (Decimal(0),) * MONTHS
    annual = sum(plan, Decimal(0))
    done = _cumulative(board.series.done)
    return {
        "months": [month_label(board.year, k) for k in range(1, MONTHS + 1)],
        "current": board.month - 1,
        "plan": [float(v) for v in _cumulative(plan)],
        "done": [float(v) if k < board.month else None for k, v in enumerate(done)],
        "time": [float(annual * k / MONTHS) for k in range(1, MONTHS + 1)],
        "names": {
            "plan": _("Cumulative plan"),
            "done": _("Cumulative completed"),
            "time": _("Time progress"),
            "unit": _("10k yuan"),
        },
    }


def rate_chart(board: RegionBoard) -> dict[str, Any]:
    """Completion rate month by month up to the board's month, against time progress (%), for
    the wall: the curve that shows a district catching up."""
    plan = board.series.plan or (Decimal(0),) * MONTHS
    annual = sum(plan, Decimal(0))
    done = _cumulative(board.series.done)
    rates = [rate(done[k], annual) for k in range(board.month)]
    return {
        "months": [str(k) for k in range(1, MONTHS + 1)],
        "rate": [None if r is None else float(r) for r in rates] + [None] * (MONTHS - board.month),
        "time": [round(k * 100 / MONTHS, 2) for k in range(1, MONTHS + 1)],
        "names": {
            "rate": _("Completion rate"),
            "time": _("Time progress"),
            "month": _("Month"),
        },
    }


def light_items(board: RegionBoard) -> list[tuple[str, int]]:
    """The board's light counts in the order people read them: red, yellow, green, grey."""
    order = (Light.RED, Light.YELLOW, Light.GREEN, Light.GREY)
    return [(light.value, board.light_counts.get(light.value, 0)) for light in order]


def bar_scale(board: RegionBoard) -> Decimal:
    """The right end of the ranking bars: 100 %, or the best rate rounded up to ten."""
    best = max(
        (row.figures.completion_rate for row in board.rows if row.figures.completion_rate),
        default=Decimal(100),
    )
    top = max(Decimal(100), best)
    return (top / 10).to_integral_value(rounding=ROUND_CEILING) * 10


# --- Stalled and slow projects -------------------------------------------------------------


@dataclass(frozen=True)
class WatchRow:
    """A stalled or slow project as the boards list it, with its leader and district."""

    project: ProjectFigures
    district_code: str
    district_name: str


WATCH_SHOWN = 8  # stalled (and slow) rows a dashboard shows before "show more"


@dataclass(frozen=True)
class WatchList:
    """The projects to watch (停滞、缓慢): stalled first, then slow, worst plan-to-date rate first."""

    stalled: list[WatchRow]
    slow: list[WatchRow]

    def __len__(self) -> int:
        return len(self.stalled) + len(self.slow)

    @property
    def folded(self) -> int:
        """How many rows the dashboard folds away (beyond WATCH_SHOWN of each kind)."""
        return max(0, len(self.stalled) - WATCH_SHOWN) + max(0, len(self.slow) - WATCH_SHOWN)


def _district_names(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Code and name of each district id (one query; none when there are no ids)."""
    if not ids:
        return {}
    rows = Region.objects.filter(pk__in=ids).values_list("pk", "code", "name")
    return {pk: (code, name) for pk, code, name in rows}


def watch_list(board: RegionBoard) -> WatchList:
    """The board's stalled and slow projects, worst first, each with its district (one query)."""
    names = _district_names(
        {p.region_id for p in board.projects if p.figures.stalled or p.figures.slow}
    )

    def rows(items: list[ProjectFigures]) -> list[WatchRow]:
        items = sorted(
            items,
            key=lambda p: (
                p.figures.plan_to_date_rate or Decimal(0),
                -p.figures.plan_to_date,
                p.code,
            ),
        )
        return [WatchRow(p, *names.get(p.region_id, ("", ""))) for p in items]

    return WatchList(stalled=rows(board.stalled), slow=rows(board.slow))


def rank_columns(rows: list[RankRow], *, per_column: int = 12) -> list[list[RankRow | None]]:
    """Split a ranking into side-by-side columns for the wall, top-down then left-right; the
    last column is padded with None so every column has the same number of rows (they align)."""
    if not rows:
        return []
    count = -(-len(rows) // per_column)
    height = -(-len(rows) // count)
    columns: list[list[RankRow | None]] = [
        list(rows[i : i + height]) for i in range(0, len(rows), height)
    ]
    columns[-1].extend([None] * (height - len(columns[-1])))
    return columns


@dataclass(frozen=True)
class ScheduleWatch:
    """The reverse plans' verdict (挂图作战) beside the investment lights: each project's schedule
    flags, and the projects slow on schedule that the investment watch does not list already."""

    flags: dict[int, ScheduleFlags]
    late: list[WatchRow]


def schedule_watch(board: RegionBoard, watch: WatchList) -> ScheduleWatch:
    """Schedule flags of the board's projects (a fixed number of queries) and the late ones."""
    flags = schedule_flags([p.id for p in board.projects])
    listed = {w.project.id for w in (*watch.stalled, *watch.slow)}
    late = sorted(
        (p for p in board.projects if p.id in flags and flags[p.id].slow and p.id not in listed),
        key=lambda p: (-flags[p.id].overdue, -flags[p.id].behind, p.code),
    )
    names = _district_names({p.region_id for p in late})
    return ScheduleWatch(
        flags=flags, late=[WatchRow(p, *names.get(p.region_id, ("", ""))) for p in late]
    )
