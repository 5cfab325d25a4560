"""The battle map's data as the browser's Gantt (``planning/gantt.js``) draws it.

Rows are sent in columns (one list per attribute) and dates as day numbers since 1970-01-01, so
a 5,000-node map is a few hundred kilobytes of JSON that the browser parses in milliseconds and
draws without creating an element per bar. No Django here: the benchmark builds the same data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

EPOCH = dt.date(1970, 1, 1).toordinal()

# The order gantt.js knows them by (its STATUS array).
STATUS_CODES: dict[str, int] = {
    "done": 0,
    "overdue": 1,
    "behind": 2,
    "in_progress": 3,
    "not_started": 4,
}
NODE, PROJECT = 0, 1
COLUMNS = (
    "kind",  # NODE or PROJECT (a project's summary row)
    "name",
    "unit",  # index into ``units``
    "es",  # early (forecast) start and finish, day numbers
    "ef",
    "ls",  # late start and finish: the reverse plan's "at the latest"
    "lf",
    "as",  # actual start and finish, or None
    "af",
    "bs",  # the baseline's start and finish, or None
    "bf",
    "st",  # status code, or -1
    "cr",  # 1 on the critical path
    "ms",  # 1 for a milestone
    "own",  # 1 when the node is the map's unit's own (unit maps), else 0
    "url",  # project rows: the project's roadmap page
)


def day(value: dt.date | int | None) -> int | None:
    """A date (or a date ordinal) as days since 1970-01-01."""
    if value is None:
        return None
    if isinstance(value, int):
        return value - EPOCH
    return value.toordinal() - EPOCH


class GanttData:
    """Collects rows and links, then :meth:`as_json` gives what ``gantt.js`` reads."""

    def __init__(
        self, status_date: dt.date | None, *, title: str = "", highlight_own: bool = False
    ) -> None:
        self.status_date = status_date
        self.title = title
        self.highlight_own = highlight_own
        self.columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
        self.units: list[str] = []
        self._unit_index: dict[str, int] = {}
        self.links: list[int] = []
        self.deadlines: list[int] = []

    def __len__(self) -> int:
        return len(self.columns["kind"])

    def _unit(self, name: str) -> int:
        index = self._unit_index.get(name)
        if index is None:
            index = self._unit_index[name] = len(self.units)
            self.units.append(name)
        return index

    def add(
        self,
        *,
        kind: int,
        name: str,
        unit: str = "",
        es: dt.date | int,
        ef: dt.date | int,
        ls: dt.date | int | None = None,
        lf: dt.date | int | None = None,
        actual_start: dt.date | None = None,
        actual_finish: dt.date | None = None,
        baseline_start: dt.date | None = None,
        baseline_finish: dt.date | None = None,
        status: str | None = None,
        critical: bool = False,
        milestone: bool = False,
        own: bool = True,
        url: str = "",
    ) -> int:
        """Add a row; returns its index (for links)."""
        c = self.columns
        c["kind"].append(kind)
        c["name"].append(name)
        c["unit"].append(self._unit(unit) if unit else -1)
        c["es"].append(day(es))
        c["ef"].append(day(ef))
        c["ls"].append(day(ls))
        c["lf"].append(day(lf))
        c["as"].append(day(actual_start))
        c["af"].append(day(actual_finish))
        c["bs"].append(day(baseline_start))
        c["bf"].append(day(baseline_finish))
        c["st"].append(STATUS_CODES.get(status or "", -1))
        c["cr"].append(1 if critical else 0)
        c["ms"].append(1 if milestone else 0)
        c["own"].append(1 if own else 0)
        c["url"].append(url)
        return len(c["kind"]) - 1

    def link(self, source: int, target: int, critical: bool) -> None:
        """A dependency arrow from row ``source`` to row ``target``."""
        self.links.extend((source, target, 1 if critical else 0))

    def deadline(self, value: dt.date) -> None:
        """A deadline line (the plan's on a project map)."""
        self.deadlines.append(day(value) or 0)

    def as_json(self) -> dict[str, Any]:
        """The JSON the page embeds with ``json_script``."""
        return {
            "title": self.title,
            "status": day(self.status_date),
            "units": self.units,
            "rows": self.columns,
            "links": self.links,
            "deadlines": sorted(set(self.deadlines)),
            "count": len(self),
            "grouped": PROJECT in self.columns["kind"],
            "own": self.highlight_own,
        }
