"""The requests of the permission matrix: one builder per endpoint, called once per role and
target (``matrix_world.World`` makes the objects each request is about)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sangua.planning.models import PlanNode
from sangua.progress.choices import ReportState
from sangua.projects.models import Project

from .matrix_world import ROLES, Call, World, empty_workbook, pdf

__all__ = ["CASES", "ROLES", "Call", "World"]


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


def _first_project(w: World) -> str:
    """A project of the target unit, as it is (``w.project`` would generate a reverse plan)."""
    project = Project.objects.filter(unit=w.unit).order_by("code").first()
    assert project is not None
    return project.code


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
    ("POST", "/reports/approve"): (  # another district's report is refused inside a 200
        True,
        lambda w: Call("/reports/approve", json={"reports": [w.report(ReportState.SUBMITTED).pk]}),
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
    # --- why is this red? and the forecast (the unit as ranked in its district) ------------------
    ("GET", "/why/projects/{code}"): (
        True,
        lambda w: Call(f"/why/projects/{_first_project(w)}", query={"period": "2013-09"}),
    ),
    ("GET", "/why/units/{code}"): (
        True,
        lambda w: Call(f"/why/units/{w.unit.code}", query={"period": "2013-09"}),
    ),
    ("GET", "/why/regions/{code}"): (
        True,
        lambda w: Call(f"/why/regions/{w.district.code}", query={"period": "2013-09"}),
    ),
    ("GET", "/why/rankings/{code}"): (
        True,
        lambda w: Call(f"/why/rankings/{w.unit.code}", query={"period": "2013-09"}),
    ),
    ("GET", "/forecast"): (
        True,
        lambda w: Call("/forecast", query={"region": w.district.code, "period": "2013-09"}),
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
