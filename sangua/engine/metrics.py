"""Investment figures, lights, stalls and rankings (SPEC §3). Pure Python, no Django.

Money is ``decimal.Decimal`` in 万元; rates are percentages rounded half-up to 2 decimals.
Rates are computed exactly (through ``fractions.Fraction``) before the one rounding, so no
intermediate rounding can push a value across a ``.xx5`` boundary.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "DEFAULT_RULES",
    "MONTHS",
    "ZERO_DONE",
    "Figures",
    "Light",
    "Ranked",
    "Rules",
    "Series",
    "add_series",
    "figures",
    "rank",
    "rate",
    "round_rate",
]

MONTHS = 12
_CENT = Decimal("0.01")
_ZERO = Decimal(0)


class Light(enum.StrEnum):
    """The traffic light of a project or a sum of projects (红黄绿灯)."""

    GREY = "grey"
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


@dataclass(frozen=True)
class Rules:
    """The light and stall part of a rule set (考核规则); the defaults are Liandu's."""

    red_below: Decimal = Decimal("90")
    green_from: Decimal = Decimal("100")
    stall_months: int = 2

    def __post_init__(self) -> None:
        if self.red_below > self.green_from:
            raise ValueError(
                f"red_below ({self.red_below}) must not exceed green_from ({self.green_from})"
            )
        if self.stall_months < 1:
            raise ValueError(f"stall_months must be at least 1, got {self.stall_months}")


DEFAULT_RULES = Rules()

ZERO_DONE: tuple[Decimal, ...] = (_ZERO,) * MONTHS


def _money_tuple(name: str, values: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Check twelve monthly amounts and return them as a tuple of Decimals."""
    if len(values) != MONTHS:
        raise ValueError(f"{name} must have {MONTHS} monthly amounts, got {len(values)}")
    result = []
    for month, value in enumerate(values, start=1):
        # bool is an int; neither it nor a float is money.
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"{name}[{month}] must be a Decimal, got {type(value).__name__}")
        amount = Decimal(value)
        if not amount.is_finite():
            raise ValueError(f"{name}[{month}] must be a finite amount, got {amount}")
        result.append(amount)
    return tuple(result)


@dataclass(frozen=True)
class Series:
    """Twelve monthly planned and approved completed amounts of one year (年度投资计划 and 月报)."""

    plan: tuple[Decimal, ...] | None
    done: tuple[Decimal, ...] = ZERO_DONE

    def __post_init__(self) -> None:
        # Lists are accepted and frozen into tuples, so callers may build months in a list.
        if self.plan is not None:
            plan = _money_tuple("plan", self.plan)
            negative = [month for month, amount in enumerate(plan, start=1) if amount < 0]
            if negative:
                raise ValueError(f"plan must not be negative (months {negative})")
            object.__setattr__(self, "plan", plan)
        object.__setattr__(self, "done", _money_tuple("done", self.done))


def add_series(items: Iterable[Series]) -> Series:
    """Sum series month by month, for a unit, a district or a city (汇总).

    The plan is None only when every plan is None; otherwise the non-None plans are summed.
    An empty iterable gives no plan and zero completion.
    """
    plan: list[Decimal] | None = None
    done = list(ZERO_DONE)
    for item in items:
        if item.plan is not None:
            if plan is None:
                plan = list(ZERO_DONE)
            for k in range(MONTHS):
                plan[k] += item.plan[k]
        for k in range(MONTHS):
            done[k] += item.done[k]
    return Series(plan=None if plan is None else tuple(plan), done=tuple(done))


def round_rate(value: Decimal) -> Decimal:
    """Round a percentage half-up (away from zero on a tie) to 2 decimals."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _round_fraction(value: Fraction) -> Decimal:
    """Round an exact fraction half-up (away from zero on a tie) to 2 decimals."""
    hundredths = abs(value) * 100
    units = (hundredths.numerator * 2 + hundredths.denominator) // (hundredths.denominator * 2)
    return Decimal(-units if value < 0 else units).scaleb(-2)


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Return numerator / denominator × 100, rounded half-up to 2 decimals; None if denominator is 0."""
    if denominator == 0:
        return None
    return _round_fraction(Fraction(numerator) * 100 / Fraction(denominator))


@dataclass(frozen=True)
class Figures:
    """The figures of one project or sum of projects at the end of month m (SPEC §3).

    ``stall_months`` lists the months the stall rule looked at (the last N months up to m
    with a plan > 0), so a page can say why a light is red.
    """

    month: int
    annual_plan: Decimal
    plan_to_date: Decimal
    completed: Decimal
    completion_rate: Decimal | None
    time_progress: Decimal
    plan_to_date_rate: Decimal | None
    light: Light
    stalled: bool
    slow: bool
    stall_months: tuple[int, ...]


def figures(series: Series, month: int, rules: Rules = DEFAULT_RULES) -> Figures:
    """Compute completion rate (完成率), time progress (序时进度), light, stall and slowness.

    The light compares the *rounded* plan-to-date rate, the one shown on the wall, with the
    thresholds: a project shown at 90.00 % is yellow even if its exact rate is 89.996 %, so
    no one ever sees a number that contradicts its colour.
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= MONTHS:
        raise ValueError(f"month must be 1..{MONTHS}, got {month!r}")
    plan = series.plan
    done = series.done
    completed = sum(done[:month], _ZERO)
    annual_plan = _ZERO if plan is None else sum(plan, _ZERO)
    plan_to_date = _ZERO if plan is None else sum(plan[:month], _ZERO)
    plan_to_date_rate = rate(completed, plan_to_date)

    examined: tuple[int, ...] = ()
    if plan is not None:
        planned_months = [k for k in range(1, month + 1) if plan[k - 1] > 0]
        examined = tuple(planned_months[-rules.stall_months :])

    if plan_to_date_rate is None:
        light, stalled = Light.GREY, False
    else:
        stalled = len(examined) >= rules.stall_months and all(done[k - 1] <= 0 for k in examined)
        if stalled or plan_to_date_rate < rules.red_below:
            light = Light.RED
        elif plan_to_date_rate < rules.green_from:
            light = Light.YELLOW
        else:
            light = Light.GREEN

    return Figures(
        month=month,
        annual_plan=annual_plan,
        plan_to_date=plan_to_date,
        completed=completed,
        completion_rate=rate(completed, annual_plan),
        time_progress=_round_fraction(Fraction(month * 100, MONTHS)),
        plan_to_date_rate=plan_to_date_rate,
        light=light,
        stalled=stalled,
        slow=light in (Light.YELLOW, Light.RED) and not stalled,
        stall_months=examined,
    )


@dataclass(frozen=True)
class Ranked:
    """One line of a ranking (排名): a code, its rank (None when A = 0) and its figures."""

    code: str
    rank: int | None
    figures: Figures


def rank(items: Iterable[tuple[str, Figures]]) -> list[Ranked]:
    """Rank sibling units or districts by shown completion rate, then D (competition ranking).

    Highest rate first; ties by larger completed D, then by code ascending. Equal shown rate
    and equal D share a rank ("1, 2, 2, 4"). Items with A = 0 come last, by code, unranked.
    """
    # Each rankable item with its score: (shown completion rate, completed D).
    scored: list[tuple[tuple[Decimal, Decimal], str, Figures]] = []
    unranked: list[tuple[str, Figures]] = []
    for code, item in items:
        if item.completion_rate is None:
            unranked.append((code, item))
        else:
            scored.append(((item.completion_rate, item.completed), code, item))
    scored.sort(key=lambda entry: (-entry[0][0], -entry[0][1], entry[1]))
    unranked.sort(key=lambda entry: entry[0])

    result: list[Ranked] = []
    previous: tuple[Decimal, Decimal] | None = None
    current = 0
    for position, (score, code, item) in enumerate(scored, start=1):
        if score != previous:
            current, previous = position, score
        result.append(Ranked(code=code, rank=current, figures=item))
    result.extend(Ranked(code=code, rank=None, figures=item) for code, item in unranked)
    return result
