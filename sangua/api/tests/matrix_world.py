"""The world of one permission-matrix cell: whose objects a request is about, created on demand.

A *target* says whose object a request is about. ``own``: the caller's unit (联城街道, for the
unit head and the reporter) or district (莲都区, for everyone else). ``other``: another unit of
the same district (紫金街道) for unit roles, another district (青田县) for everyone else. Each
object is taken to the state its request needs (an explained finding, a submitted report, an item
awaiting feedback …) so that a permitted call succeeds: the matrix tells "allowed" (2xx) from
401, 403 and 404, never from a 409 because the object was in the wrong state.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from sangua.accountability.models import Finding, PeriodClose
from sangua.accountability.rules import rule_set_for
from sangua.accountability.services import explanation_submit
from sangua.api.services import token_create
from sangua.core.testing.factories import ProjectFactory, UserFactory, plan_for, report_for
from sangua.notify.choices import DeliveryStatus
from sangua.notify.models import Delivery, Notification
from sangua.notify.services import notify
from sangua.orgs.choices import Role
from sangua.orgs.models import Region, Unit, User
from sangua.planning import services as planning
from sangua.planning.models import CalendarYear, Plan, PlanNode
from sangua.progress.choices import AWAITING_REVIEW, ReportState
from sangua.progress.models import MonthlyReport
from sangua.projects.models import Project
from sangua.supervision import services as supervision
from sangua.supervision.choices import Category, Source
from sangua.supervision.models import SupervisionItem
from sangua.transfer.choices import ImportKind, ImportState
from sangua.transfer.models import ImportJob

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("office", "city", "leader", "head", "reporter", "supervisor", "viewer", "anon")
UNIT_ROLES = ("head", "reporter")
STATUS = dt.date(2013, 10, 23)
FAR = dt.date(2099, 12, 31)
PLAN_DEADLINE = dt.date(2015, 6, 30)  # within the years the official calendar knows


@dataclass
class Call:
    """One request: its path under /api/v1, and its JSON body, query or multipart form."""

    path: str
    json: dict[str, Any] | None = None
    query: dict[str, Any] = field(default_factory=dict)
    form: dict[str, Any] | None = None


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def empty_workbook() -> SimpleUploadedFile:
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("projects.xlsx", buffer.getvalue(), "application/octet-stream")


class World:
    """The objects of one cell: whose they are depends on the caller's role and the target."""

    def __init__(self, role: str, target: str | None) -> None:
        self.role = role
        self.target = target
        self.caller = None if role == "anon" else User.objects.get(username=role)

    # --- where --------------------------------------------------------------------------------

    @property
    def elsewhere(self) -> bool:
        """The target lies in another district (not just another unit of the same one)."""
        return self.target == "other" and self.role not in UNIT_ROLES

    @cached_property
    def admin(self) -> User:
        return User.objects.get(username="admin")

    @cached_property
    def district(self) -> Region:
        return Region.objects.get(code="331121" if self.elsewhere else "331102")

    @cached_property
    def unit(self) -> Unit:
        if self.elsewhere:
            return Unit.objects.filter(region=self.district, projects__isnull=False).order_by(
                "sort", "code"
            )[0]
        return Unit.objects.get(name="紫金街道" if self.target == "other" else "联城街道")

    @cached_property
    def answerer(self) -> User:
        """A user of the target unit who answers its items and explains its findings."""
        found = User.objects.filter(unit=self.unit, role=Role.REPORTER).first()
        return found or UserFactory(role=Role.REPORTER, unit=self.unit, region=self.district)

    @cached_property
    def project(self) -> Project:
        """A project of the target unit with a reverse plan (one is generated where none is)."""
        project = Project.objects.filter(unit=self.unit).order_by("code").first()
        planned = (
            Project.objects.filter(unit=self.unit, reverse_plan__nodes__isnull=False)
            .order_by("code")
            .first()
        )
        if planned is not None:
            return planned
        assert project is not None
        planning.plan_generate(
            project=project,
            template="housing",
            deadline=PLAN_DEADLINE,
            status_date=STATUS,
            by=self.admin,
        )
        planning.baseline_save(plan=Plan.objects.get(project=project), by=self.admin)
        return project

    @cached_property
    def bare_project(self) -> Project:
        """A new project of the target unit, without a plan (to generate one)."""
        project = ProjectFactory(unit=self.unit, code=f"{self.district.code}-M{self.unit.pk}")
        plan_for(project, 2013, [10] * 12)
        return project

    # --- objects ---------------------------------------------------------------------------------

    def report(self, state: str, month: int = 11) -> MonthlyReport:
        return report_for(self.project, 2013, month, 1, state=state)

    @cached_property
    def published_report(self) -> MonthlyReport:
        return MonthlyReport.objects.filter(
            project=self.project, year=2013, month=9, state=ReportState.APPROVED
        ).get()

    def close_run(self) -> PeriodClose:
        return PeriodClose.objects.create(
            region=self.district,
            period="2012",
            kind="year",
            year=2012,
            run=1,
            rule_set=rule_set_for(self.district),
            assessed=[
                {
                    "unit": self.unit.code,
                    "unit_name": self.unit.name,
                    "planned": "100.00",
                    "completed": "60.00",
                    "shortfall": "40.00",
                    "sanction": "bonus_withheld",
                }
            ],
        )

    def finding(self, *, explained: bool = False) -> Finding:
        """A notified finding of the target unit for 2012 (written straight to the tables: a
        period close computes every unit of the district, and the matrix needs one finding)."""
        rules = rule_set_for(self.district)
        run = self.close_run()
        finding = Finding.objects.create(
            region=self.district,
            unit=self.unit,
            head=self.unit.head,
            head_name=str(self.unit.head or ""),
            period="2012",
            kind="year",
            year=2012,
            planned=Decimal("100.00"),
            completed=Decimal("60.00"),
            shortfall=Decimal("40.00"),
            sanction="bonus_withheld",
            rule_set=rules,
            found_in=run,
            checked_in=run,
        )
        if explained:
            explanation_submit(finding=finding, by=self.answerer, text="征迁滞后")
        return finding

    def item(self, stage: str = "assigned") -> SupervisionItem:
        """A supervision item of the target unit, taken to ``stage`` by its managers and unit."""
        common = {"title": "矩阵测试督办", "category": Category.LAND, "source": Source.INSPECTION}
        if stage == "registered":
            return supervision.item_register(by=self.admin, project=self.project, **common)
        item = supervision.item_open(
            by=self.admin, unit=self.unit, project=self.project, deadline=FAR, **common
        )
        if stage in ("in_progress", "feedback", "extension"):
            supervision.item_accept(item=item, by=self.answerer)
        if stage == "feedback":
            supervision.item_feedback(item=item, by=self.answerer, text="已完成", files=[pdf()])
        if stage == "extension":
            supervision.extension_request(
                item=item, by=self.answerer, deadline=dt.date(2100, 6, 30), reason="汛期"
            )
        return SupervisionItem.objects.get(pk=item.pk)

    def node(self, *, own_unit: bool = False, leaf: bool = False) -> PlanNode:
        nodes = PlanNode.objects.filter(plan__project=self.project).order_by("-sort", "-id")
        if own_unit:
            nodes = nodes.filter(unit=self.unit)
        if leaf:
            nodes = nodes.filter(followers__isnull=True)
        node = nodes.first()
        assert node is not None
        return node

    def someones_token(self) -> int:
        """The caller's own token (``own``), or that of an account in the target unit/district."""
        if self.target == "own":
            owner = self.caller or User.objects.get(username="office")
        elif self.role in UNIT_ROLES:
            owner = User.objects.get(username="reporter2")
        else:
            owner = UserFactory(role=Role.VIEWER, region=self.district, unit=None)
        token, _key = token_create(user=owner, name="matrix")
        return token.pk

    def notice(self) -> int:
        """A notice in the caller's inbox (``own``) or in reporter2's (``other``)."""
        to = self.caller if self.target == "own" and self.caller else None
        to = to or User.objects.get(username="reporter2")
        notify(key=f"matrix-{self.role}-{self.target}", kind="test", title="矩阵", users=[to])
        return Notification.objects.get(recipient=to, message__key__startswith="matrix").pk

    def failed_delivery(self) -> int:
        message, _created = notify(
            key="matrix-delivery", kind="test", title="矩阵", region=self.district
        )
        delivery = Delivery.objects.create(
            message=message,
            channel="email",
            target="x@example.org",
            status=DeliveryStatus.FAILED,
            attempts=1,
            max_attempts=1,
        )
        return delivery.pk

    def job(self) -> str:
        """An import job uploaded by the caller (``own``) or by the administrator (``other``)."""
        by = self.caller if self.target == "own" else self.admin
        job = ImportJob.objects.create(
            kind=ImportKind.PROJECTS,
            filename="x.xlsx",
            state=ImportState.REJECTED,
            created_by=by,
            errors=[
                {
                    "sheet": "项目",
                    "row": 2,
                    "column": "项目代码",
                    "cell": "A2",
                    "value": "",
                    "code": "required",
                    "message": "必填",
                }
            ],
            error_count=1,
        )
        return str(job.pk)

    def publishable_month(self) -> dict[str, Any]:
        """October 2013 of the target district, every report of it approved (so it may be published)."""
        MonthlyReport.objects.filter(
            project__region=self.district, year=2013, month=10, state__in=AWAITING_REVIEW
        ).update(state=ReportState.APPROVED)
        return {"region": self.district.code, "year": 2013, "month": 10}

    def office_year(self) -> int:
        CalendarYear.objects.create(year=2098, source="office")
        return 2098
