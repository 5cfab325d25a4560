"""Tests for the completion forecast and the reverse plan for money, on hand-made series."""

from decimal import Decimal
from fractions import Fraction

import pytest

from sangua.engine.forecast import (
    HISTORY_MARGIN,
    PLAN_MARGIN,
    ForecastMethod,
    forecast,
    quarter_forecast,
    quarter_window,
    remaining_shares,
    required_monthly,
    year_end_forecast,
)
from sangua.engine.metrics import Series

D = Decimal

# An annual plan of 1,200: 100 a month.
FLAT = tuple(D(100) for _ in range(12))


def done(*amounts: int | str) -> tuple[Decimal, ...]:
    """Twelve completed amounts: the given ones from January, zeros after."""
    return tuple(D(a) for a in amounts) + (D(0),) * (12 - len(amounts))


# --- without history: the remaining plan, with the pace for the range --------------------


def test_without_history_the_remaining_plan_is_done_at_the_recent_pace():
    # Given 9 months at 80 against a plan of 100 a month (pace 0.8)
    series = Series(plan=FLAT, done=done(*[80] * 9))

    # When forecasting the year end at the end of September
    result = year_end_forecast(series, 9)

    # Then: 720 done + 300 remaining plan at the recent pace 0.8; the range runs from the pace
    # to the plan, ± margin
    assert result.method is ForecastMethod.PLAN
    assert result.completed == D("720")
    assert result.remaining_plan == D("300")
    assert result.realisation == Fraction(4, 5)
    assert result.expected == D("960.00")
    assert result.expected_rate == D("80.00")
    assert PLAN_MARGIN == Fraction(3, 10)
    assert result.low == D("870.00")  # 720 + 300 × (0.8 − 0.3)
    assert result.high == D("1110.00")  # 720 + 300 × (1 + 0.3)
    assert result.likely_miss
    assert result.expected_shortfall == D("240.00")


def test_a_unit_ahead_of_plan_is_not_expected_to_beat_it():
    series = Series(plan=FLAT, done=done(*[150] * 6))  # pace 1.5

    result = year_end_forecast(series, 6)

    assert result.expected == D("1500.00")  # 900 + 600 × min(1, 1.5)
    assert result.low == D("1320.00")  # 900 + 600 × (1 − 0.3)
    assert result.high == D("1980.00")  # 900 + 600 × (1.5 + 0.3)
    assert not result.likely_miss


def test_nothing_left_to_forecast_at_the_year_end():
    series = Series(plan=FLAT, done=done(*[90] * 12))

    result = year_end_forecast(series, 12)

    assert result.method is ForecastMethod.SETTLED
    assert result.expected == result.low == result.high == D("1080.00")
    assert result.required == ()
    assert result.required_per_month is None


def test_no_plan_gives_no_rates():
    result = year_end_forecast(Series(plan=None, done=done(5, 5)), 2)

    assert result.method is ForecastMethod.SETTLED
    assert result.expected == D("10.00")
    assert result.expected_rate is None


# --- with history: the usual share of the plan completed after month m ------------------------


def test_history_adds_the_usual_share_completed_after_the_month():
    # Given a past year that completed 40 % of its annual plan after September
    past_plan = tuple(D(50) for _ in range(12))  # 600
    past = Series(plan=past_plan, done=done(*[30] * 9, 80, 80, 80))  # 240 after September = 40 %
    this = Series(plan=FLAT, done=done(*[60] * 9))  # 540 of 1,200 by September

    result = year_end_forecast(this, 9, history={2012: past})

    # Then the expected year end is 540 + 40 % of 1,200
    assert result.method is ForecastMethod.HISTORY
    assert result.years == (2012,)
    assert remaining_shares({2012: past}, 9) == [(2012, Fraction(2, 5))]
    assert result.expected == D("1020.00")
    assert result.realisation == Fraction(480, 300)  # 480 of the remaining 300 planned
    assert result.realisation_percent == D("160.00")
    # One year: the range is the margin around it, in units of the remaining plan
    assert (
        result.low
        == D("1020.00") - D(300) * D(HISTORY_MARGIN.numerator) / HISTORY_MARGIN.denominator
    )
    assert result.high == D("1065.00")


def test_history_range_spans_the_years_seen():
    plan = FLAT
    years = {
        2011: Series(plan=plan, done=done(*[50] * 9, 100, 100, 100)),  # 300 after Sept = 25 %
        2012: Series(plan=plan, done=done(*[50] * 9, 200, 200, 200)),  # 600 after Sept = 50 %
    }
    this = Series(plan=plan, done=done(*[70] * 9))  # 630

    result = year_end_forecast(this, 9, history=years, margin=Fraction(0))

    assert result.years == (2011, 2012)
    assert result.expected == D("1080.00")  # 630 + 37.5 % of 1,200
    assert result.low == D("930.00")  # 630 + 25 %
    assert result.high == D("1230.00")  # 630 + 50 %
    assert result.expected_rate == D("90.00")


def test_years_without_a_plan_in_the_window_say_nothing():
    history = [(2011, Series(plan=None)), (2012, Series(plan=(D(0),) * 12))]

    assert remaining_shares(history, 6) == []
    result = year_end_forecast(Series(plan=FLAT, done=done(*[100] * 6)), 6, history=history)
    assert result.method is ForecastMethod.PLAN


def test_forecast_is_never_below_what_is_done():
    past = Series(plan=FLAT, done=done(*[100] * 9))  # nothing after September
    this = Series(plan=FLAT, done=done(*[100] * 9))

    result = year_end_forecast(this, 9, history={2012: past})

    assert result.expected == D("900.00")
    assert result.low == D("900.00")  # k clamped at 0, not below
    assert result.high == D("945.00")


# --- the reverse plan for money -----------------------------------------------------------------


def test_required_monthly_follows_the_shape_of_the_remaining_plan():
    plan = done(*[0] * 9, 100, 100, 200)  # 400, all in the last quarter
    series = Series(plan=plan, done=done(*[0] * 9))

    assert required_monthly(series, 9) == (D("100.00"), D("100.00"), D("200.00"))


def test_required_monthly_spreads_the_gap_and_rounds_to_cents():
    # 1,200 planned, 1,000 done by September: 200 over Oct–Dec, planned 100 each
    series = Series(plan=FLAT, done=done(*[100] * 8, 200))

    result = required_monthly(series, 9)

    assert sum(result) == D(200)
    assert result == (D("66.67"), D("66.67"), D("66.66"))
    assert year_end_forecast(series, 9).required_per_month == D("66.67")


def test_required_monthly_is_evenly_spread_when_nothing_more_is_planned():
    plan = done(600, 600)  # 1,200 planned in January and February only
    series = Series(plan=plan, done=done(300, 300))

    assert required_monthly(series, 2, 5) == (D("200.00"), D("200.00"), D("200.00"))


def test_required_monthly_is_zero_once_the_plan_is_met():
    series = Series(plan=FLAT, done=done(1300))

    assert required_monthly(series, 1) == (D("0.00"),) * 11


# --- the quarter pre-warning ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "window"),
    [
        (1, (1, 3)),
        (2, (1, 3)),
        (3, (4, 6)),
        (4, (4, 6)),
        (8, (7, 9)),
        (9, (10, 12)),
        (11, (10, 12)),
    ],
)
def test_the_open_quarter(month, window):
    assert quarter_window(month) == window


def test_no_quarter_is_open_in_december():
    assert quarter_window(12) is None
    assert quarter_forecast(Series(plan=FLAT), 12) is None


def test_quarter_forecast_counts_the_quarter_only():
    # Given a unit that did 20 in July and August against 100 a month (and much more earlier)
    series = Series(plan=FLAT, done=done(*[300] * 6, 20, 20))

    result = quarter_forecast(series, 8)

    # Then the quarter is 40 done + September's 100 planned at the recent pace (40 of 200),
    # against 300: a likely miss
    assert result is not None
    assert (result.start, result.target) == (7, 9)
    assert result.planned == D("300")
    assert result.completed == D("40")
    assert result.expected == D("60.00")
    assert result.likely_miss
    assert result.required == (D("260.00"),)


def test_quarter_forecast_before_the_quarter_starts():
    series = Series(plan=FLAT, done=done(*[50] * 6))  # pace 0.5

    result = quarter_forecast(series, 6)

    assert result is not None
    assert (result.start, result.completed, result.planned) == (7, D("0"), D("300"))
    assert result.expected == D("150.00")  # 300 × 0.5: the pace of May and June
    assert result.low == D("60.00")  # 300 × (0.5 − 0.3)
    assert result.likely_miss
    assert result.required == (D("100.00"),) * 3


def test_a_unit_that_stopped_lately_is_warned_before_the_quarter_starts():
    # Ahead for the year (1,000 done of 900 planned) but nothing in August and September
    series = Series(plan=FLAT, done=done(*[140] * 7, 20, 0))

    result = quarter_forecast(series, 9)

    assert result is not None
    assert result.expected == D("30.00")  # October to December at 20 of 200
    assert result.likely_miss
    assert result.high == D("423.33")  # 300 × (1,000 / 900 + 0.3): the year-to-date pace


def test_a_quarter_without_plan_is_not_forecast():
    assert quarter_forecast(Series(plan=done(100, 100, 100)), 4) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"month": 0}, "month must be 1..12"),
        ({"month": 13}, "month must be 1..12"),
        ({"month": 10, "target": 9}, "must not be after target"),
        ({"month": 3, "start": 7, "target": 9}, "must not be after the month after"),
        ({"month": 3, "start": 10, "target": 9}, "must not be after target"),
    ],
)
def test_bad_windows_are_refused(kwargs, message):
    month = kwargs.pop("month")
    with pytest.raises(ValueError, match=message):
        forecast(Series(plan=FLAT), month, **kwargs)
