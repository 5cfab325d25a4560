"""Key projects (重点项目) with their four fixes, plans and approved monthly amounts."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from sangua.projects.choices import ProjectCategory, ProjectState

from .common import Id, Money, MoneyIn, PersonOut, RegionRef, Text, UnitRef, YearDate


class ProjectFilterIn(Schema):
    region: Text | None = Field(
        None, description="A district's code, or a city's code for all its districts."
    )
    unit: Text | None = Field(None, description="The responsible unit's code.")
    leader: Id | None = Field(None, description="The leading leader's person id.")
    category: ProjectCategory | None = None
    state: ProjectState | None = None
    q: Text | None = Field(None, max_length=100, description="Part of the name or the code.")


class ProjectOut(Schema):
    code: str
    name: str
    region: RegionRef
    unit: UnitRef
    leader: PersonOut
    category: str
    state: str
    total_investment: Money = Field(description="Fixed investment (定投资), 万元.")
    start_date: dt.date
    target_date: dt.date = Field(description="Fixed schedule (定进度): target completion.")


class ProjectPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProjectOut]


class PlanOut(Schema):
    year: int
    annual: Money = Field(description="Annual investment plan (年度投资计划), 万元.")
    months: list[Money] = Field(description="12 monthly planned amounts, January first.")


class ApprovedOut(Schema):
    year: int
    months: list[Money] = Field(
        description=(
            "12 approved completed amounts (万元), January first. Months the caller may not "
            "see — after `published_through`, for callers outside the project's district — are 0."
        )
    )
    published_through: int = Field(
        description="The last published month of this year in the district (0: none)."
    )
    includes_unpublished: bool = Field(
        description="True when approved amounts of unpublished months are included (staff in scope)."
    )


class ProjectDetailOut(ProjectOut):
    unit_head: PersonOut | None = Field(description="Fixed responsibility (定责任): the unit head.")
    contact: str
    contact_phone: str | None = Field(description="Only for signed-in staff of the district.")
    location: str
    description: str
    plans: list[PlanOut]
    reports: list[ApprovedOut] = Field(
        description="Approved monthly amounts per year: the figures' only input besides plans."
    )


class ProjectWriteFields(Schema):
    """The four fixes a project is registered or changed with (references by code or id)."""

    name: Text | None = Field(None, min_length=1, max_length=200)
    unit: Text | None = Field(None, max_length=24, description="The responsible unit's code.")
    leader: Id | None = Field(None, description="The leading leader's person id (挂帅领导).")
    unit_head: Id | None = Field(None, description="The unit head's person id (一把手).")
    contact: Text | None = Field(None, max_length=64)
    contact_phone: Text | None = Field(None, max_length=32)
    category: ProjectCategory | None = None
    location: Text | None = Field(None, max_length=200)
    total_investment: MoneyIn | None = Field(None, description="Fixed investment (定投资), 万元.")
    start_date: YearDate | None = None
    target_date: YearDate | None = Field(None, description="Fixed schedule (定进度).")
    state: ProjectState | None = None
    description: Text | None = Field(None, max_length=4000)


class ProjectCreateIn(ProjectWriteFields):
    code: Text = Field(min_length=1, max_length=32, description="The project's code (unique).")
    region: Text = Field(max_length=12, description="The district's code.")
    name: Text = Field(min_length=1, max_length=200)
    unit: Text = Field(max_length=24, description="The responsible unit's code.")
    leader: Id = Field(description="The leading leader's person id (挂帅领导).")
    category: ProjectCategory
    total_investment: MoneyIn = Field(description="Fixed investment (定投资), 万元.")
    start_date: YearDate
    target_date: YearDate = Field(description="Fixed schedule (定进度).")


class ProjectPatchIn(ProjectWriteFields):
    """Only the fields sent change; the code and the district stay."""


class InvestmentPlanIn(Schema):
    months: list[MoneyIn] = Field(
        min_length=12,
        max_length=12,
        description="12 monthly planned amounts (万元), January first.",
    )
    annual: MoneyIn | None = Field(
        None, description="The annual amount; when sent it must equal the months' sum."
    )
