"""Reverse plans of the 2013 demo (SPEC §6): Liandu's key projects on the battle map.

Each plan is generated from its template back from a deadline, as the office did when 三挂 began:
generated on 8 May 2013, its baseline saved on 10 May, then the units' actual dates up to the
status date of 23 October 2013 (the article's date). The story's stuck cases (古城岛, 之江监狱,
1000KV浙南站) were stuck at the May baseline and caught up after it; the resettlement housing of
联城 was handed over on 18 October exactly as planned; a few projects have nodes behind or
overdue. Deterministic (seeded, no clock) and fast: bulk inserts, one engine run per plan and
moment.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from sangua.engine import calendar as workdays
from sangua.engine.calendar import Calendar, OfficialCalendar
from sangua.orgs.models import User
from sangua.projects.models import Project

from .calendars import current_official_calendar
from .choices import PlanAction
from .models import Plan, PlanEvent, PlanNode
from .schedules import NodeRow, PlanData, load_plans, run
from .seeding import ensure_official_calendar
from .services import freeze, write_template_nodes
from .templates_catalog import suggested_template, template_for

TZ = ZoneInfo("Asia/Shanghai")
LIANDU = "331102"
STATUS_DAY = dt.date(2013, 10, 23)  # the article's date
GENERATED_DAY = dt.date(2013, 5, 8)
BASELINE_DAY = dt.date(2013, 5, 10)  # 三挂 began in May

# Projects of the story: template, plan deadline, how their nodes went.
STORY: dict[str, tuple[str, dt.date, str]] = {
    "古城岛房屋拆迁及环境整治工程": ("demolition", dt.date(2013, 11, 15), "story"),
    "之江监狱迁建工程（清场交地）": ("demolition", dt.date(2013, 9, 30), "story"),
    "1000KV浙南站工程（政策处理）": ("power", dt.date(2014, 12, 26), "story"),
    "联城城郊农民新社区一期安置住房": ("housing", dt.date(2013, 10, 18), "exact"),
}
# Projects whose nodes ran late: "behind" (a node not started by its latest start) or "overdue"
# (a node still running past its latest finish), with the deadline the office set when it is not
# the project's target date.
LATE: dict[str, tuple[str, dt.date | None]] = {
    "好溪堰水利风景区整治": ("behind", dt.date(2014, 10, 31)),
    "瓯江（莲都段）防洪堤工程": ("overdue", None),
    "丽水火车站站前广场改造": ("overdue", None),
    "联城工业区块道路网": ("behind", None),
    "丽龙高速碧湖连接线": ("behind", dt.date(2014, 12, 31)),
}


def aware(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class Actual:
    start: dt.date | None = None
    finish: dt.date | None = None


class Simulation:
    """Actual dates of one plan's nodes, walking them in plan order from their latest dates."""

    def __init__(
        self, data: PlanData, late: dict[str, tuple[dt.date, dt.date]], official: OfficialCalendar
    ) -> None:
        self.data = data
        self.late = late
        self.calendars = {
            "all": Calendar(base="all"),
            "mon-fri": Calendar(base="mon-fri"),
            "cn": Calendar(base="cn", official=official),
        }

    def working(self, node: NodeRow, day: dt.date) -> dt.date:
        return workdays.next(self.calendars[node.calendar], day, 1, False)

    def finish_of(self, node: NodeRow, start: dt.date, days: int) -> dt.date:
        if days <= 0:
            return start
        return workdays.next(self.calendars[node.calendar], start, days, False)

    def slipping(self, profile: str) -> str | None:
        """The node that runs late: the last due to start by the status date (``behind``), or
        the last due to finish a month before it (``overdue``)."""
        due = [
            (self.late[n.key][1 if profile == "overdue" else 0], n.key)
            for n in self.data.nodes
            if n.duration
        ]
        limit = STATUS_DAY - dt.timedelta(days=30) if profile == "overdue" else STATUS_DAY
        candidates = [item for item in due if item[0] <= limit]
        return max(candidates)[1] if candidates else None

    def run(self, profile: str, rng: random.Random, begin: dt.date) -> dict[int, Actual]:
        """Actual dates by node id. ``exact``: each node on its latest dates; ``story``: stuck
        before May, fast after; else as soon as possible from ``begin`` (the project's start),
        with one node late for ``behind`` (not started) and ``overdue`` (three times as long)."""
        actual: dict[int, Actual] = {}
        nodes = {n.id: n for n in self.data.nodes}
        slip_key = self.slipping(profile)
        if slip_key is None and profile in ("behind", "overdue"):
            profile = "ahead"  # nothing was due yet
        for node in self.data.nodes:
            latest_start, latest_finish = self.late[node.key]
            speed, stuck = 1.0, False
            if profile == "exact":
                if latest_start <= STATUS_DAY:
                    finish = latest_finish if latest_finish <= STATUS_DAY else None
                    actual[node.id] = Actual(latest_start, finish)
                continue
            if profile == "story":
                if latest_start <= BASELINE_DAY:
                    desired = latest_start + dt.timedelta(days=rng.randint(20, 40))  # stuck
                else:
                    desired = BASELINE_DAY  # after 三挂 began: as soon as the nodes before allow
                speed = 0.5 if desired >= BASELINE_DAY else 1.0
            elif profile in ("behind", "overdue"):
                # Started late, so it tracks the reverse plan's latest dates closely; then the
                # last node due to start (behind) or to finish (overdue) by the status date slips.
                desired = latest_start - dt.timedelta(days=rng.randint(0, 8))
                if node.key == slip_key and profile == "behind":
                    desired = STATUS_DAY + dt.timedelta(days=30)
                elif node.key == slip_key:
                    stuck = True  # started, never finished
            else:
                desired = begin + dt.timedelta(days=rng.randint(0, 10))
            start: dt.date | None = desired
            finish_floor: dt.date | None = None
            unfinished = False
            for dep in self.data.after.get(node.id, ()):
                before = actual.get(dep.predecessor_id)
                pred = nodes[dep.predecessor_id]
                if dep.type == "FS":
                    bound = before.finish if before else None
                    if bound is not None and (node.duration or pred.duration == 0):
                        gap = 0 if profile == "story" else rng.randint(0, 6)
                        bound += dt.timedelta(days=1 + dep.lag + gap)
                else:  # SS; FF too: it may start once the other has, and finish after it
                    bound = before.start if before else None
                    if bound is not None and dep.type == "SS" and dep.lag:
                        bound = self.finish_of(node, bound, dep.lag + 1)
                    if dep.type == "FF" and before is not None:
                        if before.finish is None:
                            unfinished = True
                        else:
                            floor = self.finish_of(node, before.finish, dep.lag + 1)
                            finish_floor = max(finish_floor or floor, floor)
                if bound is None or start is None:
                    start = None
                    break
                start = max(start, bound)
            if start is None:
                continue
            start = self.working(node, start) if node.duration else start
            if start > STATUS_DAY:
                continue
            if profile == "story" and start > BASELINE_DAY:
                speed = 0.5
            finish = self.finish_of(node, start, math.ceil(node.duration * speed))
            if finish_floor is not None:
                finish = max(finish, finish_floor)
            done = finish <= STATUS_DAY and not unfinished and not stuck
            actual[node.id] = Actual(start, finish if done else None)
        return actual


def _as_of(data: PlanData, actual: dict[int, Actual], day: dt.date) -> PlanData:
    """The plan as it stood on ``day``: only the actual dates known by then."""
    nodes = []
    for n in data.nodes:
        a = actual.get(n.id, Actual())
        start = a.start if a.start and a.start <= day else None
        finish = a.finish if start and a.finish and a.finish <= day else None
        nodes.append(replace(n, actual_start=start, actual_finish=finish))
    return PlanData(data.plan, nodes, data.after)


def _choices(projects: list[Project]) -> list[tuple[Project, str, dt.date, str]]:
    chosen = []
    for project in projects:
        if project.name in STORY:
            template, deadline, profile = STORY[project.name]
        else:
            suggestion = suggested_template(project.name, project.category)
            if suggestion is None:
                continue
            profile, chosen_deadline = LATE.get(project.name, ("ahead", None))
            template, deadline = suggestion.value, chosen_deadline or project.target_date
        chosen.append((project, template, deadline, profile))
    return chosen


def build_planning_demo() -> None:
    """Generate, baseline and progress the reverse plans of Liandu's demo projects."""
    projects = list(
        Project.objects.filter(region__code=LIANDU)
        .select_related("unit", "region")
        .order_by("code")
    )
    office = User.objects.filter(username="office").first()
    reporters = {u.unit_id: u for u in User.objects.filter(region__code=LIANDU, role="reporter")}
    ensure_official_calendar()  # a flushed test database may have lost the seeded table
    official = current_official_calendar()
    chosen = _choices(projects)
    plans = Plan.objects.bulk_create(
        Plan(project=p, template=t, deadline=d, status_date=STATUS_DAY, created_by=office)
        for p, t, d, _profile in chosen
    )
    for plan, (project, template, _d, _p) in zip(plans, chosen, strict=True):
        plan.project = project
        tpl = template_for(template)
        assert tpl is not None
        write_template_nodes(plan, tpl, project)
    loaded = load_plans(plans)
    changed: list[PlanNode] = []
    events: list[PlanEvent] = []
    for plan, (project, _t, deadline, profile) in zip(plans, chosen, strict=True):
        rng = random.Random(f"sangua-plan-{project.code}")
        data = loaded[plan.pk]
        empty = run(data, as_of=GENERATED_DAY, official=official)
        assert empty.result is not None, empty.error
        day = dt.date.fromordinal
        late = {
            n.key: (day(empty.result.late_starts[i]), day(empty.result.late_finishes[i]))
            for i, n in enumerate(data.nodes)
        }
        actual = Simulation(data, late, official).run(profile, rng, project.start_date)
        events.append(
            PlanEvent(
                plan=plan,
                action=PlanAction.GENERATE,
                actor=office,
                at=aware(GENERATED_DAY, 10),
                after={"template": plan.template, "deadline": deadline.isoformat()},
            )
        )
        at_may = run(_as_of(data, actual, BASELINE_DAY), as_of=BASELINE_DAY, official=official)
        freeze(at_may, name="三挂启动基线（2013年5月）", by=office, at=aware(BASELINE_DAY, 16))
        events.append(
            PlanEvent(
                plan=plan,
                action=PlanAction.BASELINE,
                actor=office,
                at=aware(BASELINE_DAY, 16),
                after={"number": 1, "name": "三挂启动基线（2013年5月）"},
            )
        )
        for n in data.nodes:
            a = actual.get(n.id)
            if a is None:
                continue
            node = PlanNode(pk=n.id, actual_start=a.start, actual_finish=a.finish)
            changed.append(node)
            by = reporters.get(n.unit_id, office)
            for when, after in (
                (a.start, {"actual_start": a.start.isoformat() if a.start else None}),
                (a.finish, {"actual_finish": a.finish.isoformat() if a.finish else None}),
            ):
                if when is None or (n.duration == 0 and "actual_finish" in after):
                    continue
                events.append(
                    PlanEvent(
                        plan=plan,
                        action=PlanAction.PROGRESS,
                        node_key=n.key,
                        node_name=n.name,
                        actor=by,
                        at=aware(max(when, GENERATED_DAY), 17),
                        after=after,
                    )
                )
    PlanNode.objects.bulk_update(changed, ["actual_start", "actual_finish"], batch_size=500)
    PlanEvent.objects.bulk_create(events, batch_size=1000)
