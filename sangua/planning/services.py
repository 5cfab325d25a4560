"""Writes to reverse plans: generate from a template, change dates and nodes, report progress,
save baselines. Every write is checked by the engine (a change that makes the plan impossible to
schedule is refused, with the engine's reason), kept in the plan's history and in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import record
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.orgs.models import Unit, User
from sangua.projects.models import Project

from .choices import DependencyKind, NodeCalendar, PlanAction
from .models import Baseline, BaselineNode, Plan, PlanDependency, PlanEvent, PlanNode
from .permissions import can_manage, can_report
from .schedules import Scheduled, load_plans, run
from .templates_catalog import Template, template_for

MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class DependencySpec:
    """A dependency as a form gives it: the predecessor node, the type and the lag."""

    predecessor: PlanNode
    type: str = DependencyKind.FS
    lag: int = 0


# --- helpers ----------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _plan_snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "start": _iso(plan.start),
        "deadline": _iso(plan.deadline),
        "status_date": _iso(plan.status_date),
    }


def _node_snapshot(node: PlanNode, after: Sequence[PlanDependency] | None = None) -> dict[str, Any]:
    snap: dict[str, Any] = {
        "name": node.name,
        "duration": node.duration,
        "calendar": node.calendar,
        "unit": node.unit.name if node.unit_id else None,
        "actual_start": _iso(node.actual_start),
        "actual_finish": _iso(node.actual_finish),
        "remaining": node.remaining,
        "note": node.note,
    }
    if after is not None:
        snap["after"] = [f"{d.predecessor.name} {d.type}+{d.lag}" for d in after]
    return snap


def _progress_snapshot(node: PlanNode) -> dict[str, Any]:
    return {
        "actual_start": _iso(node.actual_start),
        "actual_finish": _iso(node.actual_finish),
        "remaining": node.remaining,
        "note": node.note,
    }


def _event(
    plan: Plan,
    action: PlanAction,
    by: User | None,
    *,
    node: PlanNode | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> PlanEvent:
    """Keep the change in the plan's history and in the audit trail."""
    event = PlanEvent.objects.create(
        plan=plan,
        action=action,
        node_key=node.key if node else "",
        node_name=node.name if node else "",
        actor=by,
        at=at or timezone.now(),
        before=before,
        after=after,
        note=note[:500],
    )
    record(
        actor=by,
        action=f"planning.{action}",
        obj=node if node is not None and node.pk else plan,
        before=before,
        after=after,
    )
    return event


def _check_date(value: dt.date | None, field: str) -> None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationFailed(
            "date_out_of_range",
            _("{date} is outside the years {first}–{last}.").format(
                date=value, first=MIN_YEAR, last=MAX_YEAR
            ),
            field=field,
        )


def _schedules(plan: Plan) -> Scheduled:
    """Schedule the plan as it now stands in this transaction; refuse the write if it cannot be."""
    scheduled = run(load_plans([plan])[plan.pk])
    if scheduled.error:
        raise ValidationFailed(
            "schedule_error",
            _("The plan cannot be scheduled: {reason}").format(reason=scheduled.error),
        )
    return scheduled


def _require_manager(user: User, project: Project) -> None:
    if not can_manage(user, project):
        raise NotAllowed(
            _("Only the key project office of {district} may change this plan.").format(
                district=project.region.name
            )
        )


def _locked_plan(plan: Plan) -> Plan:
    """The plan row, locked for this transaction (serialises writers on PostgreSQL). Only the plan:
    locking its project and district too (a join's rows) deadlocked with writes pointing at them."""
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("project__region")
        .get(pk=plan.pk)
    )


# --- generation -----------------------------------------------------------------------------


def _units_for(project: Project, template: Template) -> dict[str | None, Unit]:
    """The responsible unit of each step: the district's department by suffix, else the owner."""
    wanted = {s.unit for s in template.steps if s.unit}
    units: dict[str | None, Unit] = {None: project.unit}
    for unit in Unit.objects.filter(region_id=project.region_id).order_by("sort", "code"):
        for suffix in wanted:
            if suffix not in units and unit.name.endswith(suffix):
                units[suffix] = unit
    return {s.unit: units.get(s.unit, project.unit) for s in template.steps}


def write_template_nodes(plan: Plan, template: Template, project: Project) -> list[PlanNode]:
    """Create a template's nodes and dependencies in a plan that has none (two bulk inserts)."""
    units = _units_for(project, template)
    nodes = PlanNode.objects.bulk_create(
        PlanNode(
            plan=plan,
            key=s.key,
            name=s.name,
            duration=s.duration,
            calendar=s.calendar,
            unit=units[s.unit],
            sort=(i + 1) * 10,
        )
        for i, s in enumerate(template.steps)
    )
    by_key = {n.key: n for n in nodes}
    PlanDependency.objects.bulk_create(
        PlanDependency(
            plan=plan,
            successor=by_key[s.key],
            predecessor=by_key[key],
            type=kind,
            lag=lag,
        )
        for s in template.steps
        for key, kind, lag in s.after
    )
    return nodes


@transaction.atomic
def plan_generate(
    *,
    project: Project,
    template: str,
    deadline: dt.date,
    by: User,
    status_date: dt.date | None = None,
    replace: bool = False,
) -> Plan:
    """Generate a project's reverse plan from a template and a deadline (倒排计划生成): the
    template's nodes are created and the engine schedules them back from the deadline."""
    _require_manager(by, project)
    chosen = template_for(template)
    if chosen is None:
        raise ValidationFailed(
            "unknown_template",
            _("There is no template {code}.").format(code=template),
            field="template",
        )
    if deadline is None:
        raise ValidationFailed("deadline_required", _("A deadline is required."), field="deadline")
    _check_date(deadline, "deadline")
    _check_date(status_date, "status_date")
    plan = Plan.objects.select_for_update().filter(project=project).first()
    before = None
    if plan is not None and plan.nodes.exists():
        if not replace:
            raise Conflict(
                "plan_exists",
                _("{project} has a plan already; replace it or change its nodes.").format(
                    project=project.name
                ),
            )
        if plan.nodes.filter(actual_start__isnull=False).exists():
            raise Conflict(
                "plan_in_progress",
                _(
                    "Units have reported progress on this plan; change its nodes instead of "
                    "generating it again."
                ),
            )
        before = {**_plan_snapshot(plan), "template": plan.template, "nodes": plan.nodes.count()}
        plan.nodes.all().delete()  # dependencies go with them; baselines keep their copies
    if plan is None:
        plan = Plan(project=project, created_by=by)
    plan.template = chosen.code
    plan.start = None
    plan.deadline = deadline
    plan.status_date = status_date
    plan.save()
    nodes = write_template_nodes(plan, chosen, project)
    scheduled = _schedules(plan)
    assert scheduled.result is not None
    _event(
        plan,
        PlanAction.GENERATE,
        by,
        before=before,
        after={
            **_plan_snapshot(plan),
            "template": chosen.code.value,
            "nodes": len(nodes),
            "first_late_start": _iso(
                min(scheduled.result.tasks, key=lambda t: t.late_start).late_start
            ),
        },
    )
    return plan


# --- plan dates -------------------------------------------------------------------------------


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    by: User,
    deadline: dt.date | None,
    start: dt.date | None = None,
    status_date: dt.date | None = None,
) -> Plan:
    """Change a plan's deadline, its not-before date or its status date (数据日期)."""
    plan = _locked_plan(plan)
    _require_manager(by, plan.project)
    if deadline is None and start is None:
        raise ValidationFailed(
            "deadline_required", _("A plan needs a deadline or a start."), field="deadline"
        )
    for value, field in ((deadline, "deadline"), (start, "start"), (status_date, "status_date")):
        _check_date(value, field)
    if start and deadline and deadline < start:
        raise ValidationFailed(
            "deadline_before_start", _("The deadline is before the start."), field="deadline"
        )
    before = _plan_snapshot(plan)
    plan.deadline, plan.start, plan.status_date = deadline, start, status_date
    plan.save()
    _schedules(plan)
    _event(plan, PlanAction.SETTINGS, by, before=before, after=_plan_snapshot(plan))
    return plan


# --- nodes --------------------------------------------------------------------------------------


def _clean_node_fields(name: str, duration: int, calendar: str, note: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed(
            "invalid_name", _("A node needs a name of at most 100 characters."), field="name"
        )
    if not isinstance(duration, int) or not 0 <= duration <= 3650:
        raise ValidationFailed(
            "invalid_duration",
            _("The duration is a whole number of days from 0 to 3650."),
            field="duration",
        )
    if calendar not in NodeCalendar.values:
        raise ValidationFailed(
            "invalid_calendar",
            _("Unknown calendar {value}.").format(value=calendar),
            field="calendar",
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationFailed(
            "too_long", _("The note is longer than 500 characters."), field="note"
        )
    return name, note


def _next_key(plan: Plan) -> str:
    keys = set(plan.nodes.values_list("key", flat=True))
    n = len(keys) + 1
    while f"N{n:02d}" in keys:
        n += 1
    return f"N{n:02d}"


@transaction.atomic
def node_save(
    *,
    plan: Plan,
    by: User,
    name: str,
    duration: int,
    calendar: str,
    unit: Unit,
    after: Sequence[DependencySpec] = (),
    note: str = "",
    node: PlanNode | None = None,
    sort: int | None = None,
) -> PlanNode:
    """Add a node to a plan or change one (the office): name, duration, calendar, unit, what it
    waits for. Actual dates are the units' (:func:`node_progress`)."""
    plan = _locked_plan(plan)
    _require_manager(by, plan.project)
    name, note = _clean_node_fields(name, duration, calendar, note)
    if unit.region_id != plan.project.region_id:
        raise ValidationFailed(
            "unit_elsewhere",
            _("The responsible unit is not in the project's district."),
            field="unit",
        )
    seen: set[int] = set()
    for dep in after:
        if dep.predecessor.plan_id != plan.pk:
            raise ValidationFailed(
                "foreign_node", _("A dependency names a node of another plan."), field="after"
            )
        if node is not None and dep.predecessor.pk == node.pk:
            raise ValidationFailed(
                "self_dependency", _("A node cannot wait for itself."), field="after"
            )
        if dep.predecessor.pk in seen:
            raise ValidationFailed(
                "duplicate_dependency",
                _("{node} is named twice.").format(node=dep.predecessor.name),
                field="after",
            )
        if dep.type not in DependencyKind.values or not 0 <= int(dep.lag) <= 3650:
            raise ValidationFailed("invalid_dependency", _("Invalid dependency."), field="after")
        seen.add(dep.predecessor.pk)
    if node is None:
        action, before = PlanAction.NODE_ADD, None
        if sort is None:
            sort = (plan.nodes.aggregate(m=Max("sort"))["m"] or 0) + 10
        node = PlanNode(plan=plan, key=_next_key(plan), sort=sort)
    else:
        node = PlanNode.objects.select_related("unit").get(pk=node.pk, plan=plan)
        action = PlanAction.NODE_EDIT
        before = _node_snapshot(node, list(node.after.select_related("predecessor").order_by("id")))
        if sort is not None:
            node.sort = sort
    node.name, node.duration, node.calendar, node.unit, node.note = (
        name,
        duration,
        calendar,
        unit,
        note,
    )
    if duration == 0 and node.actual_start:
        node.actual_finish, node.remaining = node.actual_start, None
    node.save()
    node.after.all().delete()
    deps = PlanDependency.objects.bulk_create(
        PlanDependency(
            plan=plan, successor=node, predecessor=d.predecessor, type=d.type, lag=int(d.lag)
        )
        for d in after
    )
    _schedules(plan)
    _event(plan, action, by, node=node, before=before, after=_node_snapshot(node, deps))
    return node


@transaction.atomic
def node_delete(*, node: PlanNode, by: User) -> None:
    """Remove a node from its plan (its dependencies go with it; baselines keep their copy)."""
    plan = _locked_plan(node.plan)
    _require_manager(by, plan.project)
    node = PlanNode.objects.select_related("unit").get(pk=node.pk, plan=plan)
    if node.followers.exists():
        raise Conflict(
            "node_has_followers",
            _("Other nodes wait for {node}; change them first.").format(node=node.name),
        )
    _event(plan, PlanAction.NODE_DELETE, by, node=node, before=_node_snapshot(node))
    node.delete()
    if plan.nodes.exists():
        _schedules(plan)


# --- progress (the units) --------------------------------------------------------------------


@transaction.atomic
def node_progress(
    *,
    node: PlanNode,
    by: User,
    actual_start: dt.date | None,
    actual_finish: dt.date | None = None,
    remaining: int | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> PlanNode:
    """Record a node's actual start and finish (and days remaining) — its responsible unit's job
    (the office may correct it)."""
    plan = _locked_plan(node.plan)
    node = PlanNode.objects.select_related("unit").get(pk=node.pk, plan=plan)
    if not can_report(by, plan.project, node.unit_id):
        raise NotAllowed(
            _("Only {unit} reports progress on “{node}”.").format(
                unit=node.unit.name, node=node.name
            )
        )
    today = timezone.localdate()
    for value, field in ((actual_start, "actual_start"), (actual_finish, "actual_finish")):
        _check_date(value, field)
        if value is not None and value > today:
            raise ValidationFailed(
                "future_date",
                _("{date} has not come yet: actual dates are reported once they happen.").format(
                    date=value
                ),
                field=field,
            )
    if node.is_milestone and actual_start and actual_finish is None:
        actual_finish = actual_start  # a milestone is reached on a day
    if actual_finish and not actual_start:
        raise ValidationFailed(
            "finish_without_start",
            _("A node cannot finish before it has started: give its actual start."),
            field="actual_start",
        )
    if actual_start and actual_finish and actual_finish < actual_start:
        raise ValidationFailed(
            "finish_before_start",
            _("The actual finish is before the actual start."),
            field="actual_finish",
        )
    if node.is_milestone and actual_start and actual_finish != actual_start:
        raise ValidationFailed(
            "milestone_one_day",
            _("A milestone is reached on one day: its start and finish are the same."),
            field="actual_finish",
        )
    if remaining is not None and (not actual_start or actual_finish):
        remaining = None  # only a node in progress has days remaining
    if remaining is not None and not 0 <= remaining <= 3650:
        raise ValidationFailed(
            "invalid_remaining", _("Remaining days run from 0 to 3650."), field="remaining"
        )
    before = _progress_snapshot(node)
    node.actual_start, node.actual_finish, node.remaining = actual_start, actual_finish, remaining
    if note is not None:
        note = note.strip()
        if len(note) > 500:
            raise ValidationFailed(
                "too_long", _("The note is longer than 500 characters."), field="note"
            )
        node.note = note
    after = _progress_snapshot(node)
    if after == before:
        return node
    node.save()
    _schedules(plan)
    _event(plan, PlanAction.PROGRESS, by, node=node, before=before, after=after, at=at)
    return node


# --- baselines ------------------------------------------------------------------------------


def freeze(
    scheduled: Scheduled, *, name: str, by: User | None, at: dt.datetime | None = None
) -> Baseline:
    """Write a baseline of a scheduled plan (its nodes and their computed dates), numbered next."""
    result = scheduled.result
    if result is None:
        raise ValidationFailed(
            "cannot_freeze",
            scheduled.error or _("An empty plan has nothing to keep as a baseline."),
        )
    plan = scheduled.plan
    number = (plan.baselines.aggregate(n=Max("number"))["n"] or 0) + 1
    baseline = Baseline.objects.create(
        plan=plan,
        number=number,
        name=(name or "").strip()[:100] or _("Baseline {n}").format(n=number),
        saved_at=at or timezone.now(),
        saved_by=by,
        start=plan.start,
        deadline=result.deadline,
        status_date=scheduled.status_date,
        finish=result.finish,
        feasible=result.feasible,
    )
    day = dt.date.fromordinal
    statuses = result.statuses or ()
    BaselineNode.objects.bulk_create(
        BaselineNode(
            baseline=baseline,
            key=n.key,
            name=n.name,
            unit_id=n.unit_id,
            sort=n.sort,
            duration=n.duration,
            calendar=n.calendar,
            early_start=day(result.early_starts[i]),
            early_finish=day(result.early_finishes[i]),
            late_start=day(result.late_starts[i]),
            late_finish=day(result.late_finishes[i]),
            total_float=result.total_floats[i],
            critical=result.criticals[i],
            status=statuses[i] if statuses else "",
            actual_start=n.actual_start,
            actual_finish=n.actual_finish,
        )
        for i, n in enumerate(scheduled.nodes)
    )
    return baseline


@transaction.atomic
def baseline_save(*, plan: Plan, by: User, name: str = "") -> Baseline:
    """Freeze the plan as it stands into a new baseline (保存基线); earlier ones stay as they are."""
    plan = _locked_plan(plan)
    _require_manager(by, plan.project)
    scheduled = run(load_plans([plan])[plan.pk])
    if scheduled.error:
        raise ValidationFailed(
            "schedule_error",
            _("The plan cannot be scheduled: {reason}").format(reason=scheduled.error),
        )
    baseline = freeze(scheduled, name=name, by=by)
    _event(
        plan,
        PlanAction.BASELINE,
        by,
        after={
            "number": baseline.number,
            "name": baseline.name,
            "finish": _iso(baseline.finish),
            "status_date": _iso(baseline.status_date),
        },
    )
    return baseline
