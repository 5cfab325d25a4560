"""Working-day arithmetic (工作日计算) for the reverse-scheduling engine (SPEC §4).

A calendar has a base — ``all`` (every day works, 日历天), ``mon-fri``, or ``cn`` (mainland China's
official working days: weekends and public holidays off, make-up working days 调休 on) — plus its
own ``holidays`` and ``workdays``. The official ``cn`` data is passed in as an
:class:`OfficialCalendar`; this module never fetches it. A ``cn`` date in a year the official
calendar does not know is an error (:class:`CalendarError`).

Arithmetic runs on *working-day numbers* (:class:`Numbering`): a calendar numbers its working days
in order, ``count(o)`` is the number of the first working day on or after the day whose ordinal
(``date.toordinal()``) is ``o``, and ``day(k)`` is the ordinal of working day ``k``. So
``next(cal, day, n, strict)`` is ``day(count(o + strict) + n - 1)``. The bases need no tables:
on ``all`` the number of a day is its ordinal, on ``mon-fri`` it is five per week plus the weekday
(closed forms, good from year 1 to 9999). A calendar's own holidays and workdays patch a window
of arrays between its first and last exception. A ``cn`` calendar is arrays over one run of the
official calendar's known years, built once per official calendar and shared by every calendar
and schedule that reads it; outside that run its numbers are unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, compress, cycle, islice

__all__ = [
    "BASES",
    "MAX_ORDINAL",
    "POISON",
    "Calendar",
    "CalendarError",
    "Numbering",
    "OfficialCalendar",
    "is_working",
    "next",
    "prev",
    "working_days_between",
]

BASES: tuple[str, ...] = ("all", "mon-fri", "cn")
MAX_ORDINAL = date.max.toordinal()

# ``count`` answers POISON for a day a calendar cannot answer for (a ``cn`` day of an unknown year):
# a number so far from every real one that any arithmetic on it stays out of range, and that wins
# every "latest of these bounds" comparison on the way there (-POISON every "earliest").
POISON = 1 << 62

_MON_FRI = (1, 1, 1, 1, 1, 0, 0)
_ALL, _WEEK, _UNKNOWN = 0, 1, 2  # what a Numbering answers outside its window of arrays


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


def _base_count(base: int, o: int) -> int:
    """The number of the first working day on or after ordinal ``o`` on a closed-form base."""
    if base == _ALL:
        return o
    weeks, weekday = divmod(o - 1, 7)
    return 5 * weeks + (weekday if weekday < 5 else 5)


def _base_day(base: int, k: int) -> int:
    """The ordinal of working day ``k`` on a closed-form base (the inverse of :func:`_base_count`)."""
    if base == _ALL:
        return k
    return k + 2 * (k // 5) + 1


class Numbering:
    """The working days of one calendar, numbered in order (see the module docstring).

    Inside the window of ordinals ``[lo, hi]`` the numbers come from arrays: ``cum[i]`` counts the
    working days in ``[lo, lo + i)`` and ``table[i]`` is the ordinal of the working day numbered
    ``k0 + i``. Outside it, a closed form (``all`` or ``mon-fri``, shifted by ``delta`` after the
    window) or, for ``cn``, nothing: :meth:`count` answers :data:`POISON`. The numbers ``k`` with
    ``kmin <= k < kmax`` are those :meth:`day` can answer for.
    """

    __slots__ = ("base", "cum", "delta", "hi", "identity", "k0", "kmax", "kmin", "lo", "table")

    def __init__(self, base: int, lo: int, hi: int, flags: list[int]):
        self.base, self.lo, self.hi = base, lo, hi
        self.cum = [0, *accumulate(flags)]
        self.table = list(compress(range(lo, hi), flags))
        self.identity = base == _ALL and not self.table and lo == hi
        if base == _UNKNOWN:
            self.k0 = self.delta = 0
            self.kmin, self.kmax = 0, len(self.table)
        else:
            self.k0 = _base_count(base, lo)
            self.delta = self.k0 + len(self.table) - _base_count(base, hi)
            self.kmin, self.kmax = self.count(1), self.count(MAX_ORDINAL + 1)

    @classmethod
    def unknown(cls) -> Numbering:
        """A ``cn`` calendar without any known year: no day has a number."""
        return cls(_UNKNOWN, MAX_ORDINAL + 2, MAX_ORDINAL + 2, [])

    def count(self, o: int) -> int:
        """The number of the first working day on or after ordinal ``o`` (POISON if unknown)."""
        if o < self.lo:
            return POISON if self.base == _UNKNOWN else _base_count(self.base, o)
        if o <= self.hi:
            return self.k0 + self.cum[o - self.lo]
        return POISON if self.base == _UNKNOWN else _base_count(self.base, o) + self.delta

    def count_from(self, o: int) -> int:
        """As :meth:`count`, as the bound "on or after ``o``": before a ``cn`` calendar's known
        days the number is unknown but no later than the first known one, so -POISON (any later
        bound replaces it); after them POISON."""
        k = self.count(o)
        return -POISON if k >= POISON and o < self.lo else k

    def last_on_or_before(self, o: int) -> int:
        """The number of the last working day on or before ``o``, as the bound "on or before
        ``o``": after a ``cn`` calendar's known days POISON (any earlier bound replaces it),
        before them -POISON."""
        k = self.count(o + 1)
        if k >= POISON:
            return -POISON if o + 1 < self.lo else POISON
        return k - 1

    def day(self, k: int) -> int:
        """The ordinal of working day ``k`` (for ``kmin <= k < kmax``)."""
        i = k - self.k0
        if i < 0:
            return _base_day(self.base, k)
        if i < len(self.table):
            return self.table[i]
        return _base_day(self.base, k - self.delta)

    def days(self, numbers: list[int]) -> list[int]:
        """:meth:`day` of each number (all in range); ``numbers`` itself on ``all``."""
        if self.identity:
            return numbers
        if self.base == _UNKNOWN:
            return list(map(self.table.__getitem__, numbers))
        lo, hi = min(numbers, default=0), max(numbers, default=0)
        if 2 * (hi - lo) < len(numbers):  # many numbers, few distinct: look them up in a table
            table = self._days(range(lo, hi + 1))
            return list(map(table.__getitem__, map(lo.__rsub__, numbers)))
        return self._days(numbers)

    def _days(self, numbers: Iterable[int]) -> list[int]:
        if self.base == _WEEK and not self.table and self.lo == self.hi:
            return [k + 2 * (k // 5) + 1 for k in numbers]
        return list(map(self.day, numbers))


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
    _numberings: dict[tuple[int, int], Numbering] = field(
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

    def numbering(self, run: tuple[int, int]) -> Numbering:
        """The official working days of one run of known years, numbered (cached)."""
        numbering = self._numberings.get(run)
        if numbering is None:
            numbering = Numbering(_UNKNOWN, run[0], run[1], self.run_flags(run))
            self._numberings[run] = numbering
        return numbering


@dataclass(frozen=True)
class Calendar:
    """A working calendar (工作日历): a base plus its own holidays and workdays."""

    base: str = "all"
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    official: OfficialCalendar | None = None
    name: str = ""
    _numberings: dict[tuple[int, int] | None, Numbering] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        label = f'calendar "{self.name}"' if self.name else "calendar"
        if self.base not in BASES:
            raise CalendarError(
                f'{label}: unknown base "{self.base}" (expected all, mon-fri or cn)'
            )
        if self.base == "cn" and self.official is None:
            raise CalendarError(f"{label}: base cn needs the official calendar")
        if self.base != "cn" and self.official is not None:
            # Only cn follows the official calendar; all and mon-fri ignore it (callers may pass
            # the same official calendar to every calendar of a plan).
            object.__setattr__(self, "official", None)
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

    def outside(self) -> str:
        """The message for a date this calendar cannot answer for."""
        if self.official is not None:
            return (
                f"date outside the known years of calendar {self.label} (cn: {self.known_years()})"
            )
        return "date out of range"

    def numbering(self, anchor: int) -> Numbering:
        """This calendar's working days numbered (cached); for ``cn``, over the run of known years
        around the ordinal ``anchor``."""
        run = None if self.official is None else self.official.run_around(anchor)
        numbering = self._numberings.get(run)
        if numbering is None:
            numbering = self._numbering(run)
            self._numberings[run] = numbering
        return numbering

    def _numbering(self, run: tuple[int, int] | None) -> Numbering:
        exceptions = [(d.toordinal(), 0) for d in self.holidays]
        exceptions += [(d.toordinal(), 1) for d in self.workdays]
        if self.official is not None:
            if run is None:
                return Numbering.unknown()
            lo, hi = run
            exceptions = [(o, w) for o, w in exceptions if lo <= o < hi]
            if not exceptions:
                return self.official.numbering(run)
            flags = list(self.official.run_flags(run))
            base = _UNKNOWN
        elif not exceptions:
            return Numbering(_ALL if self.base == "all" else _WEEK, 1, 1, [])
        else:
            lo = min(o for o, _ in exceptions)
            hi = max(o for o, _ in exceptions) + 1
            flags = [1] * (hi - lo) if self.base == "all" else _weekday_flags(lo, hi)
            base = _ALL if self.base == "all" else _WEEK
        for o, working in exceptions:
            flags[o - lo] = working
        return Numbering(base, lo, hi, flags)


def _checked_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number ≥ 1, got {n!r}")


def _day(cal: Calendar, numbering: Numbering, k: int) -> date:
    if not numbering.kmin <= k < numbering.kmax:
        raise CalendarError(cal.outside())
    return date.fromordinal(numbering.day(k))


def next(cal: Calendar, day: date, n: int, strict: bool) -> date:
    """The ``n``-th working day of ``cal`` after ``day`` (``strict``) or on/after it (SPEC §4)."""
    _checked_n(n)
    o = day.toordinal()
    numbering = cal.numbering(o)
    return _day(cal, numbering, numbering.count(o + strict) + n - 1)


def prev(cal: Calendar, day: date, n: int, strict: bool) -> date:
    """The ``n``-th working day of ``cal`` before ``day`` (``strict``) or on/before it (SPEC §4)."""
    _checked_n(n)
    o = day.toordinal()
    numbering = cal.numbering(o)
    return _day(cal, numbering, numbering.count(o + (not strict)) - n)


def is_working(cal: Calendar, day: date) -> bool:
    """Whether ``day`` is a working day of ``cal``."""
    o = day.toordinal()
    numbering = cal.numbering(o)
    counts = numbering.count(o), numbering.count(o + 1)
    if max(counts) >= POISON:
        raise CalendarError(cal.outside())
    return counts[1] > counts[0]


def working_days_between(cal: Calendar, first: date, end: date) -> int:
    """Working days of ``cal`` in ``[first, end)``; negative when ``end`` comes before ``first``."""
    a, b = first.toordinal(), end.toordinal()
    numbering = cal.numbering(a)
    counts = numbering.count(a), numbering.count(b)
    if max(counts) >= POISON:
        raise CalendarError(cal.outside())
    return counts[1] - counts[0]
