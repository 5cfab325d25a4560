"""Reverse plans (倒排计划) as the API shows them: the timetable, baselines, history, templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from sangua.planning.choices import DependencyKind, NodeCalendar, NodeStatus, PlanTemplate

from .common import Id, Text, UnitRef, YearDate


class ProjectBrief(Schema):
    code: str
    name: str


class DependencyOut(Schema):
    node: str = Field(description="The key of the node waited for.")
    name: str
    type: DependencyKind
    lag: int = Field(description="Working days of the successor's calendar.")


class TimetableNodeOut(Schema):
    id: int
    key: str
    name: str
    duration: int = Field(description="Days of the node's calendar; 0 is a milestone.")
    calendar: NodeCalendar
    unit: UnitRef
    after: list[DependencyOut]
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date = Field(description="The latest start that still meets the deadline.")
    late_finish: dt.date
    total_float: int
    critical: bool
    status: NodeStatus | None
    actual_start: dt.date | None
    actual_finish: dt.date | None
    remaining: int | None
    note: str
    baseline_start: dt.date | None = Field(description="Start in the compared baseline.")
    baseline_finish: dt.date | None
    start_slip: int | None = Field(description="Calendar days later (+) than the baseline.")
    finish_slip: int | None
    can_report: bool = Field(description="Whether you may report this node's progress.")


class ScheduleOut(Schema):
    start: dt.date
    finish: dt.date
    deadline: dt.date
    feasible: bool
    overrun_days: int
    critical_path: list[str] = Field(description="The critical nodes' keys.")


class ComparisonOut(Schema):
    baseline: int = Field(description="The compared baseline's number.")
    finish_slip: int = Field(description="Calendar days the plan's finish moved since then.")
    slipped: list[str] = Field(description="Keys of nodes that start or finish later.")
    gained: list[str] = Field(description="Keys of nodes that finish earlier.")
    added: list[str]
    removed: list[str]


class TimetableOut(Schema):
    project: ProjectBrief
    has_plan: bool
    template: str
    start: dt.date | None = Field(description="Not before (the plan's start), if set.")
    deadline: dt.date | None
    status_date: dt.date | None = Field(description="The date progress is measured on (数据日期).")
    schedule: ScheduleOut | None
    error: str | None = Field(description="Why the plan cannot be scheduled, if it cannot.")
    counts: dict[str, int] = Field(description="Nodes by status.")
    can_manage: bool = Field(description="Whether you may change the plan (the office).")
    nodes: list[TimetableNodeOut]
    comparison: ComparisonOut | None


class TimetableQuery(Schema):
    as_of: YearDate | None = Field(None, description="Schedule on this date instead.")
    baseline: int | None = Field(
        None, ge=0, le=10**6, description="Compare with this baseline (0: none; default: latest)."
    )


class GenerateIn(Schema):
    template: PlanTemplate
    deadline: YearDate
    status_date: YearDate | None = None
    replace: bool = Field(False, description="Replace a plan that has no progress yet.")


class PlanDatesIn(Schema):
    deadline: YearDate | None = None
    start: YearDate | None = None
    status_date: YearDate | None = None


class DependencyIn(Schema):
    node: Text = Field(max_length=32, description="The key of a node of the same plan.")
    type: DependencyKind = DependencyKind.FS
    lag: int = Field(0, ge=0, le=3650)


class NodeIn(Schema):
    name: Text = Field(min_length=1, max_length=100)
    duration: int = Field(ge=0, le=3650)
    calendar: NodeCalendar = NodeCalendar.CALENDAR_DAYS
    unit: Text | None = Field(
        None, max_length=24, description="The responsible unit's code (default: the owner)."
    )
    after: list[DependencyIn] = Field(default_factory=list, max_length=200)
    note: Text = Field("", max_length=500)
    sort: int | None = Field(None, ge=0, le=10**6)


class ProgressIn(Schema):
    actual_start: YearDate | None = None
    actual_finish: YearDate | None = None
    remaining: int | None = Field(None, ge=0, le=3650)
    note: Text | None = Field(None, max_length=500)


class BaselineIn(Schema):
    name: Text = Field("", max_length=100)


class BaselineOut(Schema):
    number: int
    name: str
    saved_at: dt.datetime
    saved_by: str | None
    start: dt.date | None
    deadline: dt.date
    status_date: dt.date
    finish: dt.date
    feasible: bool


class BaselinePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[BaselineOut]


class BaselineNodeOut(Schema):
    key: str
    name: str
    unit: str
    duration: int
    calendar: NodeCalendar
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float: int
    critical: bool
    status: str
    actual_start: dt.date | None
    actual_finish: dt.date | None


class BaselineDetailOut(BaselineOut):
    nodes: list[BaselineNodeOut]


class PlanEventOut(Schema):
    action: str
    node: str = Field(description="The node's name, for node changes.")
    by: str | None
    at: dt.datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str


class PlanEventPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PlanEventOut]


class TemplateStepOut(Schema):
    key: str
    name: str
    duration: int
    calendar: NodeCalendar
    unit: str | None = Field(description="The department suffix; null: the project's own unit.")
    after: list[DependencyOut]


class PlanTemplateOut(Schema):
    code: PlanTemplate
    label: str
    steps: list[TemplateStepOut]


class PlanTemplatePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PlanTemplateOut]


class MapProjectOut(Schema):
    project: ProjectBrief
    unit: UnitRef
    status_date: dt.date
    counts: dict[str, int]
    worst: NodeStatus | None
    late_nodes: list[str]
    finish: dt.date | None
    deadline: dt.date | None
    feasible: bool
    error: str | None


class LateNodeOut(Schema):
    project: ProjectBrief
    node: str
    unit: str
    status: NodeStatus | None
    late_start: dt.date
    late_finish: dt.date


class BattleMapOut(Schema):
    title: str
    status_date: dt.date
    counts: dict[str, int]
    node_count: int
    projects: list[MapProjectOut]
    late: list[LateNodeOut] = Field(description="Nodes behind or overdue, worst first.")


class MapQuery(Schema):
    as_of: YearDate | None = None


NodeId = Id
