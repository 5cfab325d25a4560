"""Example tests for the figures, lights, stalls and rankings of SPEC §3, numbers by hand."""

from decimal import Decimal

import pytest

from sangua.engine.metrics import (
    DEFAULT_RULES,
    ZERO_DONE,
    Figures,
    Light,
    Rules,
    Series,
    add_series,
    figures,
    rank,
    rate,
    round_rate,
)

D = Decimal


def months(*amounts: str | int) -> tuple[Decimal, ...]:
    """Twelve monthly amounts: the given ones from January, zeros after."""
    return tuple(D(a) for a in amounts) + (D(0),) * (12 - len(amounts))


# --- rounding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        ("49030", "50000", "98.06"),  # Liandu, end of September 2013
        ("2", "3", "66.67"),
        ("1", "3", "33.33"),
        ("1", "8", "12.50"),
        ("1", "800", "0.13"),  # 0.125 exactly: half-up, not half-even (0.12)
        ("19613", "20000", "98.07"),  # 98.065 exactly rounds up
        ("19611", "20000", "98.06"),  # 98.055 exactly rounds up too (half-even would too)
        ("1", "1600", "0.06"),  # 0.0625 rounds down
        ("0", "50000", "0.00"),
        ("150", "100", "150.00"),
        ("-1", "800", "-0.13"),  # a correction: ties go away from zero
    ],
)
def test_rate_rounds_half_up_to_two_places(numerator: str, denominator: str, expected: str) -> None:
    # Given exact amounts, when the rate is computed, then it is the half-up rounding.
    result = rate(D(numerator), D(denominator))

    assert result == D(expected)
    assert str(result) == expected  # exactly two places, as shown


def test_rate_is_none_when_denominator_is_zero() -> None:
    assert rate(D("5"), D("0.00")) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("98.065", "98.07"), ("98.0649999", "98.06"), ("12.5", "12.50"), ("-0.125", "-0.13")],
)
def test_round_rate_is_half_up(value: str, expected: str) -> None:
    assert str(round_rate(D(value))) == expected


# --- the Liandu figures -----------------------------------------------------------------


def test_liandu_end_of_september_figures() -> None:
    # Given an annual plan of 50 000 万元 planned over January–October and 49 030 done by September,
    series = Series(plan=months(*[5000] * 10), done=months(*[5447] * 8, 5454))

    # when the figures are taken at the end of September,
    result = figures(series, 9)

    # then they are the ones the article reports.
    assert result == Figures(
        month=9,
        annual_plan=D("50000"),
        plan_to_date=D("45000"),
        completed=D("49030"),
        completion_rate=D("98.06"),
        time_progress=D("75.00"),
        plan_to_date_rate=D("108.96"),  # 49030 / 45000 = 1.089555…
        light=Light.GREEN,
        stalled=False,
        slow=False,
        stall_months=(8, 9),
    )


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, "8.33"),
        (3, "25.00"),
        (4, "33.33"),
        (7, "58.33"),
        (8, "66.67"),
        (9, "75.00"),
        (12, "100.00"),
    ],
)
def test_time_progress_is_month_over_twelve(month: int, expected: str) -> None:
    result = figures(Series(plan=None), month)

    assert str(result.time_progress) == expected


@pytest.mark.parametrize("month", [0, 13, -1])
def test_figures_refuse_a_month_outside_the_year(month: int) -> None:
    with pytest.raises(ValueError, match="month must be 1..12"):
        figures(Series(plan=months(100)), month)


def test_figures_only_count_months_up_to_m() -> None:
    # Given completion reported for later months too (a late edit),
    series = Series(plan=months(100, 100, 100, 100), done=months(100, 100, 0, 500))

    # when taken at March, then April's amounts do not count.
    result = figures(series, 3)

    assert (result.plan_to_date, result.completed, result.annual_plan) == (D(300), D(200), D(400))
    assert result.plan_to_date_rate == D("66.67")
    assert result.completion_rate == D("50.00")


# --- lights -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "shown", "light"),
    [
        ("8999", "89.99", Light.RED),
        ("8999.49", "89.99", Light.RED),  # 89.9949 shows as 89.99
        ("8999.50", "90.00", Light.YELLOW),  # 89.995 shows as 90.00: the shown rate decides
        ("9000", "90.00", Light.YELLOW),
        ("9999", "99.99", Light.YELLOW),
        ("9999.50", "100.00", Light.GREEN),  # 99.995 shows as 100.00
        ("10000", "100.00", Light.GREEN),
        ("12000", "120.00", Light.GREEN),
    ],
)
def test_light_boundaries_use_the_shown_plan_to_date_rate(
    done: str, shown: str, light: Light
) -> None:
    # Given 10 000 planned in January (one planned month, so never a stall),
    series = Series(plan=months(10000, 10000), done=months(done))

    result = figures(series, 1)

    assert str(result.plan_to_date_rate) == shown
    assert result.light is light
    assert result.stalled is False
    assert result.slow is (light in (Light.RED, Light.YELLOW))


def test_light_thresholds_come_from_the_rules() -> None:
    # Given a stricter rule set (red below 95, green from 110),
    rules = Rules(red_below=D("95"), green_from=D("110"))
    series = Series(plan=months(100), done=months("100"))

    # when a project exactly on plan is judged, then it is yellow under these rules.
    assert figures(series, 1, rules).light is Light.YELLOW
    assert figures(series, 1).light is Light.GREEN
    assert figures(Series(plan=months(100), done=months(94)), 1, rules).light is Light.RED


@pytest.mark.parametrize(
    "rules",
    [
        pytest.param({"red_below": D(100), "green_from": D(90)}, id="red above green"),
        pytest.param({"stall_months": 0}, id="no stall months"),
    ],
)
def test_rules_refuse_nonsense(rules: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        Rules(**rules)  # type: ignore[arg-type]


def test_default_rules_are_liandus() -> None:
    assert DEFAULT_RULES == Rules(red_below=D(90), green_from=D(100), stall_months=2)


# --- grey -------------------------------------------------------------------------------


def test_no_plan_is_grey_even_with_completion() -> None:
    # Given completion but no plan for the year,
    result = figures(Series(plan=None, done=months(10, 20)), 2)

    # then the project is grey, without rates that need a plan.
    assert result.light is Light.GREY
    assert result.annual_plan == 0
    assert result.completed == D(30)
    assert result.completion_rate is None
    assert result.plan_to_date_rate is None
    assert (result.stalled, result.slow, result.stall_months) == (False, False, ())


def test_plan_starting_later_is_grey_until_its_first_month() -> None:
    # Given a plan that starts in July,
    series = Series(plan=months(*[0] * 6, *[100] * 6), done=months(0, 0, 5))

    # when taken at March, then it is grey but its completion rate exists.
    march = figures(series, 3)
    assert march.light is Light.GREY
    assert march.plan_to_date == 0
    assert march.completion_rate == D("0.83")  # 5 / 600
    assert march.plan_to_date_rate is None
    assert (march.stalled, march.slow) == (False, False)

    # and in July it is judged: 5 of 100 → red, but not stalled (one planned month only).
    july = figures(series, 7)
    assert (july.light, july.stalled, july.slow) == (Light.RED, False, True)
    assert july.stall_months == (7,)


# --- stall ------------------------------------------------------------------------------


def test_two_planned_months_without_completion_are_a_stall() -> None:
    series = Series(plan=months(*[100] * 12), done=months(250, 0, 0))

    result = figures(series, 3)

    # 250 of 300 is 83.33 % anyway, but it is red because stalled, and a stall is not "slow".
    assert (result.light, result.stalled, result.slow) == (Light.RED, True, False)
    assert result.stall_months == (2, 3)


def test_stall_makes_red_even_when_the_rate_is_green() -> None:
    # Given a project far ahead in January and idle in February and March,
    series = Series(plan=months(*[100] * 12), done=months(400))

    result = figures(series, 3)

    assert result.plan_to_date_rate == D("133.33")
    assert (result.light, result.stalled, result.slow) == (Light.RED, True, False)


def test_months_without_plan_are_skipped_by_the_stall_rule() -> None:
    # Given no plan in March (the examined months are the last two *planned* ones),
    series = Series(plan=months(100, 100, 0, 100, 100), done=months(100, 0, 0, 0))

    # at March the last planned months are January (done) and February (idle): not stalled;
    march = figures(series, 3)
    assert march.stall_months == (1, 2)
    assert march.stalled is False
    # at April they are February and April, both idle: stalled.
    april = figures(series, 4)
    assert april.stall_months == (2, 4)
    assert april.stalled is True


def test_completion_in_an_unplanned_month_does_not_clear_a_stall() -> None:
    # The letter of SPEC §3: only months with plan > 0 are examined.
    series = Series(plan=months(100, 100, 0), done=months(0, 0, 300))

    result = figures(series, 3)

    assert result.stall_months == (1, 2)
    assert (result.light, result.stalled) == (Light.RED, True)


def test_fewer_planned_months_than_the_rule_is_not_a_stall() -> None:
    series = Series(plan=months(0, 0, 100, 100), done=ZERO_DONE)

    result = figures(series, 3)

    assert result.stall_months == (3,)
    assert (result.light, result.stalled, result.slow) == (Light.RED, False, True)


def test_partial_completion_in_one_of_the_months_is_not_a_stall() -> None:
    series = Series(plan=months(*[100] * 12), done=months(100, 0, "0.01"))

    result = figures(series, 3)

    assert result.plan_to_date_rate == D("33.34")  # 100.01 / 300 = 33.336…
    assert (result.light, result.stalled, result.slow) == (Light.RED, False, True)


def test_a_negative_correction_counts_as_no_completion() -> None:
    series = Series(plan=months(*[100] * 12), done=months(300, "-5", 0))

    result = figures(series, 3)

    assert result.stalled is True


def test_stall_length_comes_from_the_rules() -> None:
    series = Series(plan=months(*[100] * 12), done=months(300, 0, 0))

    assert figures(series, 3, Rules(stall_months=3)).stalled is False
    assert figures(series, 4, Rules(stall_months=3)).stalled is True
    assert figures(series, 4, Rules(stall_months=3)).stall_months == (2, 3, 4)


# --- series and aggregation --------------------------------------------------------------


def test_add_series_sums_month_by_month_and_skips_missing_plans() -> None:
    # Given two planned projects and one without a plan,
    first = Series(plan=months(100, 100), done=months(50, 60))
    second = Series(plan=months(0, 200, 300), done=months(0, 10))
    unplanned = Series(plan=None, done=months(0, 0, 7))

    total = add_series([first, second, unplanned])

    assert total == Series(plan=months(100, 300, 300), done=months(50, 70, 7))


def test_add_series_of_only_unplanned_projects_has_no_plan() -> None:
    total = add_series([Series(plan=None, done=months(5)), Series(plan=None)])

    assert total == Series(plan=None, done=months(5))


def test_add_series_of_nothing_is_empty() -> None:
    assert add_series([]) == Series(plan=None, done=ZERO_DONE)


def test_unit_figures_apply_the_rules_to_the_sum() -> None:
    # Given a green project and a stalled one in the same unit,
    green = Series(plan=months(*[100] * 12), done=months(100, 100, 100))
    stalled = Series(plan=months(*[100] * 12), done=months(100))

    # when the unit is judged on the sum, then the sum is neither stalled nor green.
    result = figures(add_series([green, stalled]), 3)

    assert result.plan_to_date_rate == D("66.67")  # 400 / 600
    assert (result.light, result.stalled, result.slow) == (Light.RED, False, True)


def test_series_freezes_lists_into_decimal_tuples() -> None:
    series = Series(plan=[100] * 12, done=[0] * 12)  # type: ignore[arg-type]

    assert series.plan == (D(100),) * 12
    assert series.done == ZERO_DONE
    assert hash(series) == hash(Series(plan=(D(100),) * 12))


@pytest.mark.parametrize(
    ("plan", "done", "error", "message"),
    [
        (months(1)[:11], ZERO_DONE, ValueError, "plan must have 12"),
        (None, months(1) + (D(1),), ValueError, "done must have 12"),
        ((1.5,) * 12, ZERO_DONE, TypeError, r"plan\[1\] must be a Decimal, got float"),
        (None, (D(0),) * 11 + (True,), TypeError, r"done\[12\] must be a Decimal"),
        (months(100, -1), ZERO_DONE, ValueError, r"plan must not be negative \(months \[2\]\)"),
        (months("NaN"), ZERO_DONE, ValueError, "finite"),
    ],
)
def test_series_refuses_bad_months(
    plan: tuple[object, ...] | None, done: tuple[object, ...], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Series(plan=plan, done=done)  # type: ignore[arg-type]


# --- ranking ----------------------------------------------------------------------------


def at_month_one(annual_plan: str | int, completed: str | int) -> Figures:
    """Figures of a one-month plan of the given size, taken in January."""
    plan = None if D(annual_plan) == 0 else months(annual_plan)
    return figures(Series(plan=plan, done=months(completed)), 1)


def ranks(items: list[tuple[str, Figures]]) -> list[tuple[str, int | None]]:
    """The (code, rank) lines of a ranking."""
    return [(line.code, line.rank) for line in rank(items)]


def test_equal_rate_and_completion_share_a_rank() -> None:
    items = [
        ("d", at_month_one(100, 10)),
        ("c", at_month_one(100, 50)),
        ("a", at_month_one(100, 100)),
        ("b", at_month_one(100, 50)),
    ]

    assert ranks(items) == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_equal_shown_rate_is_broken_by_larger_completion() -> None:
    # 20 001 / 30 000 and 2 / 3 both show 66.67 %.
    items = [("small", at_month_one(3, 2)), ("large", at_month_one(30000, 20001))]

    result = rank(items)

    assert [line.figures.completion_rate for line in result] == [D("66.67"), D("66.67")]
    assert ranks(items) == [("large", 1), ("small", 2)]


def test_rank_is_by_shown_rate_not_exact_rate() -> None:
    # Exact rates 66.666… % and 66.67 % show the same, so the larger D wins despite the lower exact rate.
    items = [("exact", at_month_one(100, "66.67")), ("third", at_month_one(300, 200))]

    assert ranks(items) == [("third", 1), ("exact", 2)]


def test_rank_orders_by_rate_before_completion() -> None:
    items = [("big", at_month_one(10000, 5000)), ("small", at_month_one(10, 9))]

    assert ranks(items) == [("small", 1), ("big", 2)]


def test_units_without_annual_plan_are_last_and_unranked() -> None:
    items = [
        ("z-none", at_month_one(0, 0)),
        ("b", at_month_one(100, 20)),
        ("a-none", at_month_one(0, 999)),
        ("c", at_month_one(100, 0)),
    ]

    assert ranks(items) == [("b", 1), ("c", 2), ("a-none", None), ("z-none", None)]


def test_ranking_nothing_gives_nothing() -> None:
    assert rank([]) == []


def test_ranking_keeps_the_figures() -> None:
    figs = at_month_one(100, 100)

    (line,) = rank([("331102", figs)])

    assert line.figures is figs
