"""Properties of the figures, lights and rankings of SPEC §3 that hold for any data."""

import random
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sangua.engine.metrics import (
    Figures,
    Light,
    Rules,
    Series,
    add_series,
    figures,
    rank,
    round_rate,
)

D = Decimal
FAST = settings(max_examples=120, deadline=None)


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Amounts in 万元 with exactly two places, drawn as whole cents (faster than st.decimals)."""
    return st.integers(min_value=low, max_value=high).map(lambda n: D(n).scaleb(-2))


# Zero is common in real plans, so it is drawn often.
amounts = st.one_of(st.just(D("0.00")), cents(0, 10**8))
# Completed amounts may include small negative corrections.
done_amounts = st.one_of(amounts, cents(-(10**4), 0))
twelve = st.tuples(*[amounts] * 12)
series_st = st.builds(
    Series, plan=st.one_of(st.none(), twelve), done=st.tuples(*[done_amounts] * 12)
)
month_st = st.integers(min_value=1, max_value=12)


@st.composite
def rules_st(draw: st.DrawFn) -> Rules:
    """Any valid rule set."""
    red = draw(st.decimals(min_value=0, max_value=150, places=2))
    green = draw(st.decimals(min_value=red, max_value=200, places=2))
    return Rules(red_below=red, green_from=green, stall_months=draw(st.integers(1, 4)))


def is_exact_to_two_places(value: Decimal | None) -> bool:
    """True when a rate is None or carries exactly two decimal places."""
    return value is None or (value == round_rate(value) and value.as_tuple().exponent == -2)


@FAST
@given(series_st, month_st, rules_st())
def test_light_is_grey_exactly_without_plan_to_date(
    series: Series, month: int, rules: Rules
) -> None:
    result = figures(series, month, rules)

    no_plan_to_date = series.plan is None or sum(series.plan[:month]) == 0
    assert (result.light is Light.GREY) is no_plan_to_date
    if result.light is Light.GREY:
        assert (result.stalled, result.slow) == (False, False)


@FAST
@given(series_st, month_st, rules_st())
def test_stalled_is_red_and_slow_is_the_rest_of_yellow_and_red(
    series: Series, month: int, rules: Rules
) -> None:
    result = figures(series, month, rules)

    if result.stalled:
        assert result.light is Light.RED
    assert result.slow is (result.light in (Light.YELLOW, Light.RED) and not result.stalled)


@FAST
@given(series_st, month_st, rules_st())
def test_light_follows_the_shown_rate_and_the_thresholds(
    series: Series, month: int, rules: Rules
) -> None:
    result = figures(series, month, rules)

    shown = result.plan_to_date_rate
    if shown is None:
        assert result.light is Light.GREY
    elif result.stalled or shown < rules.red_below:
        assert result.light is Light.RED
    elif shown < rules.green_from:
        assert result.light is Light.YELLOW
    else:
        assert result.light is Light.GREEN


@FAST
@given(series_st, month_st, rules_st())
def test_stall_examines_the_last_planned_months(series: Series, month: int, rules: Rules) -> None:
    result = figures(series, month, rules)

    planned = (
        [] if series.plan is None else [k for k in range(1, month + 1) if series.plan[k - 1] > 0]
    )
    assert list(result.stall_months) == planned[-rules.stall_months :]
    if result.stalled:
        assert len(result.stall_months) == rules.stall_months
        assert all(series.done[k - 1] <= 0 for k in result.stall_months)


@FAST
@given(series_st, month_st)
def test_rates_are_exact_to_two_places(series: Series, month: int) -> None:
    result = figures(series, month)

    assert is_exact_to_two_places(result.completion_rate)
    assert is_exact_to_two_places(result.plan_to_date_rate)
    assert is_exact_to_two_places(result.time_progress)


@FAST
@given(series_st, month_st)
def test_completion_rate_is_within_half_a_hundredth_of_the_truth(
    series: Series, month: int
) -> None:
    result = figures(series, month)

    annual = Fraction(result.annual_plan)
    assert (result.completion_rate is None) is (annual == 0)
    if result.completion_rate is not None:
        # |rate × A / 100 − D| ≤ 0.005 × A / 100, computed exactly.
        error = abs(Fraction(result.completion_rate) * annual / 100 - Fraction(result.completed))
        assert error <= Fraction(5, 1000) * annual / 100


@FAST
@given(st.lists(series_st, max_size=6), st.randoms(use_true_random=False), month_st)
def test_aggregation_is_order_independent(
    items: list[Series], rnd: random.Random, month: int
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)

    total = add_series(items)

    assert add_series(shuffled) == total
    assert figures(total, month).completed == sum(
        (figures(item, month).completed for item in items), D(0)
    )
    assert (total.plan is None) is all(item.plan is None for item in items)


# Few distinct values, so that ties in shown rate and in D are frequent.
small_figures = st.builds(
    lambda annual, completed: figures(
        Series(
            plan=None if annual == 0 else (D(annual),) + (D(0),) * 11,
            done=(D(completed),) + (D(0),) * 11,
        ),
        1,
    ),
    st.sampled_from([0, 3, 100, 200, 300]),
    st.sampled_from([0, 1, 2, 50, 100, 150, 200]),
)
ranking_input = st.lists(
    st.tuples(st.text(alphabet="abcdef", min_size=1, max_size=3), small_figures),
    max_size=12,
    unique_by=lambda pair: pair[0],
)


def score(figs: Figures) -> tuple[Decimal, Decimal]:
    """What decides a rank: the shown completion rate, then D."""
    assert figs.completion_rate is not None
    return (figs.completion_rate, figs.completed)


@FAST
@given(ranking_input)
def test_ranking_lists_every_item_once_ranked_ones_first(items: list[tuple[str, Figures]]) -> None:
    result = rank(items)

    assert sorted((line.code, line.figures) for line in result) == sorted(items, key=lambda i: i[0])
    ranked = [line for line in result if line.rank is not None]
    unranked = [line for line in result if line.rank is None]
    assert result == ranked + unranked
    assert all(line.figures.annual_plan == 0 for line in unranked)
    assert all(line.figures.annual_plan != 0 for line in ranked)
    assert [line.code for line in unranked] == sorted(line.code for line in unranked)
    assert [line.code for line in ranked] == [
        code
        for code, _ in sorted(
            ((line.code, line.figures) for line in ranked),
            key=lambda pair: (-score(pair[1])[0], -score(pair[1])[1], pair[0]),
        )
    ]


@FAST
@given(ranking_input)
def test_ranks_are_competition_ranks(items: list[tuple[str, Figures]]) -> None:
    ranked = [line for line in rank(items) if line.rank is not None]

    ranks = [line.rank for line in ranked]
    assert ranks == sorted(ranks)  # type: ignore[type-var]
    for line in ranked:
        better = sum(1 for other in ranked if score(other.figures) > score(line.figures))
        assert line.rank == 1 + better
        for other in ranked:
            assert (line.rank == other.rank) is (score(line.figures) == score(other.figures))
