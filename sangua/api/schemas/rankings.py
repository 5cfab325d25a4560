"""A region's figures and the ranking of its children (排名)."""

from __future__ import annotations

from ninja import Field, Schema

from .common import Money, Rate


class FigureFields(Schema):
    """The figures of SPEC §3, as every answer about a region, unit or project gives them."""

    annual_plan: Money = Field(description="A: the annual plan, 万元.")
    plan_to_date: Money = Field(description="P: the plan of months 1..m, 万元.")
    completed: Money = Field(description="D: approved completed amounts of months 1..m, 万元.")
    completion_rate: Rate = Field(description="D / A × 100, percent; null when A = 0.")
    time_progress: float = Field(description="m / 12 × 100, percent.")
    plan_to_date_rate: Rate = Field(description="D / P × 100, percent; null when P = 0.")
    light: str = Field(description="grey, red, yellow or green.")
    stalled: bool
    slow: bool


class FiguresOut(FigureFields):
    project_count: int


class RankRowOut(FiguresOut):
    code: str
    name: str
    rank: int | None = Field(description="1 is best; shared on ties; null when A = 0 (last).")


class RankingOut(Schema):
    region: str = Field(description="The ranked region's code.")
    name: str
    period: str = Field(description="YYYY-MM")
    published: bool = Field(description="Whether this month is published for the region.")
    child_kind: str = Field(description="unit (a district's units) or district (a city's).")
    totals: FiguresOut
    rows: list[RankRowOut]
