"""The requests of the permission matrix: for every endpoint, one request per role and target.

A *target* says whose object a request is about. ``own``: the caller's unit (联城街道, for the
unit head and the reporter) or district (莲都区, for everyone else). ``other``: another unit of
the same district (紫金街道) for unit roles, another district (青田县) for everyone else. Each
builder creates what its request needs (an explained finding, a submitted report, an item
awaiting feedback …) so that a permitted call succeeds: the matrix tells "allowed" (2xx) from
401, 403 and 404, never from a 409 because the object was in the wrong state.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
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


Builder = Callable[[World], Call]


def _node_body(w: World, node: PlanNode) -> dict[str, Any]:
    return {
        "name": node.name,
        "duration": node.duration + 1,
        "calendar": node.calendar,
        "unit": node.unit.code,
        "after": [
            {"node": d.predecessor.key, "type": d.type, "lag": d.lag}
            for d in node.after.select_related("predecessor")
        ],
    }


def _new_project(w: World) -> dict[str, Any]:
    leader = w.district.people.filter(is_leader=True).order_by("pk").first()
    assert leader is not None
    return {
        "code": f"{w.district.code}-N{w.unit.pk}",
        "name": "矩阵新项目",
        "region": w.district.code,
        "unit": w.unit.code,
        "leader": leader.pk,
        "category": "urban",
        "total_investment": "100",
        "start_date": "2014-01-01",
        "target_date": "2015-01-01",
    }


# (method, path) → (targeted, builder). Targeted endpoints are called once per target.
CASES: dict[tuple[str, str], tuple[bool, Builder]] = {
    # --- public reads --------------------------------------------------------------------------
    ("GET", "/regions"): (False, lambda w: Call("/regions")),
    ("GET", "/projects"): (False, lambda w: Call("/projects", query={"region": "331102"})),
    ("GET", "/projects/{code}"): (True, lambda w: Call(f"/projects/{w.project.code}")),
    ("GET", "/rankings"): (
        True,
        lambda w: Call("/rankings", query={"region": w.district.code, "period": "2013-09"}),
    ),
    ("GET", "/figures"): (
        True,
        lambda w: Call("/figures", query={"region": w.district.code, "period": "2013-09"}),
    ),
    ("GET", "/figures/projects"): (
        True,
        lambda w: Call("/figures/projects", query={"region": w.district.code, "period": "2013-09"}),
    ),
    # --- projects ------------------------------------------------------------------------------
    ("POST", "/projects"): (True, lambda w: Call("/projects", json=_new_project(w))),
    ("PATCH", "/projects/{code}"): (
        True,
        lambda w: Call(f"/projects/{w.project.code}", json={"location": "矩阵"}),
    ),
    ("PUT", "/projects/{code}/plans/{year}"): (
        True,
        lambda w: Call(f"/projects/{w.project.code}/plans/2014", json={"months": ["1"] * 12}),
    ),
    # --- monthly reports -------------------------------------------------------------------------
    ("GET", "/reports"): (False, lambda w: Call("/reports")),
    ("POST", "/reports"): (
        True,
        lambda w: Call(
            "/reports", json={"project": w.project.code, "year": 2013, "month": 11, "amount": "5"}
        ),
    ),
    ("GET", "/reports/{report_id}"): (True, lambda w: Call(f"/reports/{w.published_report.pk}")),
    ("POST", "/reports/{report_id}/submit"): (
        True,
        lambda w: Call(f"/reports/{w.report(ReportState.DRAFT).pk}/submit"),
    ),
    ("POST", "/reports/{report_id}/approve"): (
        True,
        lambda w: Call(f"/reports/{w.report(ReportState.SUBMITTED).pk}/approve", json={}),
    ),
    ("POST", "/reports/{report_id}/return"): (
        True,
        lambda w: Call(
            f"/reports/{w.report(ReportState.SUBMITTED).pk}/return", json={"comment": "补充照片"}
        ),
    ),
    ("POST", "/reports/{report_id}/amend"): (
        True,
        lambda w: Call(
            f"/reports/{w.published_report.pk}/amend",
            json={"amount": str(w.published_report.amount + Decimal(1)), "reason": "更正"},
        ),
    ),
    ("POST", "/publications"): (True, lambda w: Call("/publications", json=w.publishable_month())),
    # --- the official calendar ---------------------------------------------------------------------
    ("GET", "/calendar"): (False, lambda w: Call("/calendar")),
    ("GET", "/calendar/{year}"): (False, lambda w: Call("/calendar/2013")),
    ("POST", "/calendar/years"): (False, lambda w: Call("/calendar/years", json={"year": 2099})),
    ("PATCH", "/calendar/years/{year}"): (
        False,
        lambda w: Call("/calendar/years/2013", json={"note": "国办发明电〔2012〕14号"}),
    ),
    ("DELETE", "/calendar/years/{year}"): (
        False,
        lambda w: Call(f"/calendar/years/{w.office_year()}"),
    ),
    ("POST", "/calendar/days"): (
        False,
        lambda w: Call(
            "/calendar/days", json={"date": "2099-01-01", "kind": "holiday", "name": "元旦"}
        ),
    ),
    ("PATCH", "/calendar/days/{day}"): (
        False,
        lambda w: Call("/calendar/days/2013-10-01", json={"name": "国庆"}),
    ),
    ("DELETE", "/calendar/days/{day}"): (False, lambda w: Call("/calendar/days/2013-10-01")),
    # --- tokens ---------------------------------------------------------------------------------
    ("GET", "/tokens"): (False, lambda w: Call("/tokens")),
    ("POST", "/tokens"): (False, lambda w: Call("/tokens", json={"name": "matrix"})),
    ("POST", "/tokens/{token_id}/revoke"): (
        True,
        lambda w: Call(f"/tokens/{w.someones_token()}/revoke"),
    ),
    # --- accountability ---------------------------------------------------------------------------
    ("GET", "/findings"): (True, lambda w: Call("/findings", query={"region": w.district.code})),
    ("POST", "/periods/close"): (
        True,
        lambda w: Call("/periods/close", json={"region": w.district.code, "period": "2012"}),
    ),
    ("GET", "/findings/{finding_id}"): (True, lambda w: Call(f"/findings/{w.finding().pk}")),
    ("POST", "/findings/{finding_id}/explain"): (
        True,
        lambda w: Call(
            f"/findings/{w.finding().pk}/explain", form={"text": "原因", "attachment": pdf()}
        ),
    ),
    ("POST", "/findings/{finding_id}/accept"): (
        True,
        lambda w: Call(f"/findings/{w.finding(explained=True).pk}/accept", json={}),
    ),
    ("POST", "/findings/{finding_id}/return"): (
        True,
        lambda w: Call(
            f"/findings/{w.finding(explained=True).pk}/return", json={"comment": "补充"}
        ),
    ),
    ("POST", "/findings/{finding_id}/exempt"): (
        True,
        lambda w: Call(f"/findings/{w.finding().pk}/exempt", json={"reason": "台风"}),
    ),
    ("GET", "/periods/closes"): (
        True,
        lambda w: Call("/periods/closes", query={"region": w.district.code}),
    ),
    ("GET", "/periods/closes/{close_id}"): (
        True,
        lambda w: Call(f"/periods/closes/{w.close_run().pk}"),
    ),
    ("GET", "/rules"): (True, lambda w: Call("/rules", query={"region": w.district.code})),
    ("POST", "/rules"): (
        True,
        lambda w: Call(
            "/rules", json={"region": w.district.code, "reason": "调整", "red_below": "85"}
        ),
    ),
    ("GET", "/rules/versions"): (
        True,
        lambda w: Call("/rules/versions", query={"region": w.district.code}),
    ),
    # --- supervision ------------------------------------------------------------------------------
    ("GET", "/supervision"): (False, lambda w: Call("/supervision")),
    ("POST", "/supervision"): (
        True,
        lambda w: Call(
            "/supervision",
            json={
                "title": "矩阵",
                "category": "land",
                "source": "inspection",
                "project": w.project.code,
                "unit": w.unit.code,
                "deadline": "2099-12-31",
            },
        ),
    ),
    ("GET", "/supervision/{item_id}"): (True, lambda w: Call(f"/supervision/{w.item().pk}")),
    ("POST", "/supervision/instructions"): (
        True,
        lambda w: Call(
            "/supervision/instructions",
            json={"project": w.project.code, "text": "抓紧推进", "deadline": "2099-12-31"},
        ),
    ),
    ("POST", "/supervision/{item_id}/assign"): (
        True,
        lambda w: Call(
            f"/supervision/{w.item('registered').pk}/assign",
            json={"unit": w.unit.code, "deadline": "2099-12-31"},
        ),
    ),
    ("POST", "/supervision/{item_id}/accept"): (
        True,
        lambda w: Call(f"/supervision/{w.item().pk}/accept", json={}),
    ),
    ("POST", "/supervision/{item_id}/feedback"): (
        True,
        lambda w: Call(
            f"/supervision/{w.item('in_progress').pk}/feedback",
            form={"text": "已完成", "files": pdf()},
        ),
    ),
    ("POST", "/supervision/{item_id}/attachments"): (
        True,
        lambda w: Call(f"/supervision/{w.item('feedback').pk}/attachments", form={"file": pdf()}),
    ),
    ("POST", "/supervision/{item_id}/evaluate"): (
        True,
        lambda w: Call(
            f"/supervision/{w.item('feedback').pk}/evaluate", json={"evaluation": "satisfactory"}
        ),
    ),
    ("POST", "/supervision/{item_id}/close"): (
        True,
        lambda w: Call(
            f"/supervision/{w.item('feedback').pk}/close", json={"evaluation": "satisfactory"}
        ),
    ),
    ("POST", "/supervision/{item_id}/return"): (
        True,
        lambda w: Call(
            f"/supervision/{w.item('feedback').pk}/return", json={"comment": "证据不足"}
        ),
    ),
    ("POST", "/supervision/{item_id}/extensions"): (
        True,
        lambda w: Call(
            f"/supervision/{w.item('in_progress').pk}/extensions",
            json={"deadline": "2100-06-30", "reason": "汛期"},
        ),
    ),
    ("POST", "/supervision/{item_id}/extensions/{extension_id}/decide"): (
        True,
        lambda w: (
            lambda i: Call(
                f"/supervision/{i.pk}/extensions/{i.extensions.get().pk}/decide",
                json={"approve": True},
            )
        )(w.item("extension")),
    ),
    ("GET", "/supervision/watches/{kind}"): (False, lambda w: Call("/supervision/watches/person")),
    ("POST", "/supervision/run-daily"): (False, lambda w: Call("/supervision/run-daily")),
    # --- reverse plans --------------------------------------------------------------------------------
    ("GET", "/planning/projects/{code}"): (
        True,
        lambda w: Call(f"/planning/projects/{w.project.code}"),
    ),
    ("PATCH", "/planning/projects/{code}"): (
        True,
        lambda w: Call(f"/planning/projects/{w.project.code}", json={"status_date": "2013-10-24"}),
    ),
    ("GET", "/planning/projects/{code}/baselines"): (
        True,
        lambda w: Call(f"/planning/projects/{w.project.code}/baselines"),
    ),
    ("POST", "/planning/projects/{code}/baselines"): (
        True,
        lambda w: Call(f"/planning/projects/{w.project.code}/baselines", json={"name": "矩阵"}),
    ),
    ("GET", "/planning/projects/{code}/baselines/{number}"): (
        True,
        lambda w: Call(f"/planning/projects/{w.project.code}/baselines/1"),
    ),
    ("GET", "/planning/projects/{code}/history"): (
        True,
        lambda w: Call(f"/planning/projects/{w.project.code}/history"),
    ),
    ("POST", "/planning/projects/{code}/generate"): (
        True,
        lambda w: Call(
            f"/planning/projects/{w.bare_project.code}/generate",
            json={"template": "housing", "deadline": "2015-06-30", "status_date": "2013-10-23"},
        ),
    ),
    ("POST", "/planning/projects/{code}/nodes"): (
        True,
        lambda w: Call(
            f"/planning/projects/{w.project.code}/nodes", json={"name": "矩阵节点", "duration": 3}
        ),
    ),
    ("PUT", "/planning/nodes/{node_id}"): (
        True,
        lambda w: (lambda n: Call(f"/planning/nodes/{n.pk}", json=_node_body(w, n)))(w.node()),
    ),
    ("DELETE", "/planning/nodes/{node_id}"): (
        True,
        lambda w: Call(f"/planning/nodes/{w.node(leaf=True).pk}"),
    ),
    ("POST", "/planning/nodes/{node_id}/progress"): (
        True,
        lambda w: Call(
            f"/planning/nodes/{w.node(own_unit=True).pk}/progress", json={"note": "矩阵"}
        ),
    ),
    ("GET", "/planning/templates"): (False, lambda w: Call("/planning/templates")),
    ("GET", "/planning/units/{code}"): (True, lambda w: Call(f"/planning/units/{w.unit.code}")),
    ("GET", "/planning/districts/{code}"): (
        True,
        lambda w: Call(f"/planning/districts/{w.district.code}"),
    ),
    # --- notices -----------------------------------------------------------------------------------
    ("GET", "/notifications"): (False, lambda w: Call("/notifications")),
    ("POST", "/notifications/{notification_id}/read"): (
        True,
        lambda w: Call(f"/notifications/{w.notice()}/read"),
    ),
    ("POST", "/notifications/read-all"): (False, lambda w: Call("/notifications/read-all")),
    ("GET", "/notifications/deliveries"): (False, lambda w: Call("/notifications/deliveries")),
    ("POST", "/notifications/deliveries/{delivery_id}/retry"): (
        True,
        lambda w: Call(f"/notifications/deliveries/{w.failed_delivery()}/retry"),
    ),
    # --- imports -----------------------------------------------------------------------------------
    ("POST", "/imports"): (
        False,
        lambda w: Call("/imports", form={"kind": "projects", "file": empty_workbook()}),
    ),
    ("GET", "/imports"): (False, lambda w: Call("/imports")),
    ("GET", "/imports/{job_id}"): (True, lambda w: Call(f"/imports/{w.job()}")),
    ("GET", "/imports/{job_id}/errors"): (True, lambda w: Call(f"/imports/{w.job()}/errors")),
}
