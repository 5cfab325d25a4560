"""Key projects (重点项目) with their four fixes, plans and approved monthly amounts."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from sangua.projects.choices import ProjectCategory, ProjectState

from .common import Id, Money, PersonOut, RegionRef, Text, UnitRef


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
