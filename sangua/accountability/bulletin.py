"""The bulletin (通报) of a district (or a city) for a period: its content, as a PDF and as a workbook.

The figures are the wall's (``region_board`` with the rule set in force), at the end of the
period's last month, which must be published. Supervision's summary and unsatisfactory
evaluations appear when the supervision app provides them (``supervision_summary``,
``entries_for``); without it that section is left out.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sangua.core.errors import Conflict
from sangua.core.excel import MONEY_FORMAT, RATE_FORMAT, Column, Sheet, workbook_bytes
from sangua.core.pdf import render_pdf
from sangua.engine.accountability import Period
from sangua.engine.metrics import MONTHS, Light
from sangua.orgs.models import Region
from sangua.progress.figures import ProjectFigures, RankRow, RegionBoard, region_board
from sangua.progress.models import Publication
from sangua.progress.publication import is_published

from .forecasting import RegionForecast, region_forecast
from .models import Finding, RuleSet
from .rules import rule_set_for
from .selectors import period_findings, periods_ending_in
from .templatetags.accountability_format import light_name

LIST_SIZE = 5  # units on the red list at most
HUNDRED = Decimal(100)


# Chart geometry in SVG user units (WeasyPrint runs no JavaScript, so charts are drawn as SVG).
BAR_WIDTH = Decimal(300)  # the longest ranking bar
BAR_ROW = 18  # height of one ranking row
COLUMN_HEIGHT = Decimal(120)  # the tallest monthly column
COLUMN_STEP = 40  # width of one month in the monthly chart


@dataclass(frozen=True)
class Bar:
    """One ranking bar: the completion rate of a unit or district, its light, where it is drawn."""

    label: str
    value: Decimal | None
    width: Decimal
    y: int
    light: str


@dataclass(frozen=True)
class MonthPoint:
    """One month of the cumulative chart: plan and completed, with their column heights."""

    month: int
    plan: Decimal
    done: Decimal | None
    x: int
    plan_height: Decimal
    done_height: Decimal | None

    @property
    def plan_y(self) -> Decimal:
        return COLUMN_HEIGHT - self.plan_height

    @property
    def done_y(self) -> Decimal | None:
        return None if self.done_height is None else COLUMN_HEIGHT - self.done_height


@dataclass
class Bulletin:
    """Everything a bulletin says, in the order it says it."""

    region: Region
    period: Period
    year: int
    month: int
    rule_set: RuleSet
    board: RegionBoard
    issued_on: dt.date
    parent_rank: tuple[int | None, int, str] | None  # (rank, of how many, parent's name)
    red_list: list[RankRow]
    black_list: list[RankRow]
    stalled: list[ProjectFigures]
    slow: list[ProjectFigures]
    findings: list[Finding]
    unclosed: list[str]  # periods ending this month not closed yet
    forecast: RegionForecast
    supervision: Any = None
    supervision_entries: list[Any] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    months: list[MonthPoint] = field(default_factory=list)
    time_tick: Decimal = Decimal(0)
    district_names: dict[int, str] = field(default_factory=dict)

    @property
    def figures(self) -> Any:
        return self.board.figures

    @property
    def ahead_of_time(self) -> Decimal | None:
        """Completion rate minus time progress, in percentage points (positive: ahead)."""
        rate = self.board.figures.completion_rate
        return None if rate is None else rate - self.board.figures.time_progress

    @property
    def issue(self) -> int:
        """The bulletin's number in its year: the month it reports on (第9期)."""
        return self.month

    @property
    def is_city(self) -> bool:
        return not self.region.is_district

    @property
    def filename_stem(self) -> str:
        return f"{self.region.code}-bulletin-{self.period}"

    @property
    def bar_chart_height(self) -> int:
        return len(self.bars) * BAR_ROW


def _supervision(region: Region, period: Period) -> tuple[Any, list[Any]]:
    """Supervision's summary and unsatisfactory evaluations, when that app provides them."""
    try:
        module = importlib.import_module("sangua.supervision.selectors")
    except ImportError:
        return None, []
    summary_of = getattr(module, "supervision_summary", None)
    entries_of = getattr(module, "entries_for", None)
    summary = summary_of(region, period.year, period.last_month) if summary_of else None
    entries = list(entries_of(period=period, region=region)) if entries_of else []
    return summary, entries


def _parent_rank(region: Region, year: int, month: int) -> tuple[int | None, int, str] | None:
    if region.parent is None:
        return None
    board = region_board(region.parent, year, month)
    for row in board.rows:
        if row.code == region.code:
            return row.rank, len(board.rows), region.parent.name
    return None


def _bars(board: RegionBoard) -> tuple[list[Bar], Decimal]:
    """Ranking bars scaled to the best rate (at least 100 %), and where time progress falls."""
    rates = [r.figures.completion_rate for r in board.rows if r.figures.completion_rate]
    scale = max([HUNDRED, *rates])
    tenth = Decimal("0.1")
    bars = [
        Bar(
            label=row.name,
            value=row.figures.completion_rate,
            width=(
                max(row.figures.completion_rate or Decimal(0), Decimal(0)) / scale * BAR_WIDTH
            ).quantize(tenth),
            y=index * BAR_ROW,
            light=row.figures.light.value,
        )
        for index, row in enumerate(board.rows)
    ]
    return bars, (board.figures.time_progress / scale * BAR_WIDTH).quantize(tenth)


def _months(board: RegionBoard) -> list[MonthPoint]:
    plan = board.series.plan or (Decimal(0),) * MONTHS
    plan_cum: list[Decimal] = []
    done_cum: list[Decimal] = []
    p = d = Decimal(0)
    for k in range(MONTHS):
        p += plan[k]
        d += board.series.done[k]
        plan_cum.append(p)
        done_cum.append(d)
    top = max([*plan_cum, *done_cum[: board.month], Decimal(1)])
    tenth = Decimal("0.1")
    return [
        MonthPoint(
            month=k + 1,
            plan=plan_cum[k],
            done=done_cum[k] if k < board.month else None,
            x=k * COLUMN_STEP,
            plan_height=(plan_cum[k] / top * COLUMN_HEIGHT).quantize(tenth),
            done_height=(done_cum[k] / top * COLUMN_HEIGHT).quantize(tenth)
            if k < board.month
            else None,
        )
        for k in range(MONTHS)
    ]


def _issued_on(region: Region, period: Period) -> dt.date:
    published = (
        Publication.objects.filter(region=region, year=period.year, month=period.last_month)
        .values_list("published_at", flat=True)
        .first()
    )
    return timezone.localdate(published) if published else timezone.localdate()


def bulletin_data(region: Region, period: Period) -> Bulletin:
    """Gather a bulletin; its last month must be published (a bulletin reports public figures)."""
    year, month = period.year, period.last_month
    if not is_published(region, year, month):
        raise Conflict(
            "not_published",
            _("{region} has not published {year}-{month:02d}: no bulletin yet.").format(
                region=region.name, year=year, month=month
            ),
        )
    board = region_board(region, year, month)
    ranked = [row for row in board.rows if row.rank is not None]
    red_list = [row for row in ranked if row.figures.light == Light.GREEN][:LIST_SIZE]
    black_list = [row for row in reversed(ranked) if row.figures.light == Light.RED]
    ending = periods_ending_in(year, month)
    if period.kind.value != "month" and str(period) not in ending:
        ending.append(str(period))
    findings = period_findings(region, ending) if region.is_district else []
    closed = {f.period for f in findings} | set(
        region.period_closes.filter(period__in=ending).values_list("period", flat=True)
    )
    summary, entries = _supervision(region, period)
    bars, tick = _bars(board)
    return Bulletin(
        region=region,
        period=period,
        year=year,
        month=month,
        rule_set=rule_set_for(region),
        board=board,
        issued_on=_issued_on(region, period) if region.is_district else timezone.localdate(),
        parent_rank=_parent_rank(region, year, month),
        red_list=red_list,
        black_list=black_list,
        stalled=sorted(board.stalled, key=lambda p: (p.unit_name, p.code)),
        slow=sorted(board.slow, key=lambda p: (p.figures.plan_to_date_rate or 0, p.code)),
        findings=findings,
        unclosed=[p for p in ending if p not in closed] if region.is_district else [],
        forecast=region_forecast(region, year, month),
        supervision=summary,
        supervision_entries=entries,
        bars=bars,
        months=_months(board),
        time_tick=tick,
        district_names=dict(
            Region.objects.filter(pk__in={p.region_id for p in board.projects}).values_list(
                "pk", "name"
            )
        ),
    )


def bulletin_pdf(data: Bulletin, language: str = "zh-hans") -> bytes:
    """The bulletin as a PDF in the style of a government bulletin (red header, Chinese font embedded)."""
    with translation.override(language):
        return render_pdf("accountability/bulletin_pdf.html", {"b": data})


# --- the workbook -----------------------------------------------------------------------------------


def bulletin_sheets(data: Bulletin) -> list[Sheet]:
    """The bulletin's content as sheets: overview, ranking, red and black lists, projects, findings."""
    f = data.board.figures
    heading = _("{region} key projects, {period}").format(
        region=data.region.name, period=data.period.label_zh
    )
    child = _("District") if data.is_city else _("Unit")
    overview = Sheet(
        title=_("Overview"),
        heading=heading,
        columns=[Column(_("Figure"), 28), Column(_("Value"), 20)],
        rows=[
            (_("Annual plan (万元)"), f.annual_plan),
            (_("Completed this year (万元)"), f.completed),
            (_("Completion rate (%)"), f.completion_rate),
            (_("Time progress (%)"), f.time_progress),
            (_("Plan to date (万元)"), f.plan_to_date),
            (_("Plan-to-date rate (%)"), f.plan_to_date_rate),
            (_("Light"), light_name(f.light)),
            (_("Key projects"), len(data.board.projects)),
            (_("Stalled projects"), len(data.stalled)),
            (_("Slow projects"), len(data.slow)),
            *(
                [(_("Rank in {parent}").format(parent=data.parent_rank[2]), data.parent_rank[0])]
                if data.parent_rank
                else []
            ),
            (
                _("Expected at the year end (万元)"),
                data.forecast.year_end.expected,
            ),
            (
                _("Expected completion rate at the year end (%)"),
                data.forecast.year_end.expected_rate,
            ),
            (_("Rule set"), f"{data.rule_set.name} v{data.rule_set.version}"),
        ],
    )
    ranking_columns = [
        Column(_("Rank"), 8),
        Column(child, 22),
        Column(pgettext("count", "Projects"), 9),
        Column(_("Annual plan (万元)"), 16, MONEY_FORMAT),
        Column(_("Completed (万元)"), 16, MONEY_FORMAT),
        Column(_("Completion rate"), 14, RATE_FORMAT),
        Column(_("Plan-to-date rate"), 14, RATE_FORMAT),
        Column(_("Light"), 10),
    ]

    def ranking_rows(rows: list[RankRow]) -> list[tuple[object, ...]]:
        return [
            (
                r.rank,
                r.name,
                r.project_count,
                r.figures.annual_plan,
                r.figures.completed,
                r.figures.completion_rate,
                r.figures.plan_to_date_rate,
                light_name(r.figures.light),
            )
            for r in rows
        ]

    project_columns = [
        Column(_("Project"), 40),
        Column(_("Unit"), 18),
        Column(_("Leader"), 16),
        Column(_("Plan to date (万元)"), 16, MONEY_FORMAT),
        Column(_("Completed (万元)"), 16, MONEY_FORMAT),
        Column(_("Plan-to-date rate"), 14, RATE_FORMAT),
        Column(_("Status"), 10),
    ]
    watch = [
        (
            p.name,
            p.unit_name,
            p.leader,
            p.figures.plan_to_date,
            p.figures.completed,
            p.figures.plan_to_date_rate,
            _("Stalled") if p.figures.stalled else _("Slow"),
        )
        for p in [*data.stalled, *data.slow]
    ]
    sheets = [
        overview,
        Sheet(_("Ranking"), ranking_columns, ranking_rows(data.board.rows), heading=heading),
        Sheet(_("Red list"), ranking_columns, ranking_rows(data.red_list), heading=heading),
        Sheet(_("Black list"), ranking_columns, ranking_rows(data.black_list), heading=heading),
        Sheet(_("Stalled and slow"), project_columns, watch, heading=heading),
        Sheet(
            _("Findings"),
            [
                Column(_("Period"), 10),
                Column(_("Unit"), 20),
                Column(_("Unit head"), 22),
                Column(_("Planned (万元)"), 16, MONEY_FORMAT),
                Column(_("Completed (万元)"), 16, MONEY_FORMAT),
                Column(_("Shortfall (万元)"), 16, MONEY_FORMAT),
                Column(_("Sanction"), 22),
                Column(_("State"), 14),
                Column(_("Rule set version"), 10),
            ],
            [
                (
                    x.period,
                    x.unit.name,
                    x.head_name,
                    x.planned,
                    x.completed,
                    x.shortfall,
                    str(x.get_sanction_display()),
                    str(x.get_state_display()),
                    x.rule_set.version,
                )
                for x in data.findings
            ],
            heading=heading,
            notes=[_("Not closed yet: {periods}").format(periods=", ".join(data.unclosed))]
            if data.unclosed
            else [],
        ),
        Sheet(
            _("Forecast"),
            [
                Column(child, 22),
                Column(_("Annual plan (万元)"), 16, MONEY_FORMAT),
                Column(_("Completed (万元)"), 16, MONEY_FORMAT),
                Column(_("Expected at the year end (万元)"), 18, MONEY_FORMAT),
                Column(_("Low (万元)"), 16, MONEY_FORMAT),
                Column(_("High (万元)"), 16, MONEY_FORMAT),
                Column(_("Expected rate"), 12, RATE_FORMAT),
                Column(_("Needed per remaining month (万元)"), 18, MONEY_FORMAT),
                Column(_("Likely to miss the open quarter"), 12),
            ],
            [
                (
                    line.name,
                    line.year_end.planned,
                    line.year_end.completed,
                    line.year_end.expected,
                    line.year_end.low,
                    line.year_end.high,
                    line.year_end.expected_rate,
                    line.year_end.required_per_month,
                    _("yes") if line.quarter is not None and line.quarter.likely_miss else "",
                )
                for line in data.forecast.children
            ],
            heading=heading,
        ),
    ]
    if data.supervision is not None:
        s = data.supervision
        sheets.append(
            Sheet(
                _("Supervision"),
                [Column(_("Item"), 30), Column(_("Value"), 50)],
                [
                    (_("Open items"), s.open),
                    (_("Overdue items"), s.overdue),
                    (_("Closed this month"), s.closed_this_month),
                    (_("Red placards"), len(s.red_items)),
                    *[(item.code, item.title) for item in s.red_items],
                    *[
                        (_("Unsatisfactory: {unit}").format(unit=e.unit.name), e.item.title)
                        for e in data.supervision_entries
                    ],
                ],
                heading=heading,
            )
        )
    return sheets


def bulletin_xlsx(data: Bulletin, language: str = "zh-hans") -> bytes:
    """The bulletin's content as an Excel workbook."""
    with translation.override(language):
        return workbook_bytes(bulletin_sheets(data))
