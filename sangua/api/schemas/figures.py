"""A region's month as the dashboard and the wall show it: figures, lights, projects to watch."""

from __future__ import annotations

from ninja import Field, Schema

from sangua.engine.metrics import Light
from sangua.projects.choices import ProjectCategory

from .common import Money, Rate, RegionRef, Text, UnitRef
from .rankings import FiguresOut


class LightCountsOut(Schema):
    green: int
    yellow: int
    red: int
    grey: int


class RegionFiguresOut(Schema):
    region: RegionRef
    period: str = Field(description="YYYY-MM")
    published: bool = Field(description="Whether the month is published for the region.")
    figures: FiguresOut = Field(description="The region's figures: the sums of its projects.")
    light_counts: LightCountsOut = Field(description="Projects by light (红黄绿灯).")
    stalled_count: int = Field(description="Stalled projects (停滞): see /figures/projects.")
    slow_count: int = Field(description="Slow projects (进度缓慢).")


class FiguresQuery(Schema):
    region: Text = Field(max_length=12, description="A city's or a district's code.")
    period: Text | None = Field(
        None, max_length=16, description="YYYY-MM; by default the region's latest published month."
    )


class ProjectFiguresQuery(FiguresQuery):
    light: Light | None = Field(None, description="Only projects with this light.")
    unit: Text | None = Field(None, max_length=24, description="Only this unit's projects.")
    category: ProjectCategory | None = None
    watch: str | None = Field(
        None,
        pattern="^(stalled|slow)$",
        description="stalled or slow: the dashboard's watch list, worst plan-to-date rate first.",
    )


class ProjectFiguresOut(Schema):
    code: str
    name: str
    district: RegionRef
    unit: UnitRef
    leader: str = Field(description="The leading leader (挂帅领导), by post.")
    annual_plan: Money
    plan_to_date: Money
    completed: Money
    completion_rate: Rate
    time_progress: float
    plan_to_date_rate: Rate
    light: str
    stalled: bool
    slow: bool


class ProjectFiguresPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProjectFiguresOut]
