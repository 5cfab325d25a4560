"""Monthly reports (月报) and their history, and the publication of a month (发布)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from sangua.progress.choices import ReportState

from .common import Id, Money, MoneyIn, MonthIn, RegionRef, Text, UnitRef, YearIn


class ReportIn(Schema):
    project: Text = Field(max_length=32, description="The project's code.")
    year: int = Field(ge=0, le=10**4)
    month: int = Field(ge=0, le=100)
    amount: MoneyIn = Field(description="Investment completed in the month, 万元.")
    progress: Text = Field("", description="Physical progress (形象进度).")
    problems: Text = ""


class ApproveIn(Schema):
    comment: Text = ""


class ApproveManyIn(Schema):
    reports: list[Id] = Field(
        min_length=1, max_length=500, description="The ids of the reports to approve (at most 500)."
    )
    comment: Text = ""


class RefusedOut(Schema):
    id: int
    code: str = Field(description="The stable error code, as a single approval would answer.")
    message: str


class ReturnIn(Schema):
    comment: Text = Field("", description="Required: what the unit must fix.")


class AmendIn(Schema):
    amount: MoneyIn
    progress: Text | None = None
    problems: Text | None = None
    reason: Text = Field("", description="Required when the month is published.")


class ReportFilterIn(Schema):
    project: Text | None = Field(None, max_length=32, description="A project's code.")
    year: YearIn | None = None
    month: MonthIn | None = None
    state: ReportState | None = None


class ProjectRef(Schema):
    code: str
    name: str


class ReportOut(Schema):
    id: int
    project: ProjectRef
    unit: UnitRef
    year: int
    month: int
    amount: Money
    progress: str
    problems: str
    state: str
    due_date: dt.date
    late: bool
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_comment: str


class ApproveManyOut(Schema):
    approved: list[ReportOut]
    refused: list[RefusedOut]


class ReportPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReportOut]


class EventOut(Schema):
    action: str
    by: str | None = Field(description="The username of who did it.")
    at: dt.datetime
    comment: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class ReportDetailOut(ReportOut):
    events: list[EventOut]


class PublicationIn(Schema):
    region: Text = Field(max_length=12, description="A district's code.")
    year: YearIn
    month: int = Field(ge=0, le=100)


class PublicationOut(Schema):
    region: RegionRef
    year: int
    month: int
    published_at: dt.datetime
    published_by: str | None
