"""Reads for the boards' panels from the other two hangings: supervision (挂牌督战) and
accountability (评判问责) — red-placard items, findings and the period-close action, pre-warnings.

Each panel asks the owning app's selectors and adds only what a board needs around them (days
overdue, which links the viewer may follow); a fixed number of queries whatever the number of
items or findings. Every function reads; nothing writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from sangua.accountability.choices import FindingState
from sangua.accountability.forecasting import Line, region_forecast
from sangua.accountability.models import Finding, PeriodClose
from sangua.accountability.permissions import can_close
from sangua.accountability.selectors import period_findings, periods_ending_in
from sangua.engine.accountability import Period
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import UNIT_ROLES, district_ids_below
from sangua.supervision.selectors import SupervisionSummary, supervision_summary, visible_items
from sangua.supervision.workdays import working_days_overdue

YearMonth = tuple[int, int]

WALL_RED_SHOWN = 3  # red-placard items the wall names (the count says how many in all)
WARNINGS_SHOWN = 8  # pre-warned units the dashboard lists before "and N more"


# --- supervision (挂牌督战) -------------------------------------------------------------------


@dataclass(frozen=True)
class RedItem:
    """A red-placard item as the boards list it: who owns it and how late it is."""

    pk: int
    code: str
    title: str
    project: str | None
    unit: str | None
    deadline: dt.date | None
    days_overdue: int  # working days past the deadline at the end of the month (or today)
    linked: bool  # whether the viewer may open the item's page


@dataclass(frozen=True)
class SupervisionPanel:
    """The supervision summary of a region and month, with its red-placard items."""

    summary: SupervisionSummary
    red: list[RedItem]

    @property
    def closed_this_month(self) -> int:
        return self.summary.closed_this_month

    @property
    def open(self) -> int:
        return self.summary.open

    @property
    def overdue(self) -> int:
        return self.summary.overdue

    @property
    def as_of(self) -> dt.date:
        return timezone.localtime(self.summary.as_of).date()

    @property
    def red_shown(self) -> list[RedItem]:
        """The first few red items, for the wall."""
        return self.red[:WALL_RED_SHOWN]

    @property
    def red_more(self) -> int:
        return max(0, len(self.red) - WALL_RED_SHOWN)


def supervision_panel(
    region: Region, year: int, month: int, user: User | None = None
) -> SupervisionPanel:
    """Red-placard items open at the end of the month (placards as they stood then), the open,
    overdue and closed-this-month counts; links only to the items the user may open (none on the
    public wall). Six queries or seven, however many items."""
    summary = supervision_summary(region, year, month)
    as_of = timezone.localtime(summary.as_of).date()
    ids = [item.pk for item in summary.red_items]
    linked: set[int] = set()
    if user is not None and ids:
        linked = set(visible_items(user).filter(pk__in=ids).values_list("pk", flat=True))
    red = [
        RedItem(
            pk=item.pk,
            code=item.code,
            title=item.title,
            project=item.project,
            unit=item.unit,
            deadline=item.deadline,
            days_overdue=working_days_overdue(item.deadline, as_of) if item.deadline else 0,
            linked=item.pk in linked,
        )
        for item in summary.red_items
    ]
    red.sort(key=lambda r: (-r.days_overdue, r.code))
    return SupervisionPanel(summary=summary, red=red)


# --- accountability (评判问责) ----------------------------------------------------------------


@dataclass(frozen=True)
class CloseChoice:
    """A period ending in the month that the office may close from the dashboard."""

    period: str
    last_run: PeriodClose | None  # the latest close of the period, if it was closed before


@dataclass(frozen=True)
class FindingsPanel:
    """The findings of the periods ending in a month, and the periods the viewer may close."""

    periods: list[str]
    findings: list[Finding]
    close: list[CloseChoice] = field(default_factory=list)
    unclosed: list[str] = field(default_factory=list)  # periods ending here not closed yet


def _closable(period: str, published: set[YearMonth]) -> bool:
    """Every month of the period is published (the service refuses the others)."""
    parsed = Period.parse(period)
    return all((parsed.year, m) in published for m in parsed.months)


def findings_panel(
    *, user: User, region: Region, year: int, month: int, published: set[YearMonth]
) -> FindingsPanel:
    """Findings (问责记录) of the month and of the quarter, half-year or year ending in it,
    withdrawn ones left out; a unit's people see their own unit's only. For the office of a
    district and a published month, the periods it may close here (month, and the quarter,
    half-year or year ending in it when all their months are published)."""
    periods = periods_ending_in(year, month)
    if region.is_district:
        findings = period_findings(region, periods)
    else:
        findings = list(
            Finding.objects.filter(region_id__in=district_ids_below(region), period__in=periods)
            .exclude(state=FindingState.WITHDRAWN)
            .select_related("unit", "rule_set", "head", "region")
            .order_by("year", "period", "region__sort", "region__code", "unit__sort", "unit__code")
        )
    if user.role in UNIT_ROLES:
        findings = [f for f in findings if f.unit_id == user.unit_id]
    close: list[CloseChoice] = []
    unclosed: list[str] = []
    if region.is_district and (year, month) in published and can_close(user, region):
        runs: dict[str, PeriodClose] = {}
        for run in PeriodClose.objects.filter(region=region, period__in=periods).order_by("run"):
            runs[run.period] = run  # the latest run of each period wins
        close = [
            CloseChoice(period=p, last_run=runs.get(p)) for p in periods if _closable(p, published)
        ]
        unclosed = [c.period for c in close if c.last_run is None]
    return FindingsPanel(periods=periods, findings=findings, close=close, unclosed=unclosed)


@dataclass(frozen=True)
class WarningsPanel:
    """Units (or a city's districts) likely to miss the open quarter's plan (预警)."""

    quarter: str | None  # 2013-Q4; None when no quarter is open (December)
    rows: list[Line]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def warnings_panel(region: Region, year: int, month: int) -> WarningsPanel:
    """The forecast's pre-warning list at the end of the month, largest expected shortfall first."""
    forecast = region_forecast(region, year, month)
    warnings = forecast.warnings
    return WarningsPanel(
        quarter=forecast.quarter_label, rows=warnings[:WARNINGS_SHOWN], total=len(warnings)
    )
