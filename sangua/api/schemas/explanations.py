"""The explanations behind the figures: why a light or a rank ("why is this red?", /why) and where
the year will end (/forecast). Money in 万元 and rates in percent, JSON numbers with 2 decimals."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .common import Money, Rate, RegionRef, Text, UnitRef
from .rankings import FigureFields

# --- query ------------------------------------------------------------------------------------------


class WhyQuery(Schema):
    period: Text | None = Field(
        None,
        max_length=16,
        description=(
            "YYYY-MM; by default the latest month published for the region (for a ranking: "
            "of the region ranked in)."
        ),
    )


class ForecastQuery(Schema):
    region: Text = Field(max_length=12, description="A district's or a city's code.")
    period: Text | None = Field(
        None,
        max_length=16,
        description="YYYY-MM, the month the forecast is made at the end of; by default the "
        "region's latest published month.",
    )


# --- "why is this red?" -------------------------------------------------------------------------------


class WhyRulesOut(Schema):
    """The rule set (考核规则) whose thresholds decided, with its version."""

    version: int
    name: str
    region: str | None = Field(description="Whose rules: a region's code; null: the default.")
    red_below: float = Field(description="Red below this plan-to-date rate (percent).")
    green_from: float = Field(description="Green from this plan-to-date rate (percent).")
    stall_months: int = Field(description="Stalled after this many planned months without work.")
    in_force_since: dt.datetime | None


class WhyFiguresOut(FigureFields):
    stall_months: list[int] = Field(
        description="The months the stall rule looked at: the last planned months up to m."
    )


class WhyReportOut(Schema):
    """A monthly report behind a month's number: counted only when approved."""

    id: int = Field(description="The report's id (GET /reports/{id}).")
    project: str = Field(description="The project's code.")
    project_name: str
    amount: Money
    state: str = Field(description="draft, submitted, returned or approved.")
    state_label: str
    counted: bool = Field(description="Approved: part of the completed amount.")


class WhyMonthOut(Schema):
    month: int
    plan: Money | None = Field(description="Planned for the month; null without a plan.")
    done: Money = Field(description="Approved completed amount of the month.")
    plan_cumulative: Money | None
    done_cumulative: Money
    counted: bool = Field(description="Within 1..m: part of the figures.")
    examined_for_stall: bool = Field(description="One of the months the stall rule looked at.")
    reports: list[WhyReportOut] = Field(
        description="The reports of the month (of the project or the unit's projects; a "
        "region's answer lists none: see its members)."
    )


class WhyMemberOut(Schema):
    """A part of the sum: a unit's project, a district's unit or a city's district."""

    code: str
    name: str
    detail: str = Field(description="A project's unit, a unit's head; empty for a district.")
    figures: WhyFiguresOut
    plan: list[Money] | None = Field(description="12 planned amounts; null without a plan.")
    done: list[Money] = Field(description="12 approved completed amounts.")


class WhyLightOut(Schema):
    kind: str = Field(description="project, unit or region.")
    code: str
    name: str
    region: RegionRef = Field(description="The district (or city) it belongs to, or itself.")
    unit: UnitRef | None = Field(description="A project's unit; null otherwise.")
    period: str = Field(description="YYYY-MM")
    published: bool = Field(description="Whether the month is published for the region.")
    rules: WhyRulesOut
    figures: WhyFiguresOut
    reasons: list[str] = Field(
        description=(
            "The clauses that decided the light, in order: no_plan or nothing_planned_to_date "
            "(grey); stalled; below_red, below_green or at_green (the plan-to-date rate against "
            "the thresholds); not_stalled or too_few_planned_months."
        )
    )
    gap_to_yellow: Money | None = Field(
        description="More approved completion that would have reached the red threshold."
    )
    gap_to_green: Money | None = Field(
        description="More approved completion that would have reached the green threshold."
    )
    months: list[WhyMonthOut] = Field(description="January to December of the year.")
    member_kind: str | None = Field(
        description="project (a unit's), unit (a district's), district (a city's); null for a "
        "project."
    )
    members: list[WhyMemberOut]


class WhyRankLineOut(Schema):
    code: str
    name: str
    rank: int | None = Field(description="1 is best; null when A = 0 (listed last).")
    shares_rank: bool
    is_subject: bool
    annual_plan: Money
    completed: Money
    completion_rate: Rate
    plan_to_date_rate: Rate
    light: str


class WhyRankOut(Schema):
    kind: str = Field(description="unit (ranked in its district) or district (in its city).")
    code: str
    name: str
    parent: RegionRef = Field(description="The region whose units or districts are ranked.")
    period: str = Field(description="YYYY-MM")
    published: bool = Field(description="Whether the month is published for the parent.")
    rules: WhyRulesOut = Field(description="The rules of the lights shown.")
    rank: int | None = Field(description="The subject's rank; null: not ranked (A = 0).")
    ranked_count: int = Field(description="How many are listed (ranked or not).")
    above: str | None = Field(description="The code of the one ranked just above.")
    below: str | None = Field(description="The code of the one ranked just below.")
    tie_broken_by: str | None = Field(
        description="When a neighbour shows the same rate: completed (the larger amount "
        "completed decided), shared (same amount: same rank) or code."
    )
    lines: list[WhyRankLineOut] = Field(description="The whole ranking, best first.")


# --- the year-end forecast ------------------------------------------------------------------------------


class RequiredMonthOut(Schema):
    month: int
    amount: Money


class ForecastOut(Schema):
    """Completion over months start..target, forecast at the end of month m."""

    month: int = Field(description="m: the forecast is made at the end of this month.")
    start: int
    target: int = Field(description="12 for the year end; a quarter's last month.")
    planned: Money = Field(description="The plan of months start..target.")
    completed: Money = Field(description="Approved completion of months start..m.")
    remaining_plan: Money = Field(description="The plan of months m+1..target.")
    expected: Money
    low: Money
    high: Money
    expected_rate: Rate = Field(description="expected / planned × 100; null when nothing planned.")
    low_rate: Rate
    high_rate: Rate
    realisation: float = Field(
        description="The share of the remaining plan expected to be done, percent."
    )
    method: str = Field(
        description="history (the usual monthly profile of past years), plan (the remaining "
        "plan at the recent pace) or settled (nothing left to forecast)."
    )
    years: list[int] = Field(description="The past years the history method used.")
    likely_miss: bool = Field(description="Expected below the plan: a pre-warning (预警).")
    expected_shortfall: Money
    gap: Money = Field(description="What is still to complete to reach the plan.")
    required: list[RequiredMonthOut] = Field(
        description="The reverse plan for money: what each remaining month must complete, "
        "spread like the remaining plan."
    )
    required_per_month: Money | None = Field(
        description="The gap spread evenly over the remaining months; null when none remain."
    )


class ForecastLineOut(Schema):
    """A unit's, a district's or a project's forecasts."""

    code: str
    name: str
    unit_name: str = Field(description="A project's unit; a unit's or district's own name.")
    leader: str = Field(description="A project's leader, a unit's head (by post).")
    year_end: ForecastOut
    quarter: ForecastOut | None = Field(description="The open quarter; null when none is.")


class RegionForecastOut(Schema):
    region: RegionRef
    period: str = Field(description="YYYY-MM")
    published: bool = Field(description="Whether the month is published for the region.")
    child_kind: str = Field(description="unit (a district's) or district (a city's).")
    year_end: ForecastOut
    quarter: ForecastOut | None
    quarter_label: str | None = Field(description="The open quarter, e.g. 2013-Q4.")
    history_years: list[int] = Field(description="The past years the region's forecast used.")
    children: list[ForecastLineOut]
    warnings: list[ForecastLineOut] = Field(
        description="Children likely to miss the open quarter's plan, largest expected "
        "shortfall first (季度预警)."
    )
    projects: list[ForecastLineOut] = Field(description="Every project with a plan for the year.")
