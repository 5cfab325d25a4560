"""Reverse plans (倒排计划) in the REST API, mounted at ``/api/v1/planning/`` by the API app.

The same services as the plan pages: the key project office generates a plan from a template and
a deadline, changes its dates and nodes and saves baselines; a node's responsible unit reports
its actual dates. Every write answers with the plan's timetable as the engine now schedules it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from sangua.api.auth import SIGNED_IN, signed_in
from sangua.api.pagination import page_of
from sangua.api.schemas.common import PageIn, Text, errors_responses
from sangua.api.schemas.planning import (
    BaselineDetailOut,
    BaselineIn,
    BaselineOut,
    BaselinePageOut,
    BattleMapOut,
    GenerateIn,
    MapQuery,
    NodeId,
    NodeIn,
    PlanDatesIn,
    PlanEventPageOut,
    PlanTemplatePageOut,
    ProgressIn,
    TimetableOut,
    TimetableQuery,
)
from sangua.core.errors import NotFound, ValidationFailed
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, Unit, User
from sangua.projects.models import Project

from . import selectors, services
from .models import Baseline, Plan, PlanEvent, PlanNode
from .permissions import can_manage, can_report, can_view_district, can_view_unit
from .templates_catalog import TEMPLATES, Template

router = Router(tags=["planning"], auth=SIGNED_IN)

READ_ERRORS = errors_responses(401, 404, 422)
WRITE_ERRORS = errors_responses(401, 403, 404, 409, 422)


# --- reading -------------------------------------------------------------------------------------


def _project(user: User, code: str) -> Project:
    """A project whose plan the user may see (a unit: also where it owns a node); else 404."""
    try:
        return selectors.project_for_plan(user, code)
    except NotFound:
        raise NotFound(_("No project {code} is visible to you.").format(code=code)) from None


def _plan(project: Project) -> Plan:
    plan = Plan.objects.filter(project=project).first()
    if plan is None:
        raise NotFound(
            _("{project} has no reverse plan yet.").format(project=project.name), code="no_plan"
        )
    return plan


def _node(user: User, node_id: int) -> PlanNode:
    node = PlanNode.objects.select_related("plan__project", "unit").filter(pk=node_id).first()
    if node is None:
        raise NotFound(_("No node {id} is visible to you.").format(id=node_id))
    _project(user, node.plan.project.code)
    return node


def timetable(user: User, project: Project, query: TimetableQuery | None = None) -> dict[str, Any]:
    """The plan's timetable (时间表) as the plan page shows it, for the API."""
    view = selectors.plan_view(
        project,
        as_of=query.as_of if query else None,
        baseline=query.baseline if query else None,
    )
    plan, scheduled, result = view.plan, view.scheduled, view.result
    keys = {n.id: (n.key, n.name) for n in scheduled.nodes} if scheduled else {}
    units = dict(
        Unit.objects.filter(pk__in={line.node.unit_id for line in view.lines}).values_list(
            "pk", "code"
        )
    )
    nodes = []
    for line in view.lines:
        node = line.node
        after = scheduled.data.after.get(node.id, ()) if scheduled else ()
        nodes.append(
            {
                "id": node.id,
                "key": node.key,
                "name": node.name,
                "duration": node.duration,
                "calendar": node.calendar,
                "unit": {"code": units.get(node.unit_id, ""), "name": node.unit_name},
                "after": [
                    {
                        "node": keys[d.predecessor_id][0],
                        "name": keys[d.predecessor_id][1],
                        "type": d.type,
                        "lag": d.lag,
                    }
                    for d in after
                ],
                "early_start": line.early_start,
                "early_finish": line.early_finish,
                "late_start": line.late_start,
                "late_finish": line.late_finish,
                "total_float": line.total_float,
                "critical": line.critical,
                "status": line.status,
                "actual_start": node.actual_start,
                "actual_finish": node.actual_finish,
                "remaining": node.remaining,
                "note": node.note,
                "baseline_start": line.base.early_start if line.base else None,
                "baseline_finish": line.base.early_finish if line.base else None,
                "start_slip": line.start_slip,
                "finish_slip": line.finish_slip,
                "can_report": can_report(user, project, node.unit_id),
            }
        )
    comparison = view.comparison
    return {
        "project": {"code": project.code, "name": project.name},
        "has_plan": plan is not None,
        "template": plan.template if plan else "",
        "start": plan.start if plan else None,
        "deadline": plan.deadline if plan else None,
        "status_date": scheduled.status_date if scheduled else None,
        "schedule": {
            "start": result.start,
            "finish": result.finish,
            "deadline": result.deadline,
            "feasible": result.feasible,
            "overrun_days": result.overrun_days,
            "critical_path": list(result.critical_path),
        }
        if result is not None
        else None,
        "error": view.error,
        "counts": view.counts,
        "can_manage": can_manage(user, project),
        "nodes": nodes,
        "comparison": {
            "baseline": comparison.baseline.number,
            "finish_slip": comparison.finish_slip,
            "slipped": [ln.node.key for ln in comparison.slipped],
            "gained": [ln.node.key for ln in comparison.gained],
            "added": [ln.node.key for ln in comparison.added],
            "removed": [b.key for b in comparison.removed],
        }
        if comparison is not None
        else None,
    }


@router.get(
    "/projects/{code}",
    response={200: TimetableOut, **READ_ERRORS},
    summary="A project's reverse plan: nodes with early and late dates, status, baseline slip",
)
def get_timetable(request: HttpRequest, code: Text, query: Query[TimetableQuery]) -> dict[str, Any]:
    user = signed_in(request)
    return timetable(user, _project(user, code), query)


def baseline_out(baseline: Baseline) -> dict[str, Any]:
    return {
        "number": baseline.number,
        "name": baseline.name,
        "saved_at": baseline.saved_at,
        "saved_by": baseline.saved_by.username if baseline.saved_by else None,
        "start": baseline.start,
        "deadline": baseline.deadline,
        "status_date": baseline.status_date,
        "finish": baseline.finish,
        "feasible": baseline.feasible,
    }


@router.get(
    "/projects/{code}/baselines",
    response={200: BaselinePageOut, **READ_ERRORS},
    summary="The plan's baselines (基线), oldest first",
)
def list_baselines(request: HttpRequest, code: Text, page: Query[PageIn]) -> dict[str, Any]:
    plan = _plan(_project(signed_in(request), code))
    baselines = plan.baselines.select_related("saved_by").order_by("number")
    return page_of(baselines, page, baseline_out)


@router.get(
    "/projects/{code}/baselines/{int:number}",
    response={200: BaselineDetailOut, **READ_ERRORS},
    summary="One baseline with its frozen nodes (compare: GET the plan with ?baseline=N)",
)
def get_baseline(request: HttpRequest, code: Text, number: int) -> dict[str, Any]:
    plan = _plan(_project(signed_in(request), code))
    baseline = plan.baselines.select_related("saved_by").filter(number=number).first()
    if baseline is None:
        raise NotFound(_("There is no baseline {n}.").format(n=number))
    nodes = baseline.nodes.select_related("unit").order_by("sort", "id")
    return {
        **baseline_out(baseline),
        "nodes": [
            {
                "key": n.key,
                "name": n.name,
                "unit": n.unit.name,
                "duration": n.duration,
                "calendar": n.calendar,
                "early_start": n.early_start,
                "early_finish": n.early_finish,
                "late_start": n.late_start,
                "late_finish": n.late_finish,
                "total_float": n.total_float,
                "critical": n.critical,
                "status": n.status,
                "actual_start": n.actual_start,
                "actual_finish": n.actual_finish,
            }
            for n in nodes
        ],
    }


def event_out(event: PlanEvent) -> dict[str, Any]:
    return {
        "action": event.action,
        "node": event.node_name,
        "by": event.actor.username if event.actor else None,
        "at": event.at,
        "before": event.before,
        "after": event.after,
        "note": event.note,
    }


@router.get(
    "/projects/{code}/history",
    response={200: PlanEventPageOut, **READ_ERRORS},
    summary="Every change to the plan, newest first: who, when, before → after",
)
def list_plan_history(request: HttpRequest, code: Text, page: Query[PageIn]) -> dict[str, Any]:
    plan = _plan(_project(signed_in(request), code))
    events = plan.events.select_related("actor").order_by("-at", "-id")
    return page_of(events, page, event_out)


def template_out(template: Template) -> dict[str, Any]:
    names = {s.key: s.name for s in template.steps}
    return {
        "code": template.code,
        "label": template.label,
        "steps": [
            {
                "key": s.key,
                "name": s.name,
                "duration": s.duration,
                "calendar": s.calendar,
                "unit": s.unit,
                "after": [
                    {"node": key, "name": names[key], "type": kind, "lag": lag}
                    for key, kind, lag in s.after
                ],
            }
            for s in template.steps
        ],
    }


@router.get(
    "/templates",
    response={200: PlanTemplatePageOut, **READ_ERRORS},
    summary="The standard node chains (标准节点模板) a plan is generated from",
)
def list_plan_templates(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    return page_of(list(TEMPLATES.values()), page, template_out)


def _map_out(battle: selectors.BattleMap) -> dict[str, Any]:
    return {
        "title": battle.title,
        "status_date": battle.status_date,
        "counts": battle.counts,
        "node_count": battle.node_count,
        "projects": [
            {
                "project": {"code": row.project.code, "name": row.project.name},
                "unit": {"code": row.project.unit.code, "name": row.project.unit.name},
                "status_date": row.flags.status_date,
                "counts": row.flags.counts,
                "worst": row.flags.worst,
                "late_nodes": list(row.flags.late_nodes),
                "finish": row.flags.finish,
                "deadline": row.flags.deadline,
                "feasible": row.flags.feasible,
                "error": row.flags.error,
            }
            for row in battle.projects
        ],
        "late": [
            {
                "project": {"code": project.code, "name": project.name},
                "node": line.node.name,
                "unit": line.node.unit_name,
                "status": line.status,
                "late_start": line.late_start,
                "late_finish": line.late_finish,
            }
            for project, line in battle.late
        ],
    }


@router.get(
    "/units/{code}",
    response={200: BattleMapOut, **READ_ERRORS},
    summary="A unit's battle map (挂图作战): its projects' plans and its nodes in others'",
)
def get_unit_map(request: HttpRequest, code: Text, query: Query[MapQuery]) -> dict[str, Any]:
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is None or not can_view_unit(signed_in(request), unit):
        raise NotFound(_("No unit {code} is visible to you.").format(code=code))
    return _map_out(selectors.unit_map(unit, as_of=query.as_of))


@router.get(
    "/districts/{code}",
    response={200: BattleMapOut, **READ_ERRORS},
    summary="A district's battle map: every project with a plan",
)
def get_district_map(request: HttpRequest, code: Text, query: Query[MapQuery]) -> dict[str, Any]:
    region = Region.objects.filter(code=code, level=RegionLevel.DISTRICT).first()
    if region is None or not can_view_district(signed_in(request), region):
        raise NotFound(_("No district {code} is visible to you.").format(code=code))
    return _map_out(selectors.district_map(region, as_of=query.as_of))


# --- writing -------------------------------------------------------------------------------------


@router.post(
    "/projects/{code}/generate",
    response={201: TimetableOut, **WRITE_ERRORS},
    summary="Generate the reverse plan from a template and a deadline (the office)",
)
def generate_plan(request: HttpRequest, code: Text, payload: GenerateIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    project = _project(user, code)
    services.plan_generate(
        project=project,
        template=payload.template,
        deadline=payload.deadline,
        status_date=payload.status_date,
        replace=payload.replace,
        by=user,
    )
    return Status(201, timetable(user, project))


@router.patch(
    "/projects/{code}",
    response={200: TimetableOut, **WRITE_ERRORS},
    summary="Change the plan's deadline, not-before date or status date (the office)",
)
def update_plan_dates(request: HttpRequest, code: Text, payload: PlanDatesIn) -> dict[str, Any]:
    user = signed_in(request)
    project = _project(user, code)
    plan = _plan(project)
    sent = payload.model_dump(exclude_unset=True)
    services.plan_update(
        plan=plan,
        by=user,
        deadline=sent.get("deadline", plan.deadline),
        start=sent.get("start", plan.start),
        status_date=sent.get("status_date", plan.status_date),
    )
    return timetable(user, project)


def _node_fields(plan: Plan, project: Project, payload: NodeIn) -> dict[str, Any]:
    unit = project.unit
    if payload.unit:
        found = Unit.objects.filter(code=payload.unit).first()
        if found is None:
            raise ValidationFailed(
                "unknown_unit",
                _("There is no unit {code}.").format(code=payload.unit),
                field="unit",
            )
        unit = found
    by_key = {n.key: n for n in plan.nodes.filter(key__in=[d.node for d in payload.after])}
    after = []
    for dep in payload.after:
        predecessor = by_key.get(dep.node)
        if predecessor is None:
            raise ValidationFailed(
                "unknown_node",
                _("“{key}” names no node of this plan.").format(key=dep.node),
                field="after",
            )
        after.append(services.DependencySpec(predecessor, dep.type, dep.lag))
    return {
        "name": payload.name,
        "duration": payload.duration,
        "calendar": payload.calendar,
        "unit": unit,
        "after": after,
        "note": payload.note,
        "sort": payload.sort,
    }


@router.post(
    "/projects/{code}/nodes",
    response={201: TimetableOut, **WRITE_ERRORS},
    summary="Add a node to the plan (the office)",
)
def add_plan_node(request: HttpRequest, code: Text, payload: NodeIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    project = _project(user, code)
    plan = _plan(project)
    services.node_save(plan=plan, by=user, **_node_fields(plan, project, payload))
    return Status(201, timetable(user, project))


@router.put(
    "/nodes/{node_id}",
    response={200: TimetableOut, **WRITE_ERRORS},
    summary="Change a node: name, duration, calendar, unit, what it waits for (the office)",
)
def edit_plan_node(request: HttpRequest, node_id: NodeId, payload: NodeIn) -> dict[str, Any]:
    user = signed_in(request)
    node = _node(user, node_id)
    project = node.plan.project
    services.node_save(
        plan=node.plan, by=user, node=node, **_node_fields(node.plan, project, payload)
    )
    return timetable(user, project)


@router.delete(
    "/nodes/{node_id}",
    response={200: TimetableOut, **WRITE_ERRORS},
    summary="Remove a node no other node waits for (the office)",
)
def delete_plan_node(request: HttpRequest, node_id: NodeId) -> dict[str, Any]:
    user = signed_in(request)
    node = _node(user, node_id)
    services.node_delete(node=node, by=user)
    return timetable(user, node.plan.project)


@router.post(
    "/nodes/{node_id}/progress",
    response={200: TimetableOut, **WRITE_ERRORS},
    summary="Report a node's actual start and finish (its responsible unit, or the office)",
)
def report_node_progress(
    request: HttpRequest, node_id: NodeId, payload: ProgressIn
) -> dict[str, Any]:
    user = signed_in(request)
    node = _node(user, node_id)
    services.node_progress(
        node=node,
        by=user,
        actual_start=payload.actual_start,
        actual_finish=payload.actual_finish,
        remaining=payload.remaining,
        note=payload.note,
    )
    return timetable(user, node.plan.project)


@router.post(
    "/projects/{code}/baselines",
    response={201: BaselineOut, **WRITE_ERRORS},
    summary="Freeze the plan as it stands into a new baseline (the office)",
)
def save_baseline(request: HttpRequest, code: Text, payload: BaselineIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    plan = _plan(_project(user, code))
    baseline = services.baseline_save(plan=plan, by=user, name=payload.name)
    return Status(
        201, baseline_out(Baseline.objects.select_related("saved_by").get(pk=baseline.pk))
    )
