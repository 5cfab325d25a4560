"""Working-day arithmetic (工作日计算) for the reverse-scheduling engine (SPEC §4).

A calendar has a base — ``all`` (every day works, 日历天), ``mon-fri``, or ``cn`` (mainland China's
official working days: weekends and public holidays off, make-up working days 调休 on) — plus its
own ``holidays`` and ``workdays``. The official ``cn`` data is passed in as an
:class:`OfficialCalendar`; this module never fetches it. A ``cn`` date in a year the official
calendar does not know is an error (:class:`CalendarError`).

Arithmetic runs on day ordinals (``date.toordinal()``) over a :class:`WorkingDays` index covering a
range of days: ``cum[i]`` counts the working days before ``lo + i`` and ``days[k]`` is the ordinal of
the ``k``-th working day, so :func:`next` and :func:`prev` are two list look-ups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, compress, cycle, islice

__all__ = [
    "BASES",
    "MAX_ORDINAL",
    "MIRROR",
    "POISON",
    "Calendar",
    "CalendarError",
    "OfficialCalendar",
    "WorkingDays",
    "is_working",
    "next",
    "prev",
    "working_days_between",
]

BASES: tuple[str, ...] = ("all", "mon-fri", "cn")
MAX_ORDINAL = date.max.toordinal()
MIRROR = MAX_ORDINAL + 1  # a mirrored index numbers the day ``o`` as ``MIRROR - o``

# ``cum`` holds POISON for days a calendar cannot answer for (a ``cn`` day of an unknown year): a
# count so large that any ``days[cum[i] + k]`` built on it raises IndexError, and that wins every
# "latest of these bounds" comparison on the way there.
POISON = 1 << 62

_MON_FRI = (1, 1, 1, 1, 1, 0, 0)
_CN_SPAN = 366 * 25  # how far a cached index for the module-level functions reaches at first


class CalendarError(ValueError):
    """A date a calendar cannot answer for: a ``cn`` date outside the known years, or out of range."""


def _weekday(ordinal: int) -> int:
    # date(1, 1, 1) is a Monday and has ordinal 1.
    return (ordinal - 1) % 7


def _weekday_flags(lo: int, hi: int) -> list[int]:
    """1 for Monday to Friday, 0 for weekends, over the ordinals ``[lo, hi)``."""
    start = _weekday(lo)
    return list(islice(cycle(_MON_FRI[start:] + _MON_FRI[:start]), max(hi - lo, 0)))


def _format_years(years: Iterable[int]) -> str:
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs) or "none"


@dataclass(frozen=True)
class OfficialCalendar:
    """Mainland China's official calendar (法定节假日与调休) for the years it knows.

    ``holidays`` are the official days off (including weekend days inside a holiday), ``workdays``
    the make-up working days (调休, usually a Saturday or Sunday). Other days of a known year work
    from Monday to Friday.
    """

    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int]
    _runs: dict[tuple[int, int], list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def known_years(self) -> str:
        """The known years for a message, e.g. ``2004–2026``."""
        return _format_years(self.years)

    def runs(self) -> list[tuple[int, int]]:
        """The ordinals ``[lo, hi)`` of each run of consecutive known years."""
        runs: list[tuple[int, int]] = []
        for year in sorted(self.years):
            lo = date(year, 1, 1).toordinal()
            hi = MAX_ORDINAL + 1 if year == date.max.year else date(year + 1, 1, 1).toordinal()
            if runs and runs[-1][1] == lo:
                runs[-1] = (runs[-1][0], hi)
            else:
                runs.append((lo, hi))
        return runs

    def run_around(self, ordinal: int) -> tuple[int, int] | None:
        """The run of known years holding ``ordinal``, else the nearest one (None without any)."""
        runs = self.runs()
        if not runs:
            return None
        return min(
            runs,
            key=lambda r: (
                0 if r[0] <= ordinal < r[1] else min(abs(ordinal - r[0]), abs(ordinal - r[1] + 1))
            ),
        )

    def run_flags(self, run: tuple[int, int]) -> list[int]:
        """1 for an official working day, 0 otherwise, over one run of known years (cached)."""
        flags = self._runs.get(run)
        if flags is None:
            lo, hi = run
            flags = _weekday_flags(lo, hi)
            for day in self.holidays:
                if lo <= (o := day.toordinal()) < hi:
                    flags[o - lo] = 0
            for day in self.workdays:
                if lo <= (o := day.toordinal()) < hi:
                    flags[o - lo] = 1
            self._runs[run] = flags
        return flags


@dataclass(frozen=True)
class Calendar:
    """A working calendar (工作日历): a base plus its own holidays and workdays."""

    base: str = "all"
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    official: OfficialCalendar | None = None
    name: str = ""
    _index: list[WorkingDays] = field(
        default_factory=list, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        label = f'calendar "{self.name}"' if self.name else "calendar"
        if self.base not in BASES:
            raise CalendarError(
                f'{label}: unknown base "{self.base}" (expected all, mon-fri or cn)'
            )
        if self.base == "cn" and self.official is None:
            raise CalendarError(f"{label}: base cn needs the official calendar")
        both = self.holidays & self.workdays
        if both:
            raise CalendarError(f"{label}: {min(both)} is both a holiday and a workday")

    @property
    def label(self) -> str:
        """How messages name this calendar."""
        return f'"{self.name}"' if self.name else self.base

    def known_years(self) -> str:
        """The years a ``cn`` calendar can answer for; every year for the other bases."""
        return self.official.known_years() if self.official is not None else "all"

    def window(self, lo: int, hi: int, anchor: int) -> tuple[int, int]:
        """The part of ``[lo, hi)`` this calendar can answer for, around ``anchor`` for ``cn``."""
        if self.official is None:
            return lo, hi
        run = self.official.run_around(anchor)
        if run is None:
            return hi, hi
        klo, khi = max(run[0], lo), min(run[1], hi)
        return (klo, khi) if klo < khi else (hi, hi)

    def flags(self, lo: int, hi: int) -> list[int]:
        """1 for a working day, 0 otherwise, over ``[lo, hi)`` (inside :meth:`window` for ``cn``)."""
        if hi <= lo:
            return []
        if self.base == "all":
            flags = [1] * (hi - lo)
        elif self.base == "mon-fri":
            flags = _weekday_flags(lo, hi)
        else:
            assert self.official is not None
            run = self.official.run_around(lo)  # lo is inside the window, so inside its run
            assert run is not None
            assert run[0] <= lo <= hi <= run[1]
            flags = self.official.run_flags(run)[lo - run[0] : hi - run[0]]
        for day in self.holidays:
            if lo <= (o := day.toordinal()) < hi:
                flags[o - lo] = 0
        for day in self.workdays:
            if lo <= (o := day.toordinal()) < hi:
                flags[o - lo] = 1
        return flags


class WorkingDays:
    """The working days of one calendar over the ordinals ``[lo, hi)``, for O(1) arithmetic.

    ``cum[i]`` (for ``0 <= i <= hi - lo``) counts the working days in ``[lo, lo + i)``, or is
    :data:`POISON` for days the calendar cannot answer for; ``days[k]`` is the ordinal of the
    working day numbered ``k`` (from 0).

    Built :meth:`mirrored`, the index describes the calendar on a reversed time line, where the
    ordinal ``o`` stands for the day ``MIRROR - o``: backward arithmetic becomes forward
    arithmetic (the scheduler's backward pass runs on it), and widening the days covered towards
    the past only appends to it, as widening towards the future appends to a plain index.
    """

    __slots__ = ("calendar", "cum", "days", "hi", "lo")

    def __init__(self, calendar: Calendar, lo: int, hi: int, anchor: int):
        self._build(calendar, lo, hi, *calendar.window(lo, hi, anchor), mirrored=False)

    @classmethod
    def mirrored(cls, calendar: Calendar, lo: int, hi: int, anchor: int) -> WorkingDays:
        """The index of the days ``[lo, hi)`` on the reversed time line (see the class)."""
        index = cls.__new__(cls)
        klo, khi = calendar.window(lo, hi, anchor)
        index._build(calendar, MIRROR - hi + 1, MIRROR - lo + 1, klo, khi, mirrored=True)
        return index

    def _build(
        self, calendar: Calendar, lo: int, hi: int, klo: int, khi: int, mirrored: bool
    ) -> None:
        self.calendar = calendar
        self.lo, self.hi = lo, hi
        if calendar.base == "all" and not calendar.holidays:  # every day: no flags to count
            self.cum: list[int] = list(range(hi - lo + 1))
            self.days: list[int] = list(range(lo, hi))
            return
        flags = calendar.flags(klo, khi)
        if mirrored:
            flags.reverse()
            klo, khi = MIRROR - khi + 1, MIRROR - klo + 1
        self.cum = [POISON] * (klo - lo)
        self.cum.append(0)
        self.cum.extend(accumulate(flags))
        self.days = list(compress(range(klo, khi), flags))

    def _count(self, i: int) -> int:
        if not 0 <= i < len(self.cum) or self.cum[i] >= POISON:
            raise CalendarError(self._outside())
        return self.cum[i]

    def _day(self, k: int) -> int:
        if not 0 <= k < len(self.days):
            raise CalendarError(self._outside())
        return self.days[k]

    def _outside(self) -> str:
        if self.calendar.official is not None:
            return (
                f"date outside the known years of calendar {self.calendar.label} "
                f"(cn: {self.calendar.known_years()})"
            )
        return "date out of range"

    def next(self, ordinal: int, n: int, strict: bool) -> int:
        """The ``n``-th working day after ``ordinal`` (strict) or on/after it (not strict)."""
        return self._day(self._count(ordinal - self.lo + strict) + n - 1)

    def prev(self, ordinal: int, n: int, strict: bool) -> int:
        """The ``n``-th working day before ``ordinal`` (strict) or on/before it (not strict)."""
        return self._day(self._count(ordinal - self.lo + (not strict)) - n)

    def between(self, first: int, end: int) -> int:
        """Working days in ``[first, end)``; negative (those in ``[end, first)``) when ``end < first``."""
        return self._count(end - self.lo) - self._count(first - self.lo)


def _index_for(cal: Calendar, ordinals: tuple[int, ...], reach: int) -> WorkingDays:
    """A cached index of ``cal`` covering ``ordinals`` with ``reach`` days to spare both ways."""
    for index in cal._index:
        if cal.official is not None and index.lo <= ordinals[0] < index.hi:
            return index  # a cn index spans the whole run of known years around its days
        if all(index.lo + reach <= o < index.hi - reach for o in ordinals):
            return index
    if cal.official is not None:
        run = cal.official.run_around(ordinals[0])
        lo, hi = run if run is not None else (ordinals[0], ordinals[0] + 1)
        lo, hi = max(lo - reach, 1), min(hi + reach, MAX_ORDINAL + 1)
    else:
        lo = max(min(ordinals) - reach - _CN_SPAN, 1)
        hi = min(max(ordinals) + reach + _CN_SPAN, MAX_ORDINAL + 1)
    index = WorkingDays(cal, lo, hi, ordinals[0])
    cal._index[:] = [index]
    return index


def _checked_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number ≥ 1, got {n!r}")


def _shift(cal: Calendar, day: date, n: int, strict: bool, forward: bool) -> date:
    _checked_n(n)
    ordinal = day.toordinal()
    reach = 2 * n + 14
    while True:
        index = _index_for(cal, (ordinal,), reach)
        try:
            if forward:
                return date.fromordinal(index.next(ordinal, n, strict))
            return date.fromordinal(index.prev(ordinal, n, strict))
        except CalendarError:
            # A cn index already spans its known years; any other widens until the ends of time.
            if cal.official is not None or (index.hi > MAX_ORDINAL if forward else index.lo == 1):
                raise
            reach *= 4


def next(cal: Calendar, day: date, n: int, strict: bool) -> date:
    """The ``n``-th working day of ``cal`` after ``day`` (``strict``) or on/after it (SPEC §4)."""
    return _shift(cal, day, n, strict, forward=True)


def prev(cal: Calendar, day: date, n: int, strict: bool) -> date:
    """The ``n``-th working day of ``cal`` before ``day`` (``strict``) or on/before it (SPEC §4)."""
    return _shift(cal, day, n, strict, forward=False)


def is_working(cal: Calendar, day: date) -> bool:
    """Whether ``day`` is a working day of ``cal``."""
    return working_days_between(cal, day, date.fromordinal(day.toordinal() + 1)) == 1


def working_days_between(cal: Calendar, first: date, end: date) -> int:
    """Working days of ``cal`` in ``[first, end)``; negative when ``end`` comes before ``first``."""
    a, b = first.toordinal(), end.toordinal()
    if not 1 <= a <= MAX_ORDINAL or not 1 <= b <= MAX_ORDINAL:
        raise CalendarError("date out of range")
    index = _index_for(cal, (a, b), 0)
    return index.between(a, b)
