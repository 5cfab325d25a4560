"""The battle map on paper: an A3 landscape PDF of a unit's map (挂图), to hang in its office.

WeasyPrint runs no JavaScript, so the Gantt is drawn here: every row gets a small SVG whose
shapes (baseline, bar, progress, latest finish, status date, month grid) are computed in
millimetres, the same drawing as ``gantt.js`` in the browser. The Chinese font is embedded by
:func:`sangua.core.pdf.render_pdf`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sangua.core.pdf import render_pdf
from sangua.orgs.models import Unit

from .choices import NodeStatus
from .gantt import EPOCH, NODE, STATUS_CODES
from .selectors import BattleMap, unit_map

CHART_MM = 230.0  # the Gantt column on an A3 landscape page with 10 mm margins
ROW_MM = 4.8
COLORS = ("#1e9e4a", "#c8161d", "#c8161d", "#1456b8", "#8fb0de")  # by status code
STATUS_BY_CODE = {code: status for status, code in STATUS_CODES.items()}
BASELINE, CRITICAL, INK, RED, GRID = "#b8bcc2", "#d46b08", "#1f2329", "#c8161d", "#e3e5e8"


@dataclass(frozen=True)
class Shape:
    """One SVG element of a row: a rect (x, y, w, h) or a polygon (points)."""

    tag: str
    fill: str = "none"
    stroke: str = "none"
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    points: str = ""
    stroke_width: float = 0.3


@dataclass
class PrintRow:
    """A line of the printed map: the timetable's columns and the row's drawing."""

    project: bool
    name: str
    unit: str
    late_start: dt.date | None
    late_finish: dt.date | None
    actual_start: dt.date | None
    actual_finish: dt.date | None
    status: str
    status_label: str
    late: bool
    critical: bool
    shapes: list[Shape] = field(default_factory=list)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool

    @property
    def label_x(self) -> float:
        return round(self.x + 0.6, 2)


def _date(value: int | None) -> dt.date | None:
    return None if value is None else dt.date.fromordinal(value + EPOCH)


def _month_start(d: dt.date, months: int = 0) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class Scale:
    """Days to millimetres across the chart column, whole months either side."""

    def __init__(self, first: int, last: int) -> None:
        lo = _month_start(dt.date.fromordinal(first + EPOCH))
        hi = _month_start(dt.date.fromordinal(last + EPOCH), 2)
        self.lo, self.hi = lo, hi
        self.d0 = lo.toordinal() - EPOCH
        self.mm_per_day = CHART_MM / max(hi.toordinal() - lo.toordinal(), 1)

    def x(self, day: int) -> float:
        return round((day - self.d0) * self.mm_per_day, 2)

    def ticks(self) -> list[Tick]:
        """Month lines, labelled by month, quarter or year as the width allows."""
        per_month = self.mm_per_day * 30.4
        step = 1 if per_month >= 9 else 3 if per_month >= 3.2 else 12
        ticks: list[Tick] = []
        month = _month_start(self.lo)
        while month < self.hi:
            first_of_year = month.month == 1
            if (month.month - 1) % step == 0:
                if step == 12:
                    label = str(month.year)
                elif first_of_year or not ticks:
                    label = f"{month.year}-{month.month:02d}"
                else:
                    label = f"{month.month:02d}"
                ticks.append(Tick(self.x(month.toordinal() - EPOCH), label, first_of_year))
            month = _month_start(month, 1)
        return ticks


def _node_shapes(
    c: dict[str, list[Any]], i: int, scale: Scale, status_day: int | None
) -> list[Shape]:
    shapes: list[Shape] = []
    top, height = 0.9, ROW_MM - 2.2
    code = c["st"][i]
    fill = COLORS[code] if code >= 0 else COLORS[4]
    if c["bs"][i] is not None:
        bx = scale.x(c["bs"][i])
        bw = max(scale.x(c["bf"][i] + 1) - bx, 0.4)
        shapes.append(Shape("rect", fill=BASELINE, x=bx, y=ROW_MM - 1.2, w=bw, h=0.8))
    if c["ms"][i]:
        x, y, r = scale.x(c["ef"][i] + 1), ROW_MM / 2 - 0.2, 1.5
        shapes.append(
            Shape(
                "polygon",
                fill=fill,
                stroke=CRITICAL if c["cr"][i] else "none",
                points=f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}",
            )
        )
    else:
        x = scale.x(c["es"][i])
        w = max(scale.x(c["ef"][i] + 1) - x, 0.4)
        shapes.append(
            Shape(
                "rect",
                fill=fill,
                stroke=CRITICAL if c["cr"][i] else "none",
                x=x,
                y=top,
                w=w,
                h=height,
                stroke_width=0.5,
            )
        )
        if code == STATUS_CODES["in_progress"] and status_day is not None:
            upto = min(status_day + 1, c["ef"][i] + 1)
            shapes.append(
                Shape(
                    "rect",
                    fill="#0b3a80",
                    x=x,
                    y=top + height - 0.7,
                    w=max(scale.x(upto) - x, 0),
                    h=0.7,
                )
            )
    if code != STATUS_CODES["done"] and c["lf"][i] is not None:
        lx = scale.x(c["lf"][i] + 1)
        shapes.append(
            Shape(
                "polygon",
                fill=RED if code == STATUS_CODES["overdue"] else INK,
                points=f"{lx - 0.9},0 {lx + 0.9},0 {lx},1.2",
            )
        )
    return shapes


def _project_shapes(c: dict[str, list[Any]], i: int, scale: Scale) -> list[Shape]:
    x0, x1 = scale.x(c["es"][i]), scale.x(c["ef"][i] + 1)
    late = c["st"][i] in (STATUS_CODES["overdue"], STATUS_CODES["behind"])
    color = RED if late else INK
    mid = ROW_MM / 2
    shapes = [
        Shape("rect", fill=color, x=x0, y=mid - 0.6, w=max(x1 - x0, 0.4), h=1.2),
        Shape("rect", fill=color, x=x0, y=mid - 0.6, w=0.4, h=2.0),
        Shape("rect", fill=color, x=max(x1 - 0.4, x0), y=mid - 0.6, w=0.4, h=2.0),
    ]
    if c["lf"][i] is not None:
        x, r = scale.x(c["lf"][i] + 1), 1.3
        shapes.append(
            Shape(
                "polygon",
                fill="#ffffff",
                stroke=INK,
                points=f"{x},{mid - r} {x + r},{mid} {x},{mid + r} {x - r},{mid}",
            )
        )
    return shapes


def print_rows(battle: BattleMap) -> tuple[list[PrintRow], Scale | None]:
    """The printed rows of a battle map and the chart's scale."""
    data = battle.gantt
    c = data.columns
    n = len(data)
    if not n:
        return [], None
    days = [v for name in ("es", "ef", "lf", "bs", "bf") for v in c[name] if v is not None]
    status_day = None if data.status_date is None else data.status_date.toordinal() - EPOCH
    if status_day is not None:
        days.append(status_day)
    scale = Scale(min(days), max(days))
    rows = []
    for i in range(n):
        code = c["st"][i]
        status = STATUS_BY_CODE.get(code, "")
        node = c["kind"][i] == NODE
        rows.append(
            PrintRow(
                project=not node,
                name=c["name"][i],
                unit=data.units[c["unit"][i]] if c["unit"][i] >= 0 else "",
                late_start=_date(c["ls"][i]) if node else None,
                late_finish=_date(c["lf"][i]),
                actual_start=_date(c["as"][i]),
                actual_finish=_date(c["af"][i]),
                status=status,
                status_label=str(NodeStatus(status).label) if status else "",
                late=status in ("behind", "overdue"),
                critical=bool(c["cr"][i]),
                shapes=_node_shapes(c, i, scale, status_day)
                if node
                else _project_shapes(c, i, scale),
            )
        )
    return rows, scale


def unit_battlemap_context(unit: Unit, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """Everything the printed map shows."""
    battle = unit_map(unit, as_of=as_of)
    rows, scale = print_rows(battle)
    status_x = None
    if scale is not None:
        status_x = scale.x(battle.status_date.toordinal() - EPOCH + 1)
    return {
        "unit": unit,
        "map": battle,
        "rows": rows,
        "ticks": scale.ticks() if scale else [],
        "chart_mm": CHART_MM,
        "row_mm": ROW_MM,
        "status_x": status_x,
        "printed_on": timezone.localdate(),
    }


def unit_battlemap_pdf(unit: Unit, *, as_of: dt.date | None = None) -> bytes:
    """The unit's battle map as an A3 landscape PDF (Chinese font embedded)."""
    return render_pdf("planning/battlemap_pdf.html", unit_battlemap_context(unit, as_of=as_of))
