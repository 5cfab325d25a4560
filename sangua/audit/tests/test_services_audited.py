"""Every service that writes leaves exactly one audit entry: who, from where, what, before → after.

Each case gives some state on a small hand-made district, then runs one service as one user,
and names the action, the object and the fields the step is about, as the entry must hold them
(entries may hold more fields). A write that changes nothing writes nothing. A period close
writes one entry per finding it touches and one for the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from sangua.accountability import services as accountability
from sangua.accountability.models import Finding
from sangua.audit.chain import verify
from sangua.audit.models import AuditEntry, AuditHead
from sangua.audit.services import request_context
from sangua.core.testing.factories import (
    DistrictFactory,
    ProjectFactory,
    UnitFactory,
    office_for,
    plan_for,
    publish,
    report_for,
    reporter_for,
)
from sangua.notify import services as notify
from sangua.notify.choices import Channel, DeliveryStatus
from sangua.notify.models import Delivery, Message
from sangua.orgs.models import Region, Unit, User
from sangua.progress import services as progress
from sangua.progress.models import MonthlyReport
from sangua.projects import services as projects
from sangua.projects.models import Project
from sangua.supervision import services as supervision
from sangua.supervision.choices import Category, Source
from sangua.supervision.models import SupervisionItem


@dataclass
class World:
    """A district with one unit and one project planned for 2013 at 100 a month."""

    district: Region
    unit: Unit
    project: Project
    office: User
    reporter: User


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> World:
    settings.SANGUA_WEBHOOK_URL = ""
    settings.MEDIA_ROOT = tmp_path
    district = DistrictFactory()
    unit = UnitFactory(region=district)
    project = ProjectFactory(unit=unit, name="测试项目")
    plan_for(project, 2013, [100] * 12)
    return World(district, unit, project, office_for(district), reporter_for(unit))


def _head() -> int:
    head = AuditHead.objects.filter(pk=1).first()
    return head.seq if head else 0


# --- the state each case starts from -----------------------------------------------------------


def _nothing(w: World) -> None:
    return None


def _report(state: str) -> Callable[[World], MonthlyReport]:
    return lambda w: report_for(w.project, 2013, 5, 80, state=state)


def _finding(w: World) -> Finding:
    """A 2013-03 finding: 100 planned, 60 done, the quarter's months published, closed."""
    report_for(w.project, 2013, 3, 60)
    for month in range(1, 4):
        publish(w.district, 2013, month)
    accountability.period_close(region=w.district, period="2013-03", by=w.office)
    return Finding.objects.get(region=w.district, period="2013-03")


def _explained(w: World) -> Finding:
    finding = _finding(w)
    accountability.explanation_submit(finding=finding, by=w.reporter, text="雨季停工")
    return finding


def _assigned_item(w: World) -> SupervisionItem:
    with supervision.notices_suppressed():
        item = supervision.item_register(
            by=w.office, title="征迁受阻", category=Category.LAND, source=Source.INSPECTION,
            region=w.district,
        )  # fmt: skip
        return supervision.item_assign(
            item=item, by=w.office, unit=w.unit, deadline=dt.date.today() + dt.timedelta(days=30)
        )


def _failed_delivery(w: World) -> Delivery:
    message = Message.objects.create(key="test:1", kind="test", title="t", region=w.district)
    return Delivery.objects.create(
        message=message, channel=Channel.WEBHOOK, target="x", status=DeliveryStatus.FAILED,
        attempts=3, max_attempts=3,
    )  # fmt: skip


# --- the services -------------------------------------------------------------------------------


def _new_project(w: World, _: None) -> Project:
    return projects.project_create(
        by=w.office, code="T-0001", name="新建道路", region=w.district, unit=w.unit,
        leader=w.project.leader, category="transport", total_investment="500",
        start_date=dt.date(2013, 1, 1), target_date=dt.date(2014, 1, 1),
    )  # fmt: skip


def _register(w: World, _: None) -> SupervisionItem:
    with supervision.notices_suppressed():
        return supervision.item_register(
            by=w.office, title="征迁受阻", category=Category.LAND, source=Source.INSPECTION,
            region=w.district,
        )  # fmt: skip


def _accept_item(w: World, item: SupervisionItem) -> SupervisionItem:
    with supervision.notices_suppressed():
        return supervision.item_accept(item=item, by=w.reporter, comment="收到")


@dataclass(frozen=True)
class Case:
    """Given some state, when one service runs as ``actor``: one entry about its object."""

    given: Callable[[World], Any]
    when: Callable[[World, Any], Any]
    actor: str  # "office" or "reporter"
    action: str
    object_type: str
    before: dict[str, Any] | None
    after: dict[str, Any]


CASES = {
    "project_create": Case(
        _nothing, _new_project, "office", "create", "projects.project", None,
        {"code": "T-0001", "name": "新建道路", "total_investment": "500.00",
         "start_date": "2013-01-01", "category": "transport"},
    ),
    "project_update": Case(
        _nothing, lambda w, _: projects.project_update(project=w.project, by=w.office, name="改名"),
        "office", "update", "projects.project", {"name": "测试项目"}, {"name": "改名"},
    ),
    "plan_set, a new year": Case(
        _nothing,
        lambda w, _: projects.plan_set(project=w.project, year=2014, months=[10] * 12, by=w.office),
        "office", "create", "projects.investmentplan", None,
        {"annual_amount": "120.00", "m01": "10.00"},
    ),
    "plan_set, a changed year": Case(
        _nothing,
        lambda w, _: projects.plan_set(project=w.project, year=2013, months=[50] * 12, by=w.office),
        "office", "update", "projects.investmentplan",
        {"annual_amount": "1200.00", "m12": "100.00"}, {"annual_amount": "600.00", "m12": "50.00"},
    ),
    "report_save, new": Case(
        _nothing,
        lambda w, _: progress.report_save(
            project=w.project, year=2013, month=5, amount="80", progress="打桩", by=w.reporter
        ),
        "reporter", "create", "progress.monthlyreport", None,
        {"amount": "80.00", "progress": "打桩", "state": "draft"},
    ),
    "report_save, edited": Case(
        _report("draft"),
        lambda w, _: progress.report_save(
            project=w.project, year=2013, month=5, amount="90", by=w.reporter
        ),
        "reporter", "edit", "progress.monthlyreport", {"amount": "80.00"}, {"amount": "90.00"},
    ),
    "report_submit": Case(
        _report("draft"), lambda w, r: progress.report_submit(report=r, by=w.reporter),
        "reporter", "submit", "progress.monthlyreport", {"state": "draft"},
        {"state": "submitted"},
    ),
    "report_approve": Case(
        _report("submitted"), lambda w, r: progress.report_approve(report=r, by=w.office),
        "office", "approve", "progress.monthlyreport", {"state": "submitted"},
        {"state": "approved"},
    ),
    "report_return": Case(
        _report("submitted"),
        lambda w, r: progress.report_return(report=r, by=w.office, comment="补照片"),
        "office", "return", "progress.monthlyreport", {"state": "submitted"},
        {"state": "returned", "comment": "补照片"},
    ),
    "report_amend": Case(
        _report("approved"),
        lambda w, r: progress.report_amend(report=r, by=w.office, amount="85", reason="核减"),
        "office", "amend", "progress.monthlyreport", {"amount": "80.00"},
        {"amount": "85.00", "comment": "核减"},
    ),
    "month_publish": Case(
        _nothing,
        lambda w, _: progress.month_publish(region=w.district, year=2013, month=4, by=w.office),
        "office", "publish", "progress.publication", None, {"year": 2013, "month": 4},
    ),
    "rule_set_change": Case(
        _nothing,
        lambda w, _: accountability.rule_set_change(
            region=w.district, by=w.office, reason="从严", values={"red_below": "95"}
        ),
        "office", "new_version", "accountability.ruleset", {"red_below": "90.00"},
        {"red_below": "95.00", "reason": "从严"},
    ),
    "explanation_submit": Case(
        _finding,
        lambda w, f: accountability.explanation_submit(finding=f, by=w.reporter, text="雨季停工")
        .finding,
        "reporter", "explain", "accountability.finding", {"state": "notified"},
        {"state": "explained", "comment": "雨季停工"},
    ),
    "finding_accept": Case(
        _explained, lambda w, f: accountability.finding_accept(finding=f, by=w.office, comment="同意"),
        "office", "accept", "accountability.finding", {"state": "explained"},
        {"state": "accepted", "comment": "同意"},
    ),
    "explanation_return": Case(
        _explained,
        lambda w, f: accountability.explanation_return(finding=f, by=w.office, comment="补证明"),
        "office", "return", "accountability.finding", {"state": "explained"},
        {"state": "notified", "comment": "补证明"},
    ),
    "finding_exempt": Case(
        _finding, lambda w, f: accountability.finding_exempt(finding=f, by=w.office, reason="台风"),
        "office", "exempt", "accountability.finding", {"state": "notified"},
        {"state": "exempted", "comment": "台风"},
    ),
    "item_register": Case(
        _nothing, _register, "office", "register", "supervision.supervisionitem", None,
        {"state": "registered"},
    ),
    "item_accept": Case(
        _assigned_item, _accept_item, "reporter", "accept", "supervision.supervisionitem",
        {"state": "assigned"}, {"state": "in_progress", "comment": "收到"},
    ),
    "delivery_retry": Case(
        _failed_delivery, lambda w, d: notify.delivery_retry(delivery=d, by=w.office),
        "office", "resend", "notify.delivery", {"status": "failed", "max_attempts": 3},
        {"status": "pending", "max_attempts": 6},
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_service_writes_one_entry_with_who_what_before_and_after(world: World, case: Case):
    # given
    given = case.given(world)
    actor = world.office if case.actor == "office" else world.reporter
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")  # the middleware's part
    start = _head()
    # when
    with request_context(request):
        obj = case.when(world, given)
    # then
    entries = list(AuditEntry.objects.filter(seq__gt=start))
    assert len(entries) == 1
    (entry,) = entries
    assert (entry.object_type, entry.object_id) == (case.object_type, str(obj.pk))
    assert (entry.actor_id, entry.actor_name, entry.ip) == (actor.pk, actor.username, "10.0.0.7")
    assert entry.action == case.action
    if case.before is None:
        assert entry.before is None
    else:
        assert {k: entry.before.get(k) for k in case.before} == case.before
    assert {k: entry.after.get(k) for k in case.after} == case.after
    assert verify().ok


@pytest.mark.parametrize(
    "run",
    [
        lambda w: projects.project_update(project=w.project, by=w.office, name=w.project.name),
        lambda w: projects.plan_set(project=w.project, year=2013, months=[100] * 12, by=w.office),
        lambda w: progress.report_save(
            project=w.project, year=2013, month=5, amount="80", by=w.reporter
        ),
    ],
    ids=["project_update", "plan_set", "report_save"],
)
def test_a_write_that_changes_nothing_writes_no_entry(world: World, run):
    report_for(world.project, 2013, 5, 80, state="draft")
    start = _head()
    run(world)
    assert _head() == start


def test_a_period_close_writes_each_finding_and_the_run(world: World):
    # given a month with a shortfall, published
    report_for(world.project, 2013, 3, 60)
    for month in range(1, 4):
        publish(world.district, 2013, month)
    start = _head()
    # when the month is closed
    run = accountability.period_close(region=world.district, period="2013-03", by=world.office)
    # then one entry for the new finding and one for the run, both by the office
    entries = list(AuditEntry.objects.filter(seq__gt=start))
    finding = Finding.objects.get(region=world.district, period="2013-03")
    assert [(e.action, e.object_type, e.object_id) for e in entries] == [
        ("notify", "accountability.finding", str(finding.pk)),
        ("close", "accountability.periodclose", str(run.pk)),
    ]
    assert entries[0].after["shortfall"] == "40.00"
    assert entries[1].after == {
        "period": "2013-03", "run": 1, "rule_set_version": run.rule_set.version,
        "finding_count": 1, "changes": 0,
    }  # fmt: skip
    assert {e.actor_name for e in entries} == {world.office.username}
    # and closing again with the same data writes the run only: no finding changed
    again = _head()
    accountability.period_close(region=world.district, period="2013-03", by=world.office)
    assert list(AuditEntry.objects.filter(seq__gt=again).values_list("action", flat=True)) == [
        "close"
    ]


def test_an_explanation_with_an_attachment_names_the_file(world: World):
    finding = _finding(world)
    upload = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    start = _head()
    accountability.explanation_submit(
        finding=finding, by=world.reporter, text="说明", attachment=upload
    )
    (entry,) = AuditEntry.objects.filter(seq__gt=start)
    assert entry.after["attachment"] == "说明.pdf"


# --- the chain over a whole workflow -----------------------------------------------------------


def _workflow(w: World) -> MonthlyReport:
    """A month from the unit's draft to an accepted explanation, and an item taken on."""
    report = progress.report_save(
        project=w.project, year=2013, month=3, amount="60", progress="基础施工", by=w.reporter
    )
    progress.report_submit(report=report, by=w.reporter)
    progress.report_approve(report=report, by=w.office, comment="核实无误")
    for month in (1, 2, 3):
        progress.month_publish(region=w.district, year=2013, month=month, by=w.office)
    accountability.period_close(region=w.district, period="2013-03", by=w.office)
    finding = Finding.objects.get(region=w.district, period="2013-03")
    accountability.explanation_submit(finding=finding, by=w.reporter, text="雨季停工")
    accountability.finding_accept(finding=finding, by=w.office)
    _accept_item(w, _assigned_item(w))
    return report


def test_after_a_whole_workflow_the_chain_verifies(world: World, capsys):
    # given the demo's trail (its supervision history) and a workflow on top of it
    assert _head() > 0
    _workflow(world)
    # when
    call_command("audit", "verify")
    # then
    out = capsys.readouterr().out.strip()
    assert out == f"chain intact: {_head()} entries"


def test_tampering_with_a_report_approval_makes_verify_name_that_entry(world: World):
    # given a workflow, and the entry its approval wrote
    report = _workflow(world)
    approval = AuditEntry.objects.get(
        object_type="progress.monthlyreport", object_id=str(report.pk), action="approve"
    )
    assert approval.after["amount"] == "60.00"
    # when someone raises the approved amount in the trail by hand
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET after = %s WHERE seq = %s",
            ['{"amount": "600.00", "state": "approved"}', approval.seq],
        )
    # then verify fails, naming that entry
    result = verify()
    assert (result.ok, result.bad_seq, result.problem) == (False, approval.seq, "altered")
    with pytest.raises(CommandError, match=f"chain broken at entry {approval.seq}:"):
        call_command("audit", "verify")
