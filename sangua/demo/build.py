"""Build the demo: Lishui and its nine areas, 2011–2013, telling Liandu's 2013 story (SPEC §6).

Deterministic: the same data on every run (seeded generators, no clock). Figures are exact by
construction: each area's year-to-date completion follows a curve of shares of its annual plan,
and Liandu's end-of-September share is exactly 0.9806 of its annual plan (98.06 %).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from sangua.orgs.choices import RegionLevel, Role, UnitKind
from sangua.orgs.models import Person, Region, Unit, User
from sangua.planning.demo import build_planning_demo
from sangua.progress.choices import ReportAction, ReportState
from sangua.progress.models import MonthlyReport, Publication, ReportEvent
from sangua.progress.services import report_due_date
from sangua.projects.choices import ProjectState
from sangua.projects.models import MONTH_FIELDS, InvestmentPlan, Project
from sangua.supervision.demo import build_supervision_demo

from . import places

TZ = ZoneInfo("Asia/Shanghai")
CENT = Decimal("0.01")
YEARS = (2011, 2012, 2013)
STORY_YEAR = 2013
PUBLISHED_UNTIL = (2013, 9)
IN_REVIEW_MONTH = 10  # Liandu's October 2013 reports are coming in when the demo "opens"
DEMO_PASSWORD = "sangua2013"
LIANDU = "331102"

# Monthly plan profile (per cent of the annual plan, January first): slow around the Spring
# Festival, rising towards the year end, as key-project plans usually are.
PLAN_PROFILE = (3, 3, 6, 8, 9, 9, 9, 9, 10, 11, 11, 12)

# Year-to-date completion as a share of the annual plan at the end of April, September and
# December, per area and year. Liandu 2013 is the story: 8th of 9 in April, 98.06 % in September.
CURVES: dict[str, dict[int, tuple[str, str, str]]] = {
    "331102": {
        2011: ("0.10", "0.44", "0.86"),
        2012: ("0.12", "0.47", "0.88"),
        2013: ("0.145", "0.9806", "1.05"),
    },
    "331121": {
        2011: ("0.20", "0.66", "0.97"),
        2012: ("0.22", "0.70", "0.99"),
        2013: ("0.26", "0.9352", "1.02"),
    },
    "331122": {
        2011: ("0.18", "0.63", "0.95"),
        2012: ("0.20", "0.66", "0.96"),
        2013: ("0.24", "0.9015", "1.00"),
    },
    "331123": {
        2011: ("0.22", "0.68", "0.98"),
        2012: ("0.24", "0.71", "1.01"),
        2013: ("0.29", "0.8788", "1.01"),
    },
    "331124": {
        2011: ("0.17", "0.61", "0.93"),
        2012: ("0.19", "0.64", "0.95"),
        2013: ("0.21", "0.8436", "0.99"),
    },
    "331125": {
        2011: ("0.19", "0.64", "0.96"),
        2012: ("0.21", "0.67", "0.97"),
        2013: ("0.23", "0.8102", "0.98"),
    },
    "331126": {
        2011: ("0.16", "0.58", "0.91"),
        2012: ("0.18", "0.62", "0.93"),
        2013: ("0.20", "0.7857", "0.97"),
    },
    "331127": {
        2011: ("0.12", "0.52", "0.88"),
        2012: ("0.13", "0.55", "0.90"),
        2013: ("0.125", "0.7523", "0.96"),
    },
    "331181": {
        2011: ("0.21", "0.67", "0.97"),
        2012: ("0.23", "0.69", "0.98"),
        2013: ("0.27", "0.7216", "0.95"),
    },
}


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cumulative_share(curve: tuple[str, str, str], month: int) -> Decimal:
    """Year-to-date share at the end of a month: piecewise linear through 0, April, September, December."""
    april, september, december = (Decimal(x) for x in curve)
    if month <= 4:
        return april * month / 4
    if month <= 9:
        return april + (september - april) * (month - 4) / 5
    return september + (december - september) * (month - 9) / 3


@dataclass
class DemoProject:
    code: str
    name: str
    category: str
    unit: str
    leader_post: str
    behaviour: str
    start: dt.date
    target: dt.date
    annual: dict[int, Decimal] = field(default_factory=dict)
    plan: dict[int, list[Decimal]] = field(default_factory=dict)
    done: dict[int, list[Decimal]] = field(default_factory=dict)


def monthly_plan(annual: Decimal, first_month: int) -> list[Decimal]:
    """Split an annual plan over the months from first_month, by the profile; the last month takes the rest."""
    weights = [w if k + 1 >= first_month else 0 for k, w in enumerate(PLAN_PROFILE)]
    total = sum(weights)
    months = [q(annual * w / total) for w in weights]
    months[-1] += annual - sum(months)
    return months


def factor(p: DemoProject, year: int, month: int, rng: random.Random) -> Decimal:
    """How much of its share of the area's monthly completion a project takes, by behaviour."""
    base = Decimal(str(round(rng.uniform(0.85, 1.15), 3)))
    if year != STORY_YEAR:
        return base
    if p.behaviour == "story-stuck":
        return Decimal("0") if 2 <= month <= 4 else (Decimal("1.6") if month >= 5 else base)
    if p.behaviour == "stalled-late":
        return Decimal("0") if month in (8, 9) else base
    if p.behaviour == "slow":
        return Decimal("0.55") * base
    return base


def distribute(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split an exact amount by weights into cents; the largest weight takes the rounding rest."""
    weight_sum = sum(weights)
    if weight_sum == 0:
        return [Decimal("0.00")] * len(weights)
    parts = [q(total * w / weight_sum) for w in weights]
    biggest = max(range(len(weights)), key=lambda i: weights[i])
    parts[biggest] += total - sum(parts)
    return parts


def area_projects(code: str, area_name: str, rng: random.Random) -> list[DemoProject]:
    """The area's key projects with start and target dates (Liandu's are named in places.py)."""
    if code == LIANDU:
        specs = places.LIANDU_PROJECTS
    else:
        towns = places.TOWNSHIPS[code]
        prefix = area_name[-1] if area_name[-1] in "县市区" else "县"
        short = area_name.removesuffix("畲族自治县").removesuffix("县").removesuffix("市")
        departments = [prefix + d for d, _post in places.DEPARTMENTS]
        leader_posts = [post.format(k=prefix) for post in places.LEADER_POSTS]
        specs = []
        names = list(places.GENERIC_PROJECT_NAMES)
        rng.shuffle(names)
        for i, (pattern, category) in enumerate(names[: 14 + rng.randrange(5)]):
            town = towns[i % len(towns)]
            unit = town if "{town}" in pattern else departments[i % len(departments)]
            behaviour = rng.choice(["normal"] * 6 + ["slow", "stalled-late"])
            specs.append(
                (
                    pattern.format(town=town, area=short),
                    category,
                    unit,
                    leader_posts[i % len(leader_posts)],
                    behaviour,
                )
            )
    projects = []
    for i, (name, category, unit, leader, behaviour) in enumerate(specs, start=1):
        start_year = rng.choice([2011, 2011, 2012, 2012, 2013])
        start = dt.date(
            start_year,
            rng.choice([1, 2, 3, 3, 4, 5, 6]) if start_year == STORY_YEAR else rng.randrange(1, 13),
            1,
        )
        target = dt.date(
            max(STORY_YEAR, start_year + rng.choice([1, 2, 3])), rng.randrange(1, 13), 28
        )
        if name.startswith("联城城郊农民新社区"):
            start, target = dt.date(2011, 3, 1), dt.date(2013, 10, 18)
        projects.append(
            DemoProject(f"{code}-{i:03d}", name, category, unit, leader, behaviour, start, target)
        )
    return projects


def fill_figures(area: str, projects: list[DemoProject], rng: random.Random) -> None:
    """Give each project its annual plans and monthly completions so the area follows its curve."""
    for year in YEARS:
        active = [p for p in projects if p.start.year <= year <= p.target.year]
        for p in active:
            size = Decimal(
                rng.choice([8, 12, 15, 20, 25, 30, 40, 50, 60, 80, 120]) * 100
                + rng.randrange(0, 10) * 50
            )
            p.annual[year] = size
            first = p.start.month if p.start.year == year else 1
            p.plan[year] = monthly_plan(size, first)
            p.done[year] = [Decimal("0.00")] * 12
        area_annual = sum(p.annual[year] for p in active)
        last_month = 9 if year == STORY_YEAR else 12
        previous = Decimal("0.00")
        for month in range(1, last_month + 1):
            cumulative = q(area_annual * cumulative_share(CURVES[area][year], month))
            weights = [p.plan[year][month - 1] * factor(p, year, month, rng) for p in active]
            for p, amount in zip(active, distribute(cumulative - previous, weights), strict=True):
                p.done[year][month - 1] = amount
            previous = cumulative
        if year == STORY_YEAR and area == LIANDU:
            for p in active:  # October: the reports coming in, not yet approved
                p.done[year][IN_REVIEW_MONTH - 1] = q(
                    p.plan[year][IN_REVIEW_MONTH - 1] * factor(p, year, IN_REVIEW_MONTH, rng)
                )


def aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def progress_text(p: DemoProject, year: int, month: int, amount: Decimal) -> str:
    span = max((p.target - p.start).days, 1)
    elapsed = (dt.date(year, month, 15) - p.start).days / span
    phase = (
        "early"
        if elapsed < 0.2
        else "site"
        if elapsed < 0.45
        else "main"
        if elapsed < 0.8
        else "late"
    )
    phrases = places.PROGRESS_PHRASES[phase]
    return f"本月完成投资{amount}万元，{phrases[(month + len(p.name)) % len(phrases)]}。"


class DemoBuilder:
    """Writes the demo in one transaction with bulk inserts (a few seconds on SQLite)."""

    def __init__(self) -> None:
        self.rng = random.Random(20131023)  # the article's date
        self.reports: list[MonthlyReport] = []
        self.report_events: list[tuple[MonthlyReport, list[ReportEvent]]] = []

    @transaction.atomic
    def build(self) -> None:
        city = Region.objects.create(
            code=places.CITY[0], name=places.CITY[1], level=RegionLevel.CITY
        )
        city_office = Person.objects.create(region=city, post="市重点办主任")
        self.users: dict[str, User] = {}
        self._user("city", "丽水市重点办", Role.OFFICE, region=city, person=city_office)
        self._user("admin", "系统管理员", Role.OFFICE, region=city, superuser=True)
        for sort, (code, name, kind) in enumerate(places.DISTRICTS):
            region = Region.objects.create(
                code=code, name=name, level=RegionLevel.DISTRICT, parent=city, sort=sort
            )
            self._area(region, kind)
        self._write_reports()
        build_supervision_demo()
        build_planning_demo()

    def _user(
        self,
        username: str,
        display: str,
        role: Role,
        *,
        region: Region | None = None,
        unit: Unit | None = None,
        person: Person | None = None,
        superuser: bool = False,
    ) -> User:
        user = User(
            username=username,
            display_name=display,
            role=role,
            region=region,
            unit=unit,
            person=person,
            is_superuser=superuser,
            is_staff=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.users[username] = user
        return user

    def _area(self, region: Region, kind: str) -> None:
        rng = random.Random(f"sangua-demo-{region.code}")
        leaders = {
            post.format(k=kind): Person.objects.create(
                region=region, post=post.format(k=kind), is_leader=True
            )
            for post in places.LEADER_POSTS
        }
        units: dict[str, Unit] = {}
        for sort, town in enumerate(places.TOWNSHIPS[region.code], start=1):
            is_street = town.endswith("街道")
            head = Person.objects.create(
                region=region, post=town + ("党工委书记" if is_street else "党委书记")
            )
            units[town] = Unit.objects.create(
                region=region,
                code=f"{region.code}-T{sort:02d}",
                name=town,
                kind=UnitKind.STREET if is_street else UnitKind.TOWNSHIP,
                head=head,
                sort=sort,
            )
        for sort, (dept, post) in enumerate(places.DEPARTMENTS, start=1):
            name = kind + dept
            head = Person.objects.create(region=region, post=name + post)
            units[name] = Unit.objects.create(
                region=region,
                code=f"{region.code}-D{sort:02d}",
                name=name,
                kind=UnitKind.DEPARTMENT,
                head=head,
                sort=100 + sort,
            )
        projects = area_projects(region.code, region.name, rng)
        fill_figures(region.code, projects, rng)
        for p in projects:
            unit = units[p.unit]
            state = (
                ProjectState.COMPLETED
                if p.target < dt.date(2013, 11, 1)
                else ProjectState.UNDER_CONSTRUCTION
            )
            project = Project.objects.create(
                code=p.code,
                name=p.name,
                region=region,
                unit=unit,
                leader=leaders[p.leader_post],
                unit_head=unit.head,
                contact=f"{unit.name}项目联络员",
                contact_phone=f"0578-2{rng.randrange(100000, 999999)}",
                category=p.category,
                location=f"丽水市{region.name}{unit.name if unit.kind != UnitKind.DEPARTMENT else ''}",
                total_investment=sum(p.annual.values(), Decimal("0"))
                + Decimal(rng.randrange(0, 40) * 500),
                start_date=p.start,
                target_date=p.target,
                state=state,
            )
            InvestmentPlan.objects.bulk_create(
                InvestmentPlan(
                    project=project,
                    year=year,
                    annual_amount=p.annual[year],
                    **dict(zip(MONTH_FIELDS, p.plan[year], strict=True)),
                )
                for year in sorted(p.annual)
            )
            self._reports(project, p, rng)
        Publication.objects.bulk_create(
            Publication(
                region=region,
                year=year,
                month=month,
                published_at=aware(report_due_date(year, month) + dt.timedelta(days=5), 16),
                published_by=None,
            )
            for year in YEARS
            for month in range(1, 13)
            if (year, month) <= PUBLISHED_UNTIL
        )
        if region.code == LIANDU:
            self._liandu_users(region, leaders, units)

    def _reports(self, project: Project, p: DemoProject, rng: random.Random) -> None:
        for year in sorted(p.annual):
            for month in range(1, 13):
                plan, done = p.plan[year][month - 1], p.done[year][month - 1]
                due = report_due_date(year, month)
                if (year, month) <= PUBLISHED_UNTIL:
                    if plan == 0 and done == 0:
                        continue
                    state = ReportState.APPROVED
                elif (year, month) == (
                    STORY_YEAR,
                    IN_REVIEW_MONTH,
                ) and project.region.code == LIANDU:
                    roll = rng.random()
                    if roll < 0.2:
                        continue  # not reported yet: shows as missing on the dashboard
                    state = ReportState.DRAFT if roll < 0.35 else ReportState.SUBMITTED
                else:
                    continue
                problems = (
                    places.PROBLEMS[(month + year) % len(places.PROBLEMS)]
                    if done == 0 and plan > 0
                    else ""
                )
                submitted = aware(due - dt.timedelta(days=rng.choice([3, 2, 1, 0, 0, -1, -2])), 10)
                report = MonthlyReport(
                    project=project,
                    year=year,
                    month=month,
                    amount=done,
                    progress=progress_text(p, year, month, done),
                    problems=problems,
                    state=state,
                    due_date=due,
                )
                events = [
                    ReportEvent(
                        action=ReportAction.CREATE,
                        at=submitted - dt.timedelta(days=2),
                        after={"amount": str(done)},
                    )
                ]
                if state != ReportState.DRAFT:
                    report.first_submitted_at = report.submitted_at = submitted
                    events.append(
                        ReportEvent(
                            action=ReportAction.SUBMIT,
                            at=submitted,
                            after={"amount": str(done), "state": "submitted"},
                        )
                    )
                if state == ReportState.APPROVED:
                    report.reviewed_at = submitted + dt.timedelta(days=2)
                    events.append(
                        ReportEvent(
                            action=ReportAction.APPROVE,
                            at=report.reviewed_at,
                            after={"amount": str(done), "state": "approved"},
                        )
                    )
                self.report_events.append((report, events))

    def _write_reports(self) -> None:
        reports = MonthlyReport.objects.bulk_create(
            [r for r, _ in self.report_events], batch_size=2000
        )
        events = []
        for report, (_r, items) in zip(reports, self.report_events, strict=True):
            for event in items:
                event.report = report
                events.append(event)
        ReportEvent.objects.bulk_create(events, batch_size=5000)

    def _liandu_users(
        self, region: Region, leaders: dict[str, Person], units: dict[str, Unit]
    ) -> None:
        office_head = Person.objects.create(region=region, post="区重点办主任")
        supervisor = Person.objects.create(region=region, post="区效能办督查员")
        self._user("office", "莲都区重点办", Role.OFFICE, region=region, person=office_head)
        self._user("leader", "区长", Role.LEADER, region=region, person=leaders["区长"])
        liancheng = units["联城街道"]
        self._user(
            "head",
            "联城街道党工委书记",
            Role.UNIT_HEAD,
            unit=liancheng,
            region=region,
            person=liancheng.head,
        )
        self._user("reporter", "联城街道填报员", Role.REPORTER, unit=liancheng, region=region)
        self._user(
            "reporter2", "紫金街道填报员", Role.REPORTER, unit=units["紫金街道"], region=region
        )
        self._user("supervisor", "联合督查组", Role.SUPERVISOR, region=region, person=supervisor)
        self._user("viewer", "区发改局（查看）", Role.VIEWER, region=region)


LOGINS = [
    ("office", "莲都区重点办 (key project office)"),
    ("city", "丽水市重点办 (city office)"),
    ("leader", "莲都区区长 (leader)"),
    ("head", "联城街道 unit head"),
    ("reporter", "联城街道 reporter"),
    ("reporter2", "紫金街道 reporter"),
    ("supervisor", "联合督查组 (supervisor)"),
    ("viewer", "viewer"),
    ("admin", "administrator (Django admin)"),
]


def demo_present() -> bool:
    return Region.objects.filter(code=places.CITY[0]).exists()


def load_demo() -> bool:
    """Load the demo into the database unless it is there already; True when it was loaded now."""
    if demo_present():
        return False
    DemoBuilder().build()
    return True
