"""Reads for the report pages: a unit's month, one report form's numbers, the review queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, QuerySet
from django.utils import timezone

from sangua.engine.metrics import rate
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import scope_district_ids
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan, Project

from .choices import AWAITING_REVIEW, ReportState
from .figures import current_rules, load_series
from .models import MonthlyReport, Publication
from .publication import default_month, latest_published
from .services import report_due_date

ZERO = Decimal("0.00")


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _this_month() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


def unit_default_month(user: User, projects: QuerySet[Project]) -> tuple[int, int]:
    """The month a unit's report page opens on.

    The month after the district's latest published one, while the unit still has reports of it
    to write or send; otherwise the usual default (the latest published month).
    """
    region = user.unit.region if user.unit is not None else user.region
    latest = latest_published(region) if region is not None else None
    if latest is not None:
        candidate = _next_month(*latest)
        if candidate <= _this_month():
            sent = MonthlyReport.objects.filter(
                project__in=projects,
                year=candidate[0],
                month=candidate[1],
                state__in=(*AWAITING_REVIEW, ReportState.APPROVED),
            ).count()
            if sent < projects.count():
                return candidate
    return default_month(region)


def _month_plans(project_ids: list[int], year: int, month: int) -> dict[int, Decimal]:
    field = MONTH_FIELDS[month - 1]
    return {
        pid: Decimal(amount)
        for pid, amount in InvestmentPlan.objects.filter(
            project_id__in=project_ids, year=year
        ).values_list("project_id", field)
    }


@dataclass(frozen=True)
class UnitMonthRow:
    """One of a unit's projects in a month: its plan and its report (None when not yet written)."""

    project: Project
    plan: Decimal | None
    report: MonthlyReport | None

    @property
    def state(self) -> str:
        return self.report.state if self.report is not None else ""

    @property
    def editable(self) -> bool:
        return self.report is None or self.report.state in (
            ReportState.DRAFT,
            ReportState.RETURNED,
        )


def unit_month(projects: QuerySet[Project], year: int, month: int) -> list[UnitMonthRow]:
    """A unit's projects with their plan and report of the month (three queries)."""
    items = list(projects.select_related("leader").order_by("code"))
    ids = [p.pk for p in items]
    plans = _month_plans(ids, year, month)
    reports = {
        r.project_id: r
        for r in MonthlyReport.objects.filter(project_id__in=ids, year=year, month=month)
    }
    return [UnitMonthRow(project=p, plan=plans.get(p.pk), report=reports.get(p.pk)) for p in items]


@dataclass(frozen=True)
class FormNumbers:
    """What the report form shows and recomputes as the amount is typed."""

    year: int
    month: int
    plan_month: Decimal | None
    plan_to_date: Decimal
    annual: Decimal
    done_before: Decimal  # approved completed in the year's other months up to this one
    has_plan: bool
    due_date: dt.date
    red_below: Decimal
    green_from: Decimal

    def rate_class(self, value: Decimal | None) -> str:
        """The colour of a plan-to-date rate under the district's light thresholds."""
        if value is None:
            return ""
        if value < self.red_below:
            return "rate-red"
        return "rate-yellow" if value < self.green_from else "rate-green"

    def with_amount(self, amount: Decimal | None) -> dict[str, Decimal | str | None]:
        """The figures once this month's amount is counted (what the form shows before typing)."""
        this = amount if amount is not None else ZERO
        total = self.done_before + this
        plan_to_date_rate = rate(total, self.plan_to_date)
        return {
            "amount": this,
            "ytd": total,
            "month_rate": rate(this, self.plan_month) if self.plan_month else None,
            "plan_to_date_rate": plan_to_date_rate,
            "completion_rate": rate(total, self.annual),
            "rate_class": self.rate_class(plan_to_date_rate),
        }

    def as_json(self) -> dict[str, str | bool]:
        return {
            "plan_month": str(self.plan_month or ZERO),
            "plan_to_date": str(self.plan_to_date),
            "annual": str(self.annual),
            "done_before": str(self.done_before),
            "has_plan": self.has_plan,
            "red_below": str(self.red_below),
            "green_from": str(self.green_from),
        }


def form_numbers(project: Project, year: int, month: int) -> FormNumbers:
    """The month's plan, plan to date, annual plan and the approved amount of the other months."""
    series = load_series([project.pk], year)[project.pk]
    rules = current_rules(project.region)
    plan = series.plan
    done_before = sum(
        (series.done[k] for k in range(month) if k != month - 1),
        ZERO,
    )
    return FormNumbers(
        year=year,
        month=month,
        plan_month=plan[month - 1] if plan is not None else None,
        plan_to_date=sum(plan[:month], ZERO) if plan is not None else ZERO,
        annual=sum(plan, ZERO) if plan is not None else ZERO,
        done_before=done_before,
        has_plan=plan is not None,
        due_date=report_due_date(year, month),
        red_below=rules.red_below,
        green_from=rules.green_from,
    )


@dataclass(frozen=True)
class QueueRow:
    """A report awaiting review, with its month's plan."""

    report: MonthlyReport
    plan: Decimal | None

    @property
    def share(self) -> Decimal | None:
        """The amount as a percentage of the month's plan (None without a plan)."""
        return rate(self.report.amount, self.plan) if self.plan else None


def review_queue(
    user: User, *, period: tuple[int, int] | None = None, region: Region | None = None
) -> list[QueueRow]:
    """Reports awaiting the office's review in its scope, oldest month first (three queries)."""
    reports = MonthlyReport.objects.filter(state__in=AWAITING_REVIEW).select_related(
        "project__unit", "project__region", "submitted_by"
    )
    scope = scope_district_ids(user)
    if scope is not None:
        reports = reports.filter(project__region_id__in=scope)
    if region is not None:
        reports = reports.filter(project__region=region)
    if period is not None:
        reports = reports.filter(year=period[0], month=period[1])
    items = list(reports.order_by("year", "month", "project__code"))
    plans: dict[tuple[int, int], InvestmentPlan] = {
        (plan.project_id, plan.year): plan
        for plan in InvestmentPlan.objects.filter(
            project_id__in={r.project_id for r in items}, year__in={r.year for r in items}
        )
    }
    rows = []
    for report in items:
        plan = plans.get((report.project_id, report.year))
        rows.append(QueueRow(report=report, plan=plan.months[report.month - 1] if plan else None))
    return rows


def queue_row(report: MonthlyReport) -> QueueRow:
    """One report as a queue row, re-read (after a refused step the page shows it as it is)."""
    report.refresh_from_db()
    plan = InvestmentPlan.objects.filter(project_id=report.project_id, year=report.year).first()
    return QueueRow(report=report, plan=plan.months[report.month - 1] if plan else None)


def queue_months(user: User) -> list[tuple[int, int, int]]:
    """(year, month, count) of the months with reports awaiting review in the user's scope."""
    reports = MonthlyReport.objects.filter(state__in=AWAITING_REVIEW)
    scope = scope_district_ids(user)
    if scope is not None:
        reports = reports.filter(project__region_id__in=scope)
    return [
        (row["year"], row["month"], row["n"])
        for row in reports.values("year", "month").annotate(n=Count("id")).order_by("year", "month")
    ]


@dataclass(frozen=True)
class PublishCandidate:
    """A district's next month to publish: reports still awaiting review, projects not reported.

    ``missing`` counts projects without a submitted report (none, a draft, or a returned one).
    """

    region: Region
    year: int
    month: int
    waiting: int
    missing: int


def publish_candidates(user: User) -> list[PublishCandidate]:
    """For each district in scope, the month after its latest published one, once that month is over."""
    scope = scope_district_ids(user)
    districts = Region.objects.filter(level="district")
    if scope is not None:
        districts = districts.filter(pk__in=scope)
    latest = dict(
        Publication.objects.filter(region__in=districts)
        .values("region_id")
        .annotate(last=Max(F("year") * 100 + F("month")))
        .values_list("region_id", "last")
    )
    this_month = _this_month()
    wanted: dict[int, tuple[int, int]] = {}
    for region_id, last in latest.items():
        candidate = _next_month(last // 100, last % 100)
        if candidate < this_month:
            wanted[region_id] = candidate
    if not wanted:
        return []
    waiting: dict[int, int] = {}
    reported: dict[int, int] = {}
    rows = (
        MonthlyReport.objects.filter(
            project__region_id__in=wanted.keys(),
            year__in={y for y, _m in wanted.values()},
            month__in={m for _y, m in wanted.values()},
        )
        .values("project__region_id", "year", "month", "state")
        .annotate(n=Count("id"))
    )
    for row in rows:
        region_id = row["project__region_id"]
        if wanted[region_id] != (row["year"], row["month"]):
            continue
        if row["state"] in AWAITING_REVIEW:
            waiting[region_id] = waiting.get(region_id, 0) + row["n"]
        if row["state"] != ReportState.DRAFT:  # drafts and returned ones are not in yet
            if row["state"] != ReportState.RETURNED:
                reported[region_id] = reported.get(region_id, 0) + row["n"]
    projects = dict(
        Project.objects.filter(region_id__in=wanted.keys())
        .values("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    return [
        PublishCandidate(
            region=region,
            year=wanted[region.pk][0],
            month=wanted[region.pk][1],
            waiting=waiting.get(region.pk, 0),
            missing=max(projects.get(region.pk, 0) - reported.get(region.pk, 0), 0),
        )
        for region in districts.order_by("sort", "code")
        if region.pk in wanted
    ]
