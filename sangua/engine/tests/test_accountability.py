"""Tests for assessment periods, the sanction ladder and single-period assessment (SPEC §3)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sangua.engine.accountability import (
    DEFAULT_LADDER,
    Ladder,
    Period,
    PeriodKind,
    PeriodResult,
    Sanction,
    assess,
)
from sangua.engine.metrics import ZERO_DONE, Series

D = Decimal


def months(*amounts: str | int) -> tuple[Decimal, ...]:
    """Twelve monthly amounts: the given ones from January, zeros after."""
    return tuple(D(a) for a in amounts) + (D(0),) * (12 - len(amounts))


# --- periods ----------------------------------------------------------------------------

ALL_2013 = (
    [f"2013-{m:02d}" for m in range(1, 13)]
    + [f"2013-Q{q}" for q in range(1, 5)]
    + ["2013-H1", "2013-H2", "2013"]
)


@pytest.mark.parametrize("text", ALL_2013)
def test_period_text_round_trips(text: str) -> None:
    period = Period.parse(text)

    assert str(period) == text
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2013-09", Period(PeriodKind.MONTH, 2013, 9)),
        ("2013-Q3", Period(PeriodKind.QUARTER, 2013, 3)),
        ("2013-H1", Period(PeriodKind.HALF, 2013, 1)),
        ("2013-H2", Period(PeriodKind.HALF, 2013, 2)),
        ("2013", Period(PeriodKind.YEAR, 2013, 1)),
    ],
)
def test_parse_reads_kind_year_and_index(text: str, period: Period) -> None:
    assert Period.parse(text) == period


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected"),
        ("2013-13", "month index must be 1..12, got 13"),
        ("2013-00", "month index must be 1..12, got 0"),
        ("2013-Q5", "quarter index must be 1..4, got 5"),
        ("2013-Q0", "quarter index must be 1..4, got 0"),
        ("2013-H3", "half index must be 1..2, got 3"),
        ("0000", "year must be 1..9999"),
        ("2013-9", "expected"),  # months need two digits: one spelling per period
        ("2013-q3", "expected"),
        ("2013-h1", "expected"),
        (" 2013-09", "expected"),
        ("2013-09 ", "expected"),
        ("13-09", "expected"),
        ("2013-", "expected"),
        ("2013-Q", "expected"),
        ("2013-Q10", "expected"),
        ("2013-M09", "expected"),
        ("2013/09", "expected"),
        ("2013-09-30", "expected"),
        ("２０１３", "expected"),  # full-width digits are not a canonical spelling
    ],
)
def test_parse_refuses_bad_text_with_a_clear_message(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="invalid period") as caught:
        Period.parse(text)

    assert repr(text) in str(caught.value)
    assert reason in str(caught.value)


def test_parse_names_the_accepted_forms() -> None:
    with pytest.raises(ValueError, match=r'"YYYY-MM" \(two-digit month\), "YYYY-Qn"'):
        Period.parse("September")


@pytest.mark.parametrize(
    ("kind", "index"),
    [(PeriodKind.MONTH, 13), (PeriodKind.QUARTER, 0), (PeriodKind.HALF, 3), (PeriodKind.YEAR, 2)],
)
def test_period_refuses_an_index_outside_its_kind(kind: PeriodKind, index: int) -> None:
    with pytest.raises(ValueError, match="index must be"):
        Period(kind, 2013, index)


def test_period_accepts_the_kind_as_text() -> None:
    period = Period("quarter", 2013, 3)  # type: ignore[arg-type]

    assert period.kind is PeriodKind.QUARTER
    assert period == Period(PeriodKind.QUARTER, 2013, 3)


@pytest.mark.parametrize(
    ("text", "months_", "last"),
    [
        ("2013-01", (1,), 1),
        ("2013-09", (9,), 9),
        ("2013-Q1", (1, 2, 3), 3),
        ("2013-Q3", (7, 8, 9), 9),
        ("2013-Q4", (10, 11, 12), 12),
        ("2013-H1", (1, 2, 3, 4, 5, 6), 6),
        ("2013-H2", (7, 8, 9, 10, 11, 12), 12),
        ("2013", tuple(range(1, 13)), 12),
    ],
)
def test_period_months(text: str, months_: tuple[int, ...], last: int) -> None:
    period = Period.parse(text)

    assert period.months == months_
    assert period.last_month == last


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2013-09", "2013年9月"),
        ("2013-12", "2013年12月"),
        ("2013-Q1", "2013年第一季度"),
        ("2013-Q3", "2013年第三季度"),
        ("2013-Q4", "2013年第四季度"),
        ("2013-H1", "2013年上半年"),
        ("2013-H2", "2013年下半年"),
        ("2013", "2013年"),
    ],
)
def test_period_chinese_label(text: str, label: str) -> None:
    assert Period.parse(text).label_zh == label


periods = st.one_of(
    st.builds(Period, st.just(PeriodKind.MONTH), st.integers(1, 9999), st.integers(1, 12)),
    st.builds(Period, st.just(PeriodKind.QUARTER), st.integers(1, 9999), st.integers(1, 4)),
    st.builds(Period, st.just(PeriodKind.HALF), st.integers(1, 9999), st.integers(1, 2)),
    st.builds(Period, st.just(PeriodKind.YEAR), st.integers(1, 9999), st.just(1)),
)


@settings(max_examples=100, deadline=None)
@given(periods)
def test_every_period_round_trips_and_ends_on_its_last_month(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert period.months[-1] == period.last_month
    assert len(period.months) * {"month": 12, "quarter": 4, "half": 2, "year": 1}[period.kind] == 12


# --- the ladder -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "sanction"),
    [
        (PeriodKind.MONTH, Sanction.EXPLANATION),
        (PeriodKind.QUARTER, Sanction.MEETING_EXPLANATION),
        (PeriodKind.HALF, Sanction.ADMONISHMENT),
        (PeriodKind.YEAR, Sanction.BONUS_WITHHELD),
    ],
)
def test_default_ladder_escalates_with_the_period(kind: PeriodKind, sanction: Sanction) -> None:
    assert DEFAULT_LADDER.sanction_for(kind) is sanction


def test_ladder_is_set_by_the_rule_set() -> None:
    ladder = Ladder(month=Sanction.MEETING_EXPLANATION, year=Sanction.ADMONISHMENT)

    assert ladder.sanction_for(PeriodKind.MONTH) is Sanction.MEETING_EXPLANATION
    assert ladder.sanction_for(PeriodKind.QUARTER) is Sanction.MEETING_EXPLANATION
    assert ladder.sanction_for(PeriodKind.YEAR) is Sanction.ADMONISHMENT


def test_sanction_codes_are_stable() -> None:
    assert [s.value for s in Sanction] == [
        "explanation",
        "meeting_explanation",
        "admonishment",
        "bonus_withheld",
    ]


# --- assessment -------------------------------------------------------------------------


def test_quarter_counts_only_its_own_months() -> None:
    # Given a unit far ahead in the first half and behind in Q3,
    series = Series(plan=months(*[100] * 12), done=months(*[1000] * 6, 100, 100, 50))

    # when Q3 is closed, then only July–September count, and it is a finding.
    result = assess(series, Period.parse("2013-Q3"))

    assert result == PeriodResult(
        planned=D(300), completed=D(250), shortfall=D(50), sanction=Sanction.MEETING_EXPLANATION
    )


@pytest.mark.parametrize(
    ("text", "planned", "completed", "sanction"),
    [
        ("2013-10", 100, 50, Sanction.EXPLANATION),  # even months are half done
        ("2013-H1", 600, 450, Sanction.ADMONISHMENT),
        ("2013-H2", 600, 450, Sanction.ADMONISHMENT),
        ("2013", 1200, 900, Sanction.BONUS_WITHHELD),
    ],
)
def test_a_missed_period_gets_its_sanction(
    text: str, planned: int, completed: int, sanction: Sanction
) -> None:
    series = Series(plan=months(*[100] * 12), done=months(*[100, 50] * 6))

    result = assess(series, Period.parse(text))

    assert result == PeriodResult(
        planned=D(planned),
        completed=D(completed),
        shortfall=D(planned - completed),
        sanction=sanction,
    )


@pytest.mark.parametrize("done", ["100.00", "100.01", "250"])
def test_meeting_the_plan_is_no_finding(done: str) -> None:
    series = Series(plan=months(*[100] * 12), done=months(*[0] * 8, done))

    result = assess(series, Period.parse("2013-09"))

    assert result is not None
    assert (result.planned, result.completed) == (D(100), D(done))
    assert (result.shortfall, result.sanction) == (D(0), None)


def test_missing_by_a_cent_is_a_finding() -> None:
    series = Series(plan=months(*[100] * 12), done=months(*[0] * 8, "99.99"))

    result = assess(series, Period.parse("2013-09"))

    assert result is not None
    assert (result.shortfall, result.sanction) == (D("0.01"), Sanction.EXPLANATION)


def test_no_plan_is_not_assessed() -> None:
    assert assess(Series(plan=None, done=months(5)), Period.parse("2013")) is None


def test_nothing_planned_in_the_period_is_not_assessed() -> None:
    # Given a plan only for the first half (and some completion in Q3),
    series = Series(plan=months(*[100] * 6), done=months(*[0] * 6, 40))

    assert assess(series, Period.parse("2013-Q3")) is None
    assert assess(series, Period.parse("2013-08")) is None
    assert assess(series, Period.parse("2013-H1")) is not None


def test_nothing_done_in_a_planned_period_is_a_finding() -> None:
    series = Series(plan=months(*[0] * 9, 10, 10, 10), done=ZERO_DONE)

    result = assess(series, Period.parse("2013-Q4"))

    assert result == PeriodResult(
        planned=D(30), completed=D(0), shortfall=D(30), sanction=Sanction.MEETING_EXPLANATION
    )


def test_custom_ladder_is_applied() -> None:
    series = Series(plan=months(100), done=ZERO_DONE)
    ladder = Ladder(month=Sanction.ADMONISHMENT)

    result = assess(series, Period.parse("2013-01"), ladder)

    assert result is not None
    assert result.sanction is Sanction.ADMONISHMENT
