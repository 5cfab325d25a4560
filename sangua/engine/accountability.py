"""Assessment periods and the sanction ladder (考核, 问责) applied to one series (SPEC §3).

Pure Python, no Django. A period close loads each unit's series for the period's year and
calls :func:`assess`; a result with a sanction becomes a finding (问责记录).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal

from sangua.engine.metrics import MONTHS, Series

__all__ = [
    "DEFAULT_LADDER",
    "Ladder",
    "Period",
    "PeriodKind",
    "PeriodResult",
    "Sanction",
    "assess",
]


class PeriodKind(enum.StrEnum):
    """The kind of an assessment period: month, quarter, half-year or year."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


# Number of periods of each kind in a year, and the months in each one.
_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
_SPAN = {kind: MONTHS // count for kind, count in _COUNT.items()}

_PATTERN = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?:(?P<month>[0-9]{2})|Q(?P<quarter>[0-9])|H(?P<half>[0-9])))?"
)
_FORMS = '"YYYY-MM" (two-digit month), "YYYY-Qn" (n 1–4), "YYYY-Hn" (n 1–2) or "YYYY"'
_ZH_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class Period:
    """An assessment period (考核期): a month, a quarter, a half-year or a year.

    Text forms are ``2013-09``, ``2013-Q3``, ``2013-H1`` and ``2013``. Parsing is strict: months
    need two digits (``2013-9`` is refused), letters are upper case and no spaces are allowed,
    so every period has exactly one spelling (useful in URLs and as a key).
    """

    kind: PeriodKind
    year: int
    index: int

    def __post_init__(self) -> None:
        kind = PeriodKind(self.kind)
        object.__setattr__(self, "kind", kind)
        if not 1 <= self.year <= 9999:
            raise ValueError(f"period year must be 1..9999, got {self.year}")
        if not 1 <= self.index <= _COUNT[kind]:
            raise ValueError(f"{kind} index must be 1..{_COUNT[kind]}, got {self.index}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period from its canonical text; raise ValueError naming the accepted forms."""
        match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"invalid period {text!r}: expected {_FORMS}")
        year = int(match["year"])
        if match["month"] is not None:
            kind, index = PeriodKind.MONTH, int(match["month"])
        elif match["quarter"] is not None:
            kind, index = PeriodKind.QUARTER, int(match["quarter"])
        elif match["half"] is not None:
            kind, index = PeriodKind.HALF, int(match["half"])
        else:
            kind, index = PeriodKind.YEAR, 1
        try:
            return cls(kind=kind, year=year, index=index)
        except ValueError as error:
            raise ValueError(f"invalid period {text!r}: {error}") from None

    @property
    def months(self) -> tuple[int, ...]:
        """The months (1..12) the period covers, e.g. Q3 → (7, 8, 9)."""
        span = _SPAN[self.kind]
        first = (self.index - 1) * span + 1
        return tuple(range(first, first + span))

    @property
    def last_month(self) -> int:
        """The last month of the period, the month whose figures close it."""
        return self.index * _SPAN[self.kind]

    @property
    def label_zh(self) -> str:
        """The Chinese label, e.g. 2013年9月, 2013年第三季度, 2013年上半年, 2013年."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}年{self.index}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}年第{_ZH_NUMERALS[self.index]}季度"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年"

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year:04d}-H{self.index}"
        return f"{self.year:04d}"


class Sanction(enum.StrEnum):
    """A sanction on the escalating ladder (问责), from written explanation to no bonus."""

    EXPLANATION = "explanation"  # 情况说明
    MEETING_EXPLANATION = "meeting_explanation"  # 常务会议说明
    ADMONISHMENT = "admonishment"  # 诫勉谈话
    BONUS_WITHHELD = "bonus_withheld"  # 不发考核奖


@dataclass(frozen=True)
class Ladder:
    """The sanction for a missed plan in each kind of period; the defaults are Liandu's."""

    month: Sanction = Sanction.EXPLANATION
    quarter: Sanction = Sanction.MEETING_EXPLANATION
    half: Sanction = Sanction.ADMONISHMENT
    year: Sanction = Sanction.BONUS_WITHHELD

    def sanction_for(self, kind: PeriodKind) -> Sanction:
        """Return the sanction this ladder gives for a missed period of the given kind."""
        return {
            PeriodKind.MONTH: self.month,
            PeriodKind.QUARTER: self.quarter,
            PeriodKind.HALF: self.half,
            PeriodKind.YEAR: self.year,
        }[PeriodKind(kind)]


DEFAULT_LADDER = Ladder()


@dataclass(frozen=True)
class PeriodResult:
    """Planned and completed investment of one period, and the sanction when completed < planned.

    ``shortfall`` is planned − completed, or 0 when the plan was met.
    """

    planned: Decimal
    completed: Decimal
    shortfall: Decimal
    sanction: Sanction | None


def assess(series: Series, period: Period, ladder: Ladder = DEFAULT_LADDER) -> PeriodResult | None:
    """Assess one unit's series for one period (single period, not cumulative from January).

    The series must be for ``period.year``. Returns None when nothing was planned in the
    period (no plan, or Σ plan over its months ≤ 0): such a unit is not assessed.
    """
    if series.plan is None:
        return None
    plan, done = series.plan, series.done
    planned = sum((plan[k - 1] for k in period.months), Decimal(0))
    if planned <= 0:
        return None
    completed = sum((done[k - 1] for k in period.months), Decimal(0))
    missed = completed < planned
    return PeriodResult(
        planned=planned,
        completed=completed,
        shortfall=planned - completed if missed else Decimal(0),
        sanction=ladder.sanction_for(period.kind) if missed else None,
    )
