"""Stored plans through the engine: load many plans' nodes in two queries, build the engine's
:class:`~sangua.engine.scheduling.Plan`, schedule it, and read the result node by node.

Nothing derived is written to the database. A schedule depends on the status date, which is
"today" for most plans, so stored dates would go stale overnight without anyone touching the plan.
Instead the engine's result is memoized in the process, keyed on the engine's exact input (the
tasks, the dates and the official calendar): an entry can never be stale, because any change to a
node, a dependency, the plan's dates, the status date or the calendar table is a different key.
Nothing needs invalidating, and a district's 300 plans cost a dictionary look-up each after the
first read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import timezone

from sangua.engine.calendar import OfficialCalendar
from sangua.engine.scheduling import (
    Dependency,
    DependencyType,
    Schedule,
    ScheduleError,
    Task,
    schedule,
)
from sangua.engine.scheduling import Plan as EnginePlan

from .calendars import current_official_calendar
from .models import Plan, PlanDependency, PlanNode

NODE_FIELDS = (
    "id",
    "plan_id",
    "key",
    "name",
    "duration",
    "calendar",
    "unit_id",
    "sort",
    "actual_start",
    "actual_finish",
    "remaining",
    "note",
    "unit__name",
)


@dataclass(frozen=True, slots=True)
class NodeRow:
    """A node as the schedule needs it (read with ``values_list``, no model instance)."""

    id: int
    plan_id: int
    key: str
    name: str
    duration: int
    calendar: str
    unit_id: int
    sort: int
    actual_start: dt.date | None
    actual_finish: dt.date | None
    remaining: int | None
    note: str
    unit_name: str

    @property
    def milestone(self) -> bool:
        return self.duration == 0


@dataclass(frozen=True, slots=True)
class DepRow:
    """A dependency: ``successor`` waits for ``predecessor``."""

    successor_id: int
    predecessor_id: int
    type: str
    lag: int


@dataclass
class PlanData:
    """One plan's rows: its nodes in plan order and, per node id, the dependencies it waits for."""

    plan: Plan
    nodes: list[NodeRow] = field(default_factory=list)
    after: dict[int, list[DepRow]] = field(default_factory=lambda: defaultdict(list))

    def tasks(self) -> tuple[Task, ...]:
        """The engine's tasks, in plan order (ids are the nodes' keys)."""
        keys = {n.id: n.key for n in self.nodes}
        return tuple(
            Task(
                id=n.key,
                duration=n.duration,
                after=tuple(
                    Dependency(keys[d.predecessor_id], DependencyType(d.type), d.lag)
                    for d in self.after.get(n.id, ())
                ),
                calendar=n.calendar,
                name=n.name,
                actual_start=n.actual_start,
                actual_finish=n.actual_finish,
                remaining=n.remaining,
            )
            for n in self.nodes
        )


def load_plans(plans: Sequence[Plan]) -> dict[int, PlanData]:
    """The nodes and dependencies of ``plans``, by plan id, in two queries whatever their number."""
    data = {p.pk: PlanData(p) for p in plans}
    if not data:
        return data
    for row in (
        PlanNode.objects.filter(plan_id__in=data)
        .order_by("plan_id", "sort", "id")
        .values_list(*NODE_FIELDS)
    ):
        node = NodeRow(*row)
        data[node.plan_id].nodes.append(node)
    for plan_id, successor, predecessor, kind, lag in (
        PlanDependency.objects.filter(plan_id__in=data)
        .order_by("id")
        .values_list("plan_id", "successor_id", "predecessor_id", "type", "lag")
    ):
        data[plan_id].after[successor].append(DepRow(successor, predecessor, kind, lag))
    return data


def status_date_of(plan: Plan, as_of: dt.date | None = None) -> dt.date:
    """The date progress is judged at: ``as_of`` when given, else the plan's own status date
    (数据日期), else today."""
    if as_of is not None:
        return as_of
    return plan.status_date or timezone.localdate()


@lru_cache(maxsize=4096)
def _schedule(
    tasks: tuple[Task, ...],
    start: dt.date | None,
    deadline: dt.date | None,
    status_date: dt.date,
    official: OfficialCalendar,
) -> Schedule:
    return schedule(
        EnginePlan(
            tasks=tasks,
            start=start,
            deadline=deadline,
            status_date=status_date,
            default_calendar="all",
            official=official,
        )
    )


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_IN_PATH = re.compile(r"(?:(?<=cycle: )|(?<=→ ))([^\s→\"]+)")  # a cycle's path: "cycle: A → B → A"


def explain(message: str, names: dict[str, str]) -> str:
    """The engine's message with each node key it quotes, or lists in a cycle's path, followed
    by the node's name."""

    def named(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"{match.group(0)}（{names[key]}）" if key in names else match.group(0)

    return _IN_PATH.sub(named, _QUOTED.sub(named, message))


@dataclass(frozen=True)
class Scheduled:
    """A plan with its schedule on a status date; ``error`` says why there is none."""

    data: PlanData
    status_date: dt.date
    result: Schedule | None
    error: str | None = None

    @property
    def plan(self) -> Plan:
        return self.data.plan

    @property
    def nodes(self) -> list[NodeRow]:
        return self.data.nodes


def run(
    data: PlanData, *, as_of: dt.date | None = None, official: OfficialCalendar | None = None
) -> Scheduled:
    """Schedule one loaded plan (memoized on its exact input); an engine error is returned, with
    the nodes named, not raised."""
    status = status_date_of(data.plan, as_of)
    if not data.nodes:
        return Scheduled(data, status, None)
    official = official or current_official_calendar()
    try:
        result = _schedule(data.tasks(), data.plan.start, data.plan.deadline, status, official)
    except ScheduleError as exc:
        names = {n.key: n.name for n in data.nodes}
        return Scheduled(data, status, None, explain(str(exc), names))
    return Scheduled(data, status, result)


def run_many(plans: Iterable[Plan], *, as_of: dt.date | None = None) -> dict[int, Scheduled]:
    """Schedule many plans in a fixed number of queries (nodes, dependencies, the calendar)."""
    plans = list(plans)
    if not plans:
        return {}
    official = current_official_calendar()
    return {pk: run(data, as_of=as_of, official=official) for pk, data in load_plans(plans).items()}
