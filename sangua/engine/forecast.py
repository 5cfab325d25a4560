"""Forecasts of investment completion (预测) and the reverse plan for money. Pure Python, no Django.

The question a key project office asks in September is "where will we be on 31 December, and
what must each unit still do per month?" A forecast here is made at the end of month ``m`` for a
*target* month ``t`` (12 for the year end, the last month of a quarter for a quarter pre-warning)
over a window of months ``start..t`` (1 for the year; the quarter's first month for a quarter):

    completed so far   C = Σ done[start..m]
    planned            Q = Σ plan[start..t]
    remaining plan     R = Σ plan[m+1..t]
    expected           E = C + R × k

``k`` is the **realisation ratio** of the remaining plan: how much of what is still planned gets
done. Two ways to estimate it:

- ``history`` — where past years of the same project, unit or district exist: the usual monthly
  profile. Each past year ``y`` says which share of its window plan it still completed after month
  ``m``: ``s_y = Σ done_y[m+1..t] / Σ plan_y[start..t]`` (key projects catch up towards the year
  end, 年底冲刺, and this measures by how much). The expected completion adds the mean share of
  this year's plan: ``E = C + Q × mean(s_y)``; the range runs from the smallest to the largest
  share, widened by a margin. Shares of the whole window's plan, not of the remaining months'
  plan, so a year whose plan was shaped differently (projects starting mid-year) stays comparable.
- ``plan`` — without a usable past year: the remaining plan is completed at the recent pace (the
  last ``RECENT_MONTHS`` months' completion against their plan), but never faster than planned:
  ``k = min(1, recent pace)``. A unit that stopped lately is expected to miss; one ahead of plan
  is not expected to beat it. The range runs from the lower of ``k`` and the year-to-date pace
  ``p = D / P`` to the higher of the plan and ``p``, widened by a (wider) margin.

Nothing forecast is ever below what is already completed (``k ≥ 0``). Money is rounded half-up to
cents once, at the end; ratios are exact fractions until then. ``docs/forecast-backtest.md``
reports how far these forecasts were from what happened on the demo years.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sangua.engine.metrics import MONTHS, Series, rate

__all__ = [
    "HISTORY_MARGIN",
    "PLAN_MARGIN",
    "RECENT_MONTHS",
    "Forecast",
    "ForecastMethod",
    "forecast",
    "quarter_forecast",
    "quarter_window",
    "remaining_shares",
    "required_monthly",
    "year_end_forecast",
]

_CENT = Decimal("0.01")
_ZERO = Decimal(0)

# How far the range reaches beyond the ratios seen, in units of the remaining plan: a past year or
# two cannot show the whole spread of what may happen, and without history the spread is wider.
# These margins are what the demo years supported (docs/forecast-backtest.md).
HISTORY_MARGIN = Fraction(3, 20)
PLAN_MARGIN = Fraction(3, 10)
# How many of the latest months make the "recent pace" of the plan method.
RECENT_MONTHS = 2


class ForecastMethod(enum.StrEnum):
    """How the realisation ratio of the remaining plan was estimated."""

    HISTORY = "history"  # from the same entity's past years (the usual monthly profile)
    PLAN = "plan"  # no usable past year: the remaining plan, with this year's pace for the range
    SETTLED = (
        "settled"  # nothing is left to forecast: the target month is reached or nothing is planned
    )


@dataclass(frozen=True)
class Forecast:
    """Where completion will stand at the end of month ``target``, seen from the end of ``month``.

    ``expected``, ``low`` and ``high`` are cumulative completion over the window ``start..target``
    in 万元; the rates are against ``planned`` (the window's plan) in percent. ``required`` is the
    reverse plan for money: what must be completed in each remaining month (``month+1..target``)
    to reach ``planned``, shaped like the remaining plan; ``required_per_month`` is the same total
    spread evenly. ``gap`` is what is still missing to reach ``planned`` (0 when reached).
    """

    month: int
    start: int
    target: int
    planned: Decimal
    completed: Decimal
    remaining_plan: Decimal
    expected: Decimal
    low: Decimal
    high: Decimal
    expected_rate: Decimal | None
    low_rate: Decimal | None
    high_rate: Decimal | None
    realisation: Fraction
    method: ForecastMethod
    years: tuple[int, ...]
    gap: Decimal
    required: tuple[Decimal, ...]
    required_per_month: Decimal | None

    @property
    def likely_miss(self) -> bool:
        """The expected completion falls short of the plan (a pre-warning, 预警)."""
        return self.expected < self.planned

    @property
    def expected_shortfall(self) -> Decimal:
        """How much short of the plan the expected completion is (0 when it meets it)."""
        return max(self.planned - self.expected, _ZERO)

    @property
    def realisation_percent(self) -> Decimal:
        """The realisation ratio as a percentage with 2 decimals (e.g. 117.50)."""
        return _cents(self.realisation * 100)


def _cents(value: Fraction) -> Decimal:
    """Round an exact fraction half-up to cents."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


def _check_months(month: int, start: int, target: int) -> None:
    for name, value in (("month", month), ("start", start), ("target", target)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MONTHS:
            raise ValueError(f"{name} must be 1..{MONTHS}, got {value!r}")
    if not start <= target:
        raise ValueError(f"start ({start}) must not be after target ({target})")
    if month > target:
        raise ValueError(f"month ({month}) must not be after target ({target})")
    if start > month + 1:
        raise ValueError(f"start ({start}) must not be after the month after month ({month})")


def _plan(series: Series) -> tuple[Decimal, ...]:
    return series.plan if series.plan is not None else (_ZERO,) * MONTHS


def _sum(values: tuple[Decimal, ...], first: int, last: int) -> Decimal:
    """Σ values[first..last] over months numbered from 1 (empty when first > last)."""
    return sum(values[first - 1 : last], _ZERO)


def _pace(series: Series, first: int, last: int) -> Fraction:
    """Completed against planned over months ``first..last`` (1 when nothing was planned)."""
    planned = _sum(_plan(series), first, last)
    if planned <= 0:
        return Fraction(1)
    return Fraction(_sum(series.done, first, last)) / Fraction(planned)


def remaining_shares(
    history: Mapping[int, Series] | Iterable[tuple[int, Series]],
    month: int,
    target: int = MONTHS,
    start: int = 1,
) -> list[tuple[int, Fraction]]:
    """Each past year's completion over months ``month+1..target`` as a share of its window plan.

    The usual monthly profile: how much of the plan of ``start..target`` a past year still completed
    after month ``month``. Years without a plan, or with nothing planned in the window, are left out.
    """
    items = history.items() if isinstance(history, Mapping) else history
    shares: list[tuple[int, Fraction]] = []
    for year, past in sorted(items, key=lambda item: item[0]):
        if past.plan is None:
            continue
        planned = _sum(past.plan, start, target)
        if planned > 0:
            shares.append((year, Fraction(_sum(past.done, month + 1, target)) / Fraction(planned)))
    return shares


def required_monthly(
    series: Series, month: int, target: int = MONTHS, start: int = 1
) -> tuple[Decimal, ...]:
    """The reverse plan for money (倒排投资): what each month ``month+1..target`` must complete.

    The gap to the window's plan is spread like the remaining plan (evenly where nothing more is
    planned), in cents, the last month taking the rounding rest. All zeros when the plan is met.
    """
    _check_months(month, start, target)
    plan = _plan(series)
    remaining = [plan[k - 1] for k in range(month + 1, target + 1)]
    if not remaining:
        return ()
    gap = _sum(plan, start, target) - _sum(series.done, start, month)
    if gap <= 0:
        return (_ZERO.quantize(_CENT),) * len(remaining)
    weights = remaining if sum(remaining, _ZERO) > 0 else [Decimal(1)] * len(remaining)
    total = sum(weights, _ZERO)
    parts = [_cents(Fraction(gap) * Fraction(w) / Fraction(total)) for w in weights]
    parts[-1] += gap - sum(parts, _ZERO)
    return tuple(parts)


def forecast(
    series: Series,
    month: int,
    *,
    target: int = MONTHS,
    start: int = 1,
    history: Mapping[int, Series] | Iterable[tuple[int, Series]] = (),
    margin: Fraction | None = None,
) -> Forecast:
    """Forecast cumulative completion over ``start..target`` at the end of month ``month``.

    ``history`` maps past years to the same entity's full-year series (plans and approved
    completion); see the module docstring for the two methods and the range.
    """
    _check_months(month, start, target)
    plan = _plan(series)
    completed = _sum(series.done, start, month)
    planned = _sum(plan, start, target)
    remaining_plan = _sum(plan, month + 1, target)
    shares = remaining_shares(history, month, target, start) if remaining_plan > 0 else []

    one = Fraction(1)
    years: tuple[int, ...] = ()
    pace = _pace(series, 1, month)
    if remaining_plan <= 0:
        method, k, k_low, k_high = ForecastMethod.SETTLED, Fraction(0), Fraction(0), Fraction(0)
    elif shares:
        # The usual share of the window's plan completed after month m, in the remaining plan's units.
        method = ForecastMethod.HISTORY
        values = [value * Fraction(planned) / Fraction(remaining_plan) for _year, value in shares]
        years = tuple(year for year, _value in shares)
        k = sum(values, Fraction(0)) / len(values)
        spread = HISTORY_MARGIN if margin is None else margin
        k_low, k_high = min(values) - spread, max(values) + spread
    else:
        method = ForecastMethod.PLAN
        k = min(one, _pace(series, max(1, month - RECENT_MONTHS + 1), month))
        spread = PLAN_MARGIN if margin is None else margin
        k_low, k_high = min(pace, k) - spread, max(pace, one) + spread
    k, k_low, k_high = (max(value, Fraction(0)) for value in (k, k_low, k_high))

    def at(ratio: Fraction) -> Decimal:
        return _cents(Fraction(completed) + Fraction(remaining_plan) * ratio)

    expected, low, high = at(k), at(k_low), at(k_high)
    required = required_monthly(series, month, target, start)
    return Forecast(
        month=month,
        start=start,
        target=target,
        planned=planned,
        completed=completed,
        remaining_plan=remaining_plan,
        expected=expected,
        low=low,
        high=high,
        expected_rate=rate(expected, planned),
        low_rate=rate(low, planned),
        high_rate=rate(high, planned),
        realisation=k,
        method=method,
        years=years,
        gap=max(planned - completed, _ZERO),
        required=required,
        required_per_month=(
            _cents(Fraction(max(planned - completed, _ZERO)) / len(required)) if required else None
        ),
    )


def year_end_forecast(
    series: Series,
    month: int,
    history: Mapping[int, Series] | Iterable[tuple[int, Series]] = (),
    margin: Fraction | None = None,
) -> Forecast:
    """Expected completion of the annual plan at the year end, seen from the end of ``month``."""
    return forecast(series, month, target=MONTHS, start=1, history=history, margin=margin)


def quarter_window(month: int) -> tuple[int, int] | None:
    """The quarter still open at the end of ``month``: (first month, last month), or None in December.

    At the end of a quarter's last month that quarter is over, so the next one is open.
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= MONTHS:
        raise ValueError(f"month must be 1..{MONTHS}, got {month!r}")
    if month == MONTHS:
        return None
    first = (month // 3) * 3 + 1  # month 3 → 4 (next quarter); month 4 or 5 → 4
    return first, first + 2


def quarter_forecast(
    series: Series,
    month: int,
    history: Mapping[int, Series] | Iterable[tuple[int, Series]] = (),
    margin: Fraction | None = None,
) -> Forecast | None:
    """Will the open quarter's plan be met? Single-quarter completion forecast (季度预警).

    None in December (no quarter is open) or when nothing is planned in the quarter.
    """
    window = quarter_window(month)
    if window is None:
        return None
    first, last = window
    if _sum(_plan(series), first, last) <= 0:
        return None
    return forecast(series, month, target=last, start=first, history=history, margin=margin)
