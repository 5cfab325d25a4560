"""Reads of reverse plans: a project's timetable and roadmap, baseline comparisons, the battle maps
of a unit and of a district, and the schedule flags the project lists show beside the light."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse

from sangua.core.errors import NotFound
from sangua.orgs.models import Region, Unit, User
from sangua.orgs.scopes import is_unit_user
from sangua.projects.models import Project
from sangua.projects.selectors import visible_projects

from .choices import LATE_STATUSES, STATUS_SEVERITY, NodeStatus
from .gantt import NODE, PROJECT, GanttData
from .models import Baseline, BaselineNode, Plan, PlanEvent
from .schedules import NodeRow, PlanData, Scheduled, load_plans, run, run_many

AnyUser = User | AnonymousUser
_SEVERITY = {status: rank for rank, status in enumerate(STATUS_SEVERITY)}


def worst_status(statuses: Iterable[str]) -> str | None:
    """The most severe status of a set (overdue, behind, in progress, not started, done)."""
    return min(statuses, key=_SEVERITY.__getitem__, default=None)


# --- which project a user may open --------------------------------------------------------------


def project_for_plan(user: AnyUser, code: str) -> Project:
    """A project whose plan the user may see: one in their scope, or — for a unit user — one
    where their unit is responsible for a node. Else NotFound (existence is not revealed)."""
    projects = visible_projects(user)
    if is_unit_user(user):
        projects = Project.objects.filter(
            Q(pk__in=projects.values("pk"))
            | Q(reverse_plan__nodes__unit_id=getattr(user, "unit_id", None))
        )
    project = (
        projects.select_related("region", "unit", "leader").filter(code=code).distinct().first()
    )
    if project is None:
        raise NotFound(f"project {code}")
    return project


# --- one plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeLine:
    """A node of the timetable (时间表) with its computed dates and, when compared, its slip."""

    node: NodeRow
    after: tuple[str, ...]
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float: int
    critical: bool
    status: str | None
    base: BaselineNode | None = None

    @property
    def status_label(self) -> str:
        return str(NodeStatus(self.status).label) if self.status else ""

    @property
    def late(self) -> bool:
        return self.status in LATE_STATUSES

    @property
    def start(self) -> dt.date:
        """Its start as it stands: actual, else forecast."""
        return self.node.actual_start or self.early_start

    @property
    def finish(self) -> dt.date:
        return self.node.actual_finish or self.early_finish

    @property
    def start_slip(self) -> int | None:
        """Calendar days later (positive) or earlier than the baseline's start."""
        return None if self.base is None else (self.start - self.base.early_start).days

    @property
    def finish_slip(self) -> int | None:
        return None if self.base is None else (self.finish - self.base.early_finish).days


def lines_of(scheduled: Scheduled, base: dict[str, BaselineNode] | None = None) -> list[NodeLine]:
    """The timetable's lines of a scheduled plan, in plan order."""
    result = scheduled.result
    if result is None:
        return []
    names = {n.id: n.name for n in scheduled.nodes}
    day = dt.date.fromordinal
    statuses = result.statuses
    base = base or {}
    return [
        NodeLine(
            node=n,
            after=tuple(
                names[d.predecessor_id]
                + (
                    ""
                    if d.type == "FS" and not d.lag
                    else f" {d.type}{f'+{d.lag}' if d.lag else ''}"
                )
                for d in scheduled.data.after.get(n.id, ())
            ),
            early_start=day(result.early_starts[i]),
            early_finish=day(result.early_finishes[i]),
            late_start=day(result.late_starts[i]),
            late_finish=day(result.late_finishes[i]),
            total_float=result.total_floats[i],
            critical=result.criticals[i],
            status=statuses[i] if statuses else None,
            base=base.get(n.key),
        )
        for i, n in enumerate(scheduled.nodes)
    ]


@dataclass
class Comparison:
    """Today's plan against one baseline: the nodes that moved, and those added or removed."""

    baseline: Baseline
    slipped: list[NodeLine]
    gained: list[NodeLine]
    added: list[NodeLine]
    removed: list[BaselineNode]
    finish_slip: int = 0  # calendar days the plan's finish moved since the baseline

    @property
    def finish_earlier(self) -> int:
        return -self.finish_slip


@dataclass
class PlanView:
    """Everything the plan page shows: the schedule, the timetable, baselines and a comparison."""

    project: Project
    plan: Plan | None
    scheduled: Scheduled | None = None
    lines: list[NodeLine] = field(default_factory=list)
    baselines: list[Baseline] = field(default_factory=list)
    comparison: Comparison | None = None

    @property
    def error(self) -> str | None:
        return self.scheduled.error if self.scheduled else None

    @property
    def result(self) -> Any:
        return self.scheduled.result if self.scheduled else None

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(line.status for line in self.lines if line.status)
        return {status: found.get(status, 0) for status in STATUS_SEVERITY}

    @property
    def late(self) -> list[NodeLine]:
        return [line for line in self.lines if line.late]


def plan_view(
    project: Project, *, as_of: dt.date | None = None, baseline: int | None = None
) -> PlanView:
    """A project's plan scheduled on its status date (or ``as_of``), compared with baseline
    number ``baseline`` (the latest when None, none when 0)."""
    plan = Plan.objects.filter(project=project).first()
    if plan is None:
        return PlanView(project, None)
    plan.project = project
    scheduled = run(load_plans([plan])[plan.pk], as_of=as_of)
    baselines = list(plan.baselines.select_related("saved_by").order_by("number"))
    chosen = None
    if baselines and baseline != 0:
        chosen = next((b for b in baselines if b.number == baseline), None)
        if chosen is None:
            if baseline is not None:
                raise NotFound(f"baseline {baseline}")
            chosen = baselines[-1]
    base = {b.key: b for b in chosen.nodes.all()} if chosen else None
    lines = lines_of(scheduled, base)
    view = PlanView(project, plan, scheduled, lines, baselines)
    if chosen is not None and base is not None:
        keys = {line.node.key for line in lines}
        comparison = Comparison(
            baseline=chosen,
            slipped=[ln for ln in lines if (ln.finish_slip or 0) > 0 or (ln.start_slip or 0) > 0],
            gained=[ln for ln in lines if (ln.finish_slip or 0) < 0],
            added=[ln for ln in lines if ln.base is None],
            removed=[b for key, b in base.items() if key not in keys],
        )
        if scheduled.result is not None:
            comparison.finish_slip = (scheduled.result.finish - chosen.finish).days
        view.comparison = comparison
    return view


def plan_history(plan: Plan, limit: int = 200) -> list[PlanEvent]:
    """The plan's changes, newest first."""
    return list(plan.events.select_related("actor").order_by("-at", "-id")[:limit])


def project_gantt(view: PlanView) -> dict[str, Any]:
    """The roadmap (路径图) of one plan: every node, all its dependencies, the baseline behind."""
    scheduled = view.scheduled
    data = GanttData(scheduled.status_date if scheduled else None, title=view.project.name)
    if scheduled is None or scheduled.result is None:
        return data.as_json()
    _add_nodes(data, scheduled, view.lines, links="all")
    if view.plan and view.plan.deadline:
        data.deadline(view.plan.deadline)
    return data.as_json()


def _add_nodes(
    data: GanttData,
    scheduled: Scheduled,
    lines: Sequence[NodeLine],
    *,
    links: str,
    own_unit: int | None = None,
    only_own: bool = False,
) -> dict[int, int]:
    """Add a plan's node rows (and their links) to a Gantt; returns node id → row index."""
    rows: dict[int, int] = {}
    for line in lines:
        n = line.node
        own = own_unit is None or n.unit_id == own_unit
        if only_own and not own:
            continue
        rows[n.id] = data.add(
            kind=NODE,
            name=n.name,
            unit=n.unit_name,
            es=line.early_start,
            ef=line.early_finish,
            ls=line.late_start,
            lf=line.late_finish,
            actual_start=n.actual_start,
            actual_finish=n.actual_finish,
            baseline_start=line.base.early_start if line.base else None,
            baseline_finish=line.base.early_finish if line.base else None,
            status=line.status,
            critical=line.critical,
            milestone=n.milestone,
            own=own,
        )
    critical = {line.node.id for line in lines if line.critical}
    for successor, deps in scheduled.data.after.items():
        for d in deps:
            both = d.predecessor_id in critical and successor in critical
            if d.predecessor_id in rows and successor in rows and (links == "all" or both):
                data.link(rows[d.predecessor_id], rows[successor], both)
    return rows


# --- schedule flags beside the investment light ---------------------------------------------------


@dataclass(frozen=True)
class ScheduleFlags:
    """A project's plan on a date: node counts by status, the worst, the late nodes' names."""

    project_id: int
    plan_id: int
    status_date: dt.date
    counts: dict[str, int]
    worst: str | None
    late_nodes: tuple[str, ...]
    finish: dt.date | None = None
    deadline: dt.date | None = None
    feasible: bool = True
    error: str | None = None
    url: str = ""  # the plan's timetable

    @property
    def slow(self) -> bool:
        """Slow on schedule (进度缓慢): a node is behind or overdue."""
        return bool(self.late_nodes)

    @property
    def overdue(self) -> int:
        return self.counts.get("overdue", 0)

    @property
    def behind(self) -> int:
        return self.counts.get("behind", 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def flags_of(scheduled: Scheduled, project: Project) -> ScheduleFlags:
    """The flags of one scheduled plan."""
    plan = scheduled.plan
    counts = dict.fromkeys(STATUS_SEVERITY, 0)
    result = scheduled.result
    url = reverse("planning:timetable", args=[project.code])
    if result is None:
        return ScheduleFlags(
            project.pk,
            plan.pk,
            scheduled.status_date,
            counts,
            None,
            (),
            error=scheduled.error,
            url=url,
        )
    statuses = result.statuses or ()
    late = []
    for node, status in zip(scheduled.nodes, statuses, strict=True):
        counts[status] += 1
        if status in LATE_STATUSES:
            late.append(node.name)
    return ScheduleFlags(
        project_id=project.pk,
        plan_id=plan.pk,
        status_date=scheduled.status_date,
        counts=counts,
        worst=worst_status(statuses),
        late_nodes=tuple(late),
        finish=result.finish,
        deadline=result.deadline,
        feasible=result.feasible,
        url=url,
    )


def schedule_flags(
    projects: Iterable[Project | int], as_of: dt.date | None = None
) -> dict[int, ScheduleFlags]:
    """Per project id (projects without a plan are absent): its nodes' statuses on ``as_of`` —
    when None, on each plan's own status date (数据日期), else today. A node behind or overdue
    makes the project slow on schedule. A fixed number of queries: plans, nodes, dependencies and
    the official calendar, however many projects."""
    ids = [p if isinstance(p, int) else p.pk for p in projects]
    if not ids:
        return {}
    plans = list(Plan.objects.filter(project_id__in=ids).select_related("project"))
    return {
        s.plan.project_id: flags_of(s, s.plan.project)
        for s in run_many(plans, as_of=as_of).values()
    }


# --- battle maps of a unit and a district -----------------------------------------------------------


@dataclass(frozen=True)
class MapProject:
    """A project's row in a battle map's list."""

    project: Project
    flags: ScheduleFlags
    url: str


@dataclass
class BattleMap:
    """A unit's or a district's battle map: its projects with flags, the late nodes and the Gantt."""

    title: str
    status_date: dt.date
    projects: list[MapProject]
    late: list[tuple[Project, NodeLine]]
    gantt: GanttData
    node_count: int

    @property
    def counts(self) -> dict[str, int]:
        total = Counter[str]()
        for p in self.projects:
            total.update(p.flags.counts)
        return {status: total.get(status, 0) for status in STATUS_SEVERITY}


def _latest_baselines(plan_ids: Sequence[int]) -> dict[int, dict[str, BaselineNode]]:
    """The latest baseline's nodes of each plan, by key (two queries)."""
    latest: dict[int, int] = {}
    for pk, plan_id in (
        Baseline.objects.filter(plan_id__in=plan_ids)
        .order_by("number")
        .values_list("pk", "plan_id")
    ):
        latest[plan_id] = pk
    by_baseline: dict[int, dict[str, BaselineNode]] = {pk: {} for pk in latest.values()}
    for node in BaselineNode.objects.filter(baseline_id__in=list(latest.values())).only(
        "baseline_id", "key", "early_start", "early_finish"
    ):
        by_baseline[node.baseline_id][node.key] = node
    return {plan_id: by_baseline[pk] for plan_id, pk in latest.items()}


def _map_status_date(scheduled: Iterable[Scheduled], as_of: dt.date | None) -> dt.date:
    if as_of is not None:
        return as_of
    found = Counter(s.status_date for s in scheduled)
    if not found:
        from django.utils import timezone

        return timezone.localdate()
    return found.most_common(1)[0][0]


def battle_map(
    plans: Sequence[Plan],
    *,
    title: str,
    as_of: dt.date | None = None,
    unit: Unit | None = None,
) -> BattleMap:
    """The battle map of some plans: one summary row per project, then its nodes. For a unit, its
    own projects show every node and other projects only the unit's nodes."""
    plans = sorted(plans, key=lambda p: p.project.code)
    scheduled = run_many(plans, as_of=as_of)
    baselines = _latest_baselines([p.pk for p in plans])
    status_date = _map_status_date(scheduled.values(), as_of)
    data = GanttData(status_date, title=title, highlight_own=unit is not None)
    rows: list[MapProject] = []
    late: list[tuple[Project, NodeLine]] = []
    nodes = 0
    for plan in plans:
        s = scheduled[plan.pk]
        project = plan.project
        flags = flags_of(s, project)
        url = reverse("planning:roadmap", args=[project.code])
        rows.append(MapProject(project, flags, url))
        lines = lines_of(s, baselines.get(plan.pk))
        only_own = unit is not None and project.unit_id != unit.pk
        shown = [ln for ln in lines if not only_own or ln.node.unit_id == unit.pk]  # type: ignore[union-attr]
        late.extend((project, ln) for ln in shown if ln.late)
        if not shown:
            continue
        result = s.result
        assert result is not None
        data.add(
            kind=PROJECT,
            name=f"{project.code} {project.name}",
            unit=project.unit.name,
            es=min(ln.start for ln in shown),
            ef=max(ln.finish for ln in shown),
            lf=plan.deadline,
            status=worst_status(ln.status for ln in shown if ln.status),
            url=url,
        )
        _add_nodes(
            data,
            s,
            shown,
            links="critical",
            own_unit=unit.pk if unit else None,
        )
        nodes += len(shown)
    late.sort(key=lambda pl: (_SEVERITY[pl[1].status or "done"], pl[1].late_finish))
    return BattleMap(title, status_date, rows, late, data, nodes)


def unit_plans(unit: Unit) -> list[Plan]:
    """The plans of a unit's projects and of other projects where it is responsible for a node."""
    return list(
        Plan.objects.filter(Q(project__unit=unit) | Q(nodes__unit=unit))
        .select_related("project__unit", "project__region")
        .distinct()
    )


def district_plans(region: Region) -> list[Plan]:
    """The plans of a district's projects."""
    return list(
        Plan.objects.filter(project__region=region).select_related(
            "project__unit", "project__region"
        )
    )


def unit_map(unit: Unit, *, as_of: dt.date | None = None) -> BattleMap:
    """A unit's battle map (挂图): all its projects, and its nodes in others' projects."""
    return battle_map(unit_plans(unit), title=unit.name, as_of=as_of, unit=unit)


def district_map(region: Region, *, as_of: dt.date | None = None) -> BattleMap:
    """A district's battle map: every project with a plan."""
    return battle_map(district_plans(region), title=region.name, as_of=as_of)


def plan_data(plan: Plan) -> PlanData:
    """One plan's rows (for services and pages that need the raw nodes)."""
    return load_plans([plan])[plan.pk]
