""" "Why is this red?" — the rule (and its version) and the numbers behind a light, a stall, a
ranking position and a finding, down to the monthly reports. Reads only.

Every page says which rule-set version it applied: lights and rankings use the version in force
for the region (the one the dashboard and the wall use), a finding the version it was made under.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sangua.engine.accountability import Period
from sangua.engine.metrics import MONTHS, Figures, Light, Series, add_series, figures, rank
from sangua.orgs.models import Region, Unit
from sangua.orgs.scopes import district_ids_below
from sangua.progress.choices import ReportState
from sangua.progress.figures import load_series
from sangua.progress.models import MonthlyReport
from sangua.projects.models import Project

from .models import Finding, RuleSet
from .rules import engine_rules, rule_set_for

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReportRef:
    """One monthly report behind a number: counted when approved, listed either way."""

    id: int
    project_code: str
    project_name: str
    year_month: str  # 2013-09: the anchor of the report on the project page
    month: int
    amount: Decimal
    state: str
    state_label: str

    @property
    def counted(self) -> bool:
        return self.state == ReportState.APPROVED


@dataclass(frozen=True)
class MonthRow:
    """One month of the year: planned, approved completed, both cumulated, and its role in the rules."""

    month: int
    plan: Decimal | None
    done: Decimal
    plan_cumulative: Decimal | None
    done_cumulative: Decimal
    counted: bool  # within 1..m (or within the period, for a finding)
    examined_for_stall: bool


@dataclass(frozen=True)
class Contribution:
    """One member (project, unit or district) of a sum, with its figures and monthly amounts."""

    code: str
    name: str
    figures: Figures
    series: Series
    detail: str = ""  # the unit of a project, or the head of a unit


@dataclass
class LightWhy:
    """Why a project, unit or region has its light at the end of a month."""

    kind: str  # project, unit, region
    code: str
    name: str
    region: Region
    year: int
    month: int
    rule_set: RuleSet
    figures: Figures
    series: Series
    months: list[MonthRow]
    reasons: list[str]
    members: list[Contribution] = field(default_factory=list)
    reports: dict[int, list[ReportRef]] = field(default_factory=dict)  # month → reports
    project: Project | None = None

    @property
    def gap_to_green(self) -> Decimal | None:
        """How much more completion the green threshold needed (0 when green)."""
        if self.figures.plan_to_date <= 0:
            return None
        needed = self.figures.plan_to_date * self.rule_set.green_from / 100
        return max(needed - self.figures.completed, ZERO).quantize(Decimal("0.01"))

    @property
    def gap_to_yellow(self) -> Decimal | None:
        if self.figures.plan_to_date <= 0:
            return None
        needed = self.figures.plan_to_date * self.rule_set.red_below / 100
        return max(needed - self.figures.completed, ZERO).quantize(Decimal("0.01"))


def _month_rows(series: Series, counted: set[int], examined: tuple[int, ...]) -> list[MonthRow]:
    rows = []
    plan_sum: Decimal | None = ZERO if series.plan is not None else None
    done_sum = ZERO
    for k in range(1, MONTHS + 1):
        plan = series.plan[k - 1] if series.plan is not None else None
        done_sum += series.done[k - 1]
        if plan_sum is not None and plan is not None:
            plan_sum += plan
        rows.append(
            MonthRow(
                month=k,
                plan=plan,
                done=series.done[k - 1],
                plan_cumulative=plan_sum,
                done_cumulative=done_sum,
                counted=k in counted,
                examined_for_stall=k in examined,
            )
        )
    return rows


def light_reasons(result: Figures, rule_set: RuleSet) -> list[str]:
    """The rule clauses that decided the light, as stable codes the page turns into sentences."""
    if result.light == Light.GREY:
        return ["no_plan" if result.annual_plan <= 0 else "nothing_planned_to_date"]
    reasons = []
    if result.stalled:
        reasons.append("stalled")
    rate = result.plan_to_date_rate
    assert rate is not None
    if rate < rule_set.red_below:
        reasons.append("below_red")
    elif rate < rule_set.green_from:
        reasons.append("below_green")
    else:
        reasons.append("at_green")
    if not result.stalled and len(result.stall_months) >= rule_set.stall_months:
        reasons.append("not_stalled")
    elif not result.stalled:
        reasons.append("too_few_planned_months")
    return reasons


def _reports(project_ids: list[int], year: int) -> dict[int, list[ReportRef]]:
    """The year's monthly reports of these projects by month (every state; approved ones count)."""
    result: dict[int, list[ReportRef]] = defaultdict(list)
    rows = (
        MonthlyReport.objects.filter(project_id__in=project_ids, year=year)
        .select_related("project")
        .order_by("month", "project__code")
    )
    for r in rows:
        result[r.month].append(
            ReportRef(
                id=r.pk,
                project_code=r.project.code,
                project_name=r.project.name,
                month=r.month,
                amount=r.amount,
                state=r.state,
                state_label=str(r.get_state_display()),
                year_month=f"{year}-{r.month:02d}",
            )
        )
    return result


def project_why(project: Project, year: int, month: int) -> LightWhy:
    """A project's light and stall at the end of a month, with every report of its year."""
    rule_set = rule_set_for(project.region)
    series = load_series([project.pk], year)[project.pk]
    result = figures(series, month, engine_rules(rule_set))
    return LightWhy(
        kind="project",
        code=project.code,
        name=project.name,
        region=project.region,
        year=year,
        month=month,
        rule_set=rule_set,
        figures=result,
        series=series,
        months=_month_rows(series, set(range(1, month + 1)), result.stall_months),
        reasons=light_reasons(result, rule_set),
        reports=dict(_reports([project.pk], year)),
        project=project,
    )


def _members(
    projects: list[Project], year: int, month: int, rule_set: RuleSet
) -> tuple[Series, list[Contribution], dict[int, Series]]:
    series = load_series([p.pk for p in projects], year)
    rules = engine_rules(rule_set)
    members = [
        Contribution(
            code=p.code,
            name=p.name,
            figures=figures(series[p.pk], month, rules),
            series=series[p.pk],
            detail=p.unit.name,
        )
        for p in projects
    ]
    return add_series(series.values()), members, series


def unit_why(unit: Unit, year: int, month: int) -> LightWhy:
    """A unit's light: the same rules applied to the sum of its projects, each project shown."""
    rule_set = rule_set_for(unit.region)
    projects = list(Project.objects.filter(unit=unit).select_related("unit").order_by("code"))
    total, members, _series = _members(projects, year, month, rule_set)
    result = figures(total, month, engine_rules(rule_set))
    return LightWhy(
        kind="unit",
        code=unit.code,
        name=unit.name,
        region=unit.region,
        year=year,
        month=month,
        rule_set=rule_set,
        figures=result,
        series=total,
        months=_month_rows(total, set(range(1, month + 1)), result.stall_months),
        reasons=light_reasons(result, rule_set),
        members=members,
        reports=dict(_reports([p.pk for p in projects], year)),
    )


def region_why(region: Region, year: int, month: int) -> LightWhy:
    """A district's (or a city's) light: the sum of its units (or districts), each shown."""
    rule_set = rule_set_for(region)
    rules = engine_rules(rule_set)
    projects = list(
        Project.objects.filter(region_id__in=district_ids_below(region))
        .select_related("unit__head", "region")
        .order_by("code")
    )
    series = load_series([p.pk for p in projects], year)
    groups: dict[tuple[int, str, str, str], list[Series]] = defaultdict(list)
    for p in projects:
        if region.is_district:
            key = (p.unit.sort, p.unit.code, p.unit.name, str(p.unit.head or ""))
        else:
            key = (p.region.sort, p.region.code, p.region.name, "")
        groups[key].append(series[p.pk])
    members = []
    for (_sort, code, name, detail), parts in sorted(groups.items()):
        summed = add_series(parts)
        members.append(
            Contribution(
                code=code,
                name=name,
                figures=figures(summed, month, rules),
                series=summed,
                detail=detail,
            )
        )
    total = add_series(series.values())
    result = figures(total, month, rules)
    return LightWhy(
        kind="region",
        code=region.code,
        name=region.name,
        region=region,
        year=year,
        month=month,
        rule_set=rule_set,
        figures=result,
        series=total,
        months=_month_rows(total, set(range(1, month + 1)), result.stall_months),
        reasons=light_reasons(result, rule_set),
        members=members,
    )


# --- ranking position ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankLine:
    code: str
    name: str
    rank: int | None
    figures: Figures
    is_subject: bool
    shares_rank: bool


@dataclass
class RankWhy:
    """Why a unit (in its district) or a district (in its city) has its rank."""

    kind: str  # unit or region
    code: str
    name: str
    parent: Region
    year: int
    month: int
    rule_set: RuleSet
    lines: list[RankLine]

    @property
    def subject(self) -> RankLine:
        return next(line for line in self.lines if line.is_subject)

    @property
    def above(self) -> RankLine | None:
        index = self.lines.index(self.subject)
        return self.lines[index - 1] if index > 0 and self.subject.rank is not None else None

    @property
    def below(self) -> RankLine | None:
        index = self.lines.index(self.subject)
        nxt = self.lines[index + 1] if index + 1 < len(self.lines) else None
        return nxt if nxt is not None and nxt.rank is not None else None

    @property
    def tie_broken_by(self) -> str | None:
        """Which rule separated the subject from a neighbour with the same shown rate."""
        for other in (self.above, self.below):
            if (
                other is None
                or other.figures.completion_rate != self.subject.figures.completion_rate
            ):
                continue
            if other.figures.completed != self.subject.figures.completed:
                return "completed"
            return "shared" if other.rank == self.subject.rank else "code"
        return None


def rank_why(parent: Region, subject_code: str, year: int, month: int) -> RankWhy:
    """The full ranking of a subject's siblings with the rule that orders them (SPEC §3)."""
    rule_set = rule_set_for(parent)
    rules = engine_rules(rule_set)
    projects = list(
        Project.objects.filter(region_id__in=district_ids_below(parent))
        .select_related("unit", "region")
        .order_by("code")
    )
    series = load_series([p.pk for p in projects], year)
    groups: dict[str, list[Series]] = defaultdict(list)
    names: dict[str, str] = {}
    for p in projects:
        code, name = (
            (p.unit.code, p.unit.name) if parent.is_district else (p.region.code, p.region.name)
        )
        groups[code].append(series[p.pk])
        names[code] = name
    ranked = rank(
        (code, figures(add_series(parts), month, rules)) for code, parts in groups.items()
    )
    counts: dict[int | None, int] = defaultdict(int)
    for r in ranked:
        counts[r.rank] += 1
    lines = [
        RankLine(
            code=r.code,
            name=names[r.code],
            rank=r.rank,
            figures=r.figures,
            is_subject=r.code == subject_code,
            shares_rank=r.rank is not None and counts[r.rank] > 1,
        )
        for r in ranked
    ]
    return RankWhy(
        kind="unit" if parent.is_district else "region",
        code=subject_code,
        name=names.get(subject_code, subject_code),
        parent=parent,
        year=year,
        month=month,
        rule_set=rule_set,
        lines=lines,
    )


# --- a finding -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectPeriod:
    """One project's part of a unit's period: planned and completed over the period's months."""

    code: str
    name: str
    planned: Decimal
    completed: Decimal
    months: list[tuple[int, Decimal, Decimal]]  # (month, plan, done)

    @property
    def shortfall(self) -> Decimal:
        return max(self.planned - self.completed, ZERO)


@dataclass
class FindingWhy:
    """The numbers behind a finding as the data stands now, to compare with what was found."""

    finding: Finding
    period: Period
    planned: Decimal
    completed: Decimal
    months: list[tuple[int, Decimal, Decimal]]
    projects: list[ProjectPeriod]
    reports: dict[int, list[ReportRef]]

    @property
    def as_of(self) -> str:
        """The period's last month (2013-09), where a project's light is looked up."""
        return f"{self.period.year}-{self.period.last_month:02d}"

    @property
    def changed_since_close(self) -> bool:
        return (self.planned, self.completed) != (self.finding.planned, self.finding.completed)


def finding_why(finding: Finding) -> FindingWhy:
    """The unit's planned and completed over the finding's period, project by project and month by month."""
    period = Period.parse(finding.period)
    projects = list(Project.objects.filter(unit_id=finding.unit_id).order_by("code"))
    series = load_series([p.pk for p in projects], period.year)
    parts = []
    for p in projects:
        s = series[p.pk]
        if s.plan is None and not any(s.done[k - 1] for k in period.months):
            continue
        plan = s.plan or (ZERO,) * MONTHS
        months = [(k, plan[k - 1], s.done[k - 1]) for k in period.months]
        parts.append(
            ProjectPeriod(
                code=p.code,
                name=p.name,
                planned=sum((m[1] for m in months), ZERO),
                completed=sum((m[2] for m in months), ZERO),
                months=months,
            )
        )
    total = add_series(series.values())
    plan = total.plan or (ZERO,) * MONTHS
    months = [(k, plan[k - 1], total.done[k - 1]) for k in period.months]
    reports = _reports([p.pk for p in projects], period.year)
    return FindingWhy(
        finding=finding,
        period=period,
        planned=sum((m[1] for m in months), ZERO),
        completed=sum((m[2] for m in months), ZERO),
        months=months,
        projects=parts,
        reports={k: reports.get(k, []) for k in period.months},
    )
