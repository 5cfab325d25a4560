"""The forward pass (early dates), the backward pass (late dates, the reverse plan) and the driving
path of SPEC §4.

Both passes work in working-day numbers, each task in its own calendar's
(:class:`~sangua.engine.calendar.Numbering`). Between two tasks of one calendar every rule of the
SPEC's table is then a sum: the successor's bound is the predecessor's number plus ``lag +
strict`` (``add``, forward), the predecessor's is the successor's number minus it (backward), and
the latest (earliest) bound is the largest (smallest) number. The loops do only that; a task
that needs more — progress, a dependency across calendars or on a task with progress, a
finish-to-finish dependency — goes through the general step (``_forward_step``,
``_backward_step``, ``_drive_step``), where a predecessor's number becomes an ordinal and the
ordinal a number of the successor's calendar.

Numbers are checked once, when a pass turns them into ordinals. A number a calendar cannot answer
for (a ``cn`` day outside the known years, a day past 9999) fails the pass; the error names the
first task in the pass's walk that has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from sangua.engine.calendar import POISON, Numbering

from .model import ScheduleError, quoted
from .network import Network

__all__ = ["backward", "driving", "forward"]


class _Failed(Exception):
    """A pass cannot go on at ``task`` (a date it needs is one no calendar can give)."""

    def __init__(self, task: int):
        super().__init__(task)
        self.task = task


def _bounds(net: Network, backwards: bool = False) -> Iterator[tuple[int, int, int]]:
    """Each task in topological order (reversed, ``backwards``) with the first and the end of
    its edges: zipped without a look-up per task when the plan lists predecessors first."""
    order, first = net.order, net.first
    n = len(order)
    if net.in_order and backwards:  # first has n + 1 entries: the shorter iterators end the zip
        return zip(
            range(n - 1, -1, -1), islice(reversed(first), 1, None), reversed(first), strict=False
        )
    if net.in_order:
        return zip(order, first, islice(first, 1, None), strict=False)
    walk = order[::-1] if backwards else order
    ends = map(first.__getitem__, map((1).__add__, walk))
    return zip(walk, map(first.__getitem__, walk), ends, strict=True)


# --- forward ------------------------------------------------------------------------------------


def forward(net: Network, start: int, status: int | None) -> tuple[list[int], list[int]]:
    """Early dates: ``(numbers, ordinals)``, each interleaved (``[2*i]`` the early start of task
    ``i``, ``[2*i + 1]`` its early finish). A task with progress keeps its dates as ordinals; its
    numbers are placeholders (the first number of its calendar)."""
    numberings = net.numberings
    # Per calendar, the number of next(cal, start, 1, not strict) and of next(cal, status, 1,
    # strict): the least number a task may start on.
    lower = [nb.count_from(start) for nb in numberings]
    if status is not None:
        lower = [max(k, nb.count_from(status + 1)) for k, nb in zip(lower, numberings, strict=True)]
    n = len(net.ids)
    if len(numberings) == 1:
        N = [lower[0], 0] * n
    else:
        N = [0] * (2 * n)
        N[0::2] = [lower[c] for c in net.calendar_of]
    P: dict[int, tuple[int, int]] = {}
    special = net.forward_special
    durations, source, add = net.durations, net.source, net.add
    s = -1
    try:
        for s, a, z in _bounds(net):
            if special and s in special:
                _forward_step(net, s, N, P, lower, status)
                continue
            # N[2*s] holds the least start already; the latest bound is the largest number.
            i = s + s
            k = N[i]
            if z - a == 1:  # one predecessor, the usual case: no inner loop
                b = N[source[a]] + add[a]
                if b > k:
                    k = b
            elif z != a:
                for e in range(a, z):
                    b = N[source[e]] + add[e]
                    if b > k:
                        k = b
            N[i] = k
            d = durations[s]
            N[i + 1] = k + d - 1 if d else k
    except _Failed:
        _fail(net, N, net.order, net.order.index(s), skip=P)
    E = _ordinals(net, N, net.order, skip=P)
    if P:
        if E is N:
            E = list(N)
        for t, (started, finished) in P.items():
            E[2 * t] = started
            E[2 * t + 1] = finished
    return N, E


def _forward_step(
    net: Network,
    s: int,
    N: list[int],
    P: dict[int, tuple[int, int]],
    lower: list[int],
    status: int | None,
) -> None:
    """The forward pass at a task with progress, or with a dependency the loop does not do."""
    c = net.calendar_of[s]
    nb = net.numberings[c]
    d = net.durations[s]
    progress = net.progress.get(s)
    if progress is not None:
        assert status is not None
        started, finished, remaining = progress
        if finished < 0:
            finished = _progressed_finish(nb, s, started, d, remaining, status)
        P[s] = (started, finished)
        N[2 * s] = N[2 * s + 1] = nb.kmin
        return
    calendar_of, numberings, source, code = net.calendar_of, net.numberings, net.source, net.code
    k = lower[c]
    j = -POISON
    for e in range(net.first[s], net.first[s + 1]):
        v = code[e]
        src = source[e]
        q = src >> 1
        if q in P:
            o = P[q][src & 1]
        elif calendar_of[q] != c:
            nq = numberings[calendar_of[q]]
            if not nq.kmin <= N[src] < nq.kmax:
                raise _Failed(s)  # q itself is out of range; _fail names it (or an earlier task)
            o = nq.day(N[src])
        else:
            o = -1
        if o < 0:
            b = N[src] + (v >> 2)
        else:
            strict = v & 1
            b = nb.count(o + strict) + (v >> 2) - strict
        if v & 2:
            if b > j:
                j = b
        elif b > k:
            k = b
    if d:
        if j > k + d - 1:  # finish-driven (FF): start d working days back from it
            k = j - d + 1
        else:
            j = k + d - 1
        N[2 * s], N[2 * s + 1] = k, j
    else:
        N[2 * s] = N[2 * s + 1] = k


def _progressed_finish(
    nb: Numbering, s: int, started: int, d: int, remaining: int, status: int
) -> int:
    """The finish of a started task: ``remaining`` working days after the status date, or its
    planned span but not before the next working day after the status date."""
    after = nb.count(status + 1)  # the next working day after the status date
    if after >= POISON:
        raise _Failed(s)
    if remaining == 0:  # nothing left: it ends on the last working day up to the status date
        return started if after - 1 < nb.kmin else max(started, nb.day(after - 1))
    if remaining > 0:
        numbers = [after + remaining - 1]
    else:
        numbers = [nb.count(started) + d - 1, after]
    if not nb.kmin <= min(numbers) or not max(numbers) < nb.kmax:
        raise _Failed(s)
    return nb.day(max(numbers))


# --- backward -----------------------------------------------------------------------------------


def backward(
    net: Network, deadline: int, early: tuple[list[int], list[int], int] | None = None
) -> tuple[list[int], list[int], bytearray]:
    """Late dates: ``(numbers, ordinals, critical)``, the first two interleaved (``[2*i]`` the
    late start of task ``i``, ``[2*i + 1]`` its late finish). Progress plays no part.

    Given the early dates (``numbers, ordinals, finish`` of :func:`forward`), the walk also
    follows the driving path (see :func:`driving`): in reverse topological order each task is
    final before its predecessors come, so a critical task marks the predecessors that drive it
    as it pushes its late dates to them. ``critical`` is all zeros otherwise."""
    numberings = net.numberings
    # Every task finishes on or before prev(cal, deadline, 1, not strict). Past a cn calendar's
    # known years that bounds a task only if nothing else does (POISON, which a successor's
    # bound replaces, or which fails).
    last = [nb.last_on_or_before(deadline) for nb in numberings]
    n = len(net.ids)
    # L[2*i] and L[2*i + 1] hold the bounds on task i's start and finish until its turn comes,
    # then its late start and finish; the earliest bound is the smallest number.
    if len(numberings) == 1:
        L = [POISON, last[0]] * n
    else:
        L = [POISON] * (2 * n)
        L[1::2] = [last[c] for c in net.calendar_of]
    if early is None:
        N, E, critical = L, L, bytearray(n)
        special = net.backward_special
    else:
        N, E, finish = early
        critical = bytearray(map(finish.__eq__, E[1::2]))
        special = net.forward_special  # the driving path needs the general step there too
    durations, source, add = net.durations, net.source, net.add
    walk = net.order[::-1]
    q = -1
    try:
        for q, a, z in _bounds(net, backwards=True):
            i = q + q
            lf = L[i + 1]
            d = durations[q]
            if d:
                ls = lf - d + 1
                if L[i] < ls:  # an SS successor holds the start back
                    ls = L[i]
                    lf = L[i + 1] = ls + d - 1
            else:
                ls = lf
            L[i] = ls
            if special and q in special:
                _backward_step(net, q, L)
                if critical[q]:
                    _drive_step(net, q, N, E, critical)
            elif critical[q]:  # on the driving path: mark the predecessors that drive it
                t = N[i]
                if z - a == 1:
                    src = source[a]
                    b = add[a]
                    if ls - b < L[src]:
                        L[src] = ls - b
                    if N[src] + b == t:
                        critical[src >> 1] = 1
                    continue
                for e in range(a, z):
                    src = source[e]
                    b = add[e]
                    if ls - b < L[src]:
                        L[src] = ls - b
                    if N[src] + b == t:
                        critical[src >> 1] = 1
            elif z - a == 1:  # one predecessor, the usual case: no inner loop
                src = source[a]
                b = ls - add[a]
                if b < L[src]:
                    L[src] = b
            else:
                for e in range(a, z):
                    b = ls - add[e]
                    if b < L[source[e]]:
                        L[source[e]] = b
    except _Failed:
        _fail(net, L, walk, walk.index(q))
    return L, _ordinals(net, L, walk), critical


def _backward_step(net: Network, q: int, L: list[int]) -> None:
    """Push task ``q``'s late dates to its predecessors, where the loop cannot."""
    c = net.calendar_of[q]
    nb = net.numberings[c]
    calendar_of, numberings, source, code = net.calendar_of, net.numberings, net.source, net.code
    ls, lf = L[2 * q], L[2 * q + 1]
    for e in range(net.first[q], net.first[q + 1]):
        v = code[e]
        src = source[e]
        p = src >> 1
        if calendar_of[p] == c:
            b = (lf if v & 2 else ls) - (v >> 2)
        else:
            # The inverse rule through dates: X = prev(cal_q, <q's date>, lag + 1, not strict),
            # and p's end is prev(cal_p, X, 1, strict) — the last working day on or before
            # X - strict.
            strict = v & 1
            x = (lf if v & 2 else ls) - (v >> 2) + strict
            if not nb.kmin <= x < nb.kmax:
                raise _Failed(q)
            b = numberings[calendar_of[p]].last_on_or_before(nb.day(x) - strict)
        if b < L[src]:
            L[src] = b


# --- the driving path ---------------------------------------------------------------------------


def driving(net: Network, N: list[int], E: list[int], finish: int) -> bytearray:
    """The driving path: from every task finishing with the plan, follow backwards each
    dependency whose bound equals the successor's early date (in the successor's calendar, so
    this holds across calendars where float counts differ). 1 for a task on it.

    :func:`backward` does the same walk when it runs after the forward pass."""
    edges, source, add = net.first, net.source, net.add
    special = net.forward_special
    critical = bytearray(map(finish.__eq__, E[1::2]))
    path = [i for i, c in enumerate(critical) if c]
    for s in path:  # the path grows while it is walked
        if s in special:
            _drive_step(net, s, N, E, critical, path)
            continue
        t = N[s + s]
        for e in range(edges[s], edges[s + 1]):
            src = source[e]
            if N[src] + add[e] == t and not critical[src >> 1]:
                critical[src >> 1] = 1
                path.append(src >> 1)
    return critical


def _drive_step(
    net: Network,
    s: int,
    N: list[int],
    E: list[int],
    critical: bytearray,
    path: list[int] | None = None,
) -> None:
    """Mark the predecessors driving task ``s`` (each dependency in full: calendars, progress,
    finish to finish)."""
    c = net.calendar_of[s]
    nb = net.numberings[c]
    calendar_of, progress, source, code = net.calendar_of, net.progress, net.source, net.code
    for e in range(net.first[s], net.first[s + 1]):
        src = source[e]
        q = src >> 1
        if critical[q]:
            continue
        v = code[e]
        strict = v & 1
        if calendar_of[q] == c and q not in progress:
            bound = N[src] + (v >> 2)
        else:
            bound = nb.count(E[src] + strict) + (v >> 2) - strict
        if not nb.kmin <= bound < nb.kmax:  # a finished predecessor outside a cn calendar
            continue
        if nb.day(bound) == E[2 * s + (v >> 1 & 1)]:
            critical[q] = 1
            if path is not None:
                path.append(q)


# --- numbers to dates ---------------------------------------------------------------------------


def _in_range(net: Network, numbers: list[int], task: int) -> bool:
    nb = net.numberings[net.calendar_of[task]]
    return nb.kmin <= numbers[2 * task] < nb.kmax and nb.kmin <= numbers[2 * task + 1] < nb.kmax


def _fail(
    net: Network,
    numbers: list[int],
    walk: list[int],
    position: int,
    skip: dict[int, tuple[int, int]] | None = None,
) -> None:
    """Raise the error for the first task of ``walk`` (up to ``position``) whose numbers are out
    of range, or else for the task at ``position``."""
    task = walk[position]
    for t in walk[:position]:
        if (skip is None or t not in skip) and not _in_range(net, numbers, t):
            task = t
            break
    cal = net.calendars[net.calendar_of[task]]
    if cal.official is not None:
        raise ScheduleError(
            f"task {quoted(net.ids[task])}: dates outside the known years of calendar "
            f"{cal.label} (cn: {cal.known_years()})"
        )
    raise ScheduleError(f"task {quoted(net.ids[task])}: dates out of range (years 1–9999)")


def _ordinals(
    net: Network,
    numbers: list[int],
    walk: list[int],
    skip: dict[int, tuple[int, int]] | None = None,
) -> list[int]:
    """The ordinals of ``numbers`` (each task's in its own calendar); fails if one is out of
    range. On ``all`` alone, ``numbers`` itself (a day's number is its ordinal)."""
    numberings = net.numberings
    if len(numberings) == 1:
        nb = numberings[0]
        if nb.kmin <= min(numbers) and max(numbers) < nb.kmax:
            return nb.days(numbers)
    else:
        groups: list[list[int]] = [[] for _ in numberings]  # each calendar's places in numbers
        for t, c in enumerate(net.calendar_of):
            groups[c] += (2 * t, 2 * t + 1)
        values = [[numbers[x] for x in places] for places in groups]
        if all(
            not mine or (nb.kmin <= min(mine) and max(mine) < nb.kmax)
            for nb, mine in zip(numberings, values, strict=True)
        ):
            ordinals = [0] * len(numbers)
            for nb, places, mine in zip(numberings, groups, values, strict=True):
                for x, o in zip(places, nb.days(mine), strict=True):
                    ordinals[x] = o
            return ordinals
    # Some number is out of range (placeholders of tasks with progress never are).
    for position, t in enumerate(walk):
        if (skip is None or t not in skip) and not _in_range(net, numbers, t):
            _fail(net, numbers, walk, position, skip)
    raise AssertionError("a number out of range belongs to a task")  # pragma: no cover
