"""The three watches (三盯): by person (盯人), by matter (盯事), by project (盯项目).

Each watch groups the same set of items (the ledger, with its filters) and counts, per group:
all items, open, overdue (open with the deadline passed), closed, closed on time, open items under
a red or yellow placard, and the age in days of the oldest open item. Every item falls in exactly
one group of each watch, so each column of a watch adds up to the ledger's total (tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.http import urlencode

from sangua.orgs.models import Person, Unit
from sangua.projects.models import Project

from .choices import OPEN_STATES, Category, ItemState, Placard
from .models import SupervisionItem

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass
class WatchRow:
    """One group of a watch with its counts."""

    key: str
    label: str
    detail: str = ""
    total: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    closed_on_time: int = 0
    red: int = 0
    yellow: int = 0
    oldest_open_days: int | None = None
    query: str = ""  # the ledger filter showing this row's items

    @property
    def on_time_rate(self) -> Decimal | None:
        """Closed on time as a share of closed, in percent (None before anything closed)."""
        if not self.closed:
            return None
        return (Decimal(self.closed_on_time) * HUNDRED / Decimal(self.closed)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def placard(self) -> str:
        """The highest placard among the group's open items (a project's placard)."""
        if self.red:
            return Placard.RED
        if self.yellow:
            return Placard.YELLOW
        return Placard.NONE


@dataclass
class Watch:
    rows: list[WatchRow]
    total: WatchRow


def _counts(today: dt.date) -> dict[str, Count | Min]:
    is_open = Q(state__in=OPEN_STATES)
    return {
        "n_total": Count("pk"),
        "n_open": Count("pk", filter=is_open),
        "n_overdue": Count("pk", filter=is_open & Q(deadline__lt=today)),
        "n_closed": Count("pk", filter=Q(state=ItemState.CLOSED)),
        "n_on_time": Count("pk", filter=Q(state=ItemState.CLOSED, closed_on_time=True)),
        "n_red": Count("pk", filter=is_open & Q(placard=Placard.RED)),
        "n_yellow": Count("pk", filter=is_open & Q(placard=Placard.YELLOW)),
        "oldest": Min("created_at", filter=is_open),
    }


def _fill(row: WatchRow, values: dict[str, object], today: dt.date) -> WatchRow:
    row.total = int(values["n_total"])  # type: ignore[call-overload]
    row.open = int(values["n_open"])  # type: ignore[call-overload]
    row.overdue = int(values["n_overdue"])  # type: ignore[call-overload]
    row.closed = int(values["n_closed"])  # type: ignore[call-overload]
    row.closed_on_time = int(values["n_on_time"])  # type: ignore[call-overload]
    row.red = int(values["n_red"])  # type: ignore[call-overload]
    row.yellow = int(values["n_yellow"])  # type: ignore[call-overload]
    oldest = values["oldest"]
    if isinstance(oldest, dt.datetime):
        row.oldest_open_days = max((today - timezone.localtime(oldest).date()).days, 0)
    return row


def _total(items: QuerySet[SupervisionItem], today: dt.date, label: str) -> WatchRow:
    values = items.order_by().aggregate(**_counts(today))
    return _fill(WatchRow(key="total", label=label), values, today)


def _grouped(
    items: QuerySet[SupervisionItem], fields: tuple[str, ...], today: dt.date
) -> list[dict[str, object]]:
    return list(items.order_by().values(*fields).annotate(**_counts(today)))


def by_person(items: QuerySet[SupervisionItem], today: dt.date | None = None) -> Watch:
    """盯人: per responsible person (and unit) — open, overdue, closed on time, oldest open."""
    today = today or timezone.localdate()
    groups = _grouped(items, ("owner_id", "unit_id"), today)
    people = Person.objects.in_bulk([g["owner_id"] for g in groups if g["owner_id"]])
    units = Unit.objects.in_bulk([g["unit_id"] for g in groups if g["unit_id"]])
    rows = []
    for g in groups:
        owner = people.get(g["owner_id"])  # type: ignore[arg-type]
        unit = units.get(g["unit_id"])  # type: ignore[arg-type]
        label = str(owner) if owner else ("—" if unit else "")
        query = {"unit": unit.pk} if unit else {"state": ItemState.REGISTERED}
        rows.append(
            _fill(
                WatchRow(
                    key=f"{g['owner_id'] or 0}:{g['unit_id'] or 0}",
                    label=label,
                    detail=unit.name if unit else "",
                    query=urlencode(query),
                ),
                g,
                today,
            )
        )
    rows.sort(key=lambda r: (-r.overdue, -r.open, r.detail, r.label))
    return Watch(rows=rows, total=_total(items, today, ""))


def by_matter(items: QuerySet[SupervisionItem], today: dt.date | None = None) -> Watch:
    """盯事: per category of matter (用地, 拆迁, 审批 …); the items themselves are the ledger."""
    today = today or timezone.localdate()
    found = {g["category"]: g for g in _grouped(items, ("category",), today)}
    rows = [
        _fill(
            WatchRow(key=str(value), label=str(label), query=urlencode({"category": value})),
            found[value],
            today,
        )
        for value, label in Category.choices
        if value in found
    ]
    return Watch(rows=rows, total=_total(items, today, ""))


def by_project(items: QuerySet[SupervisionItem], today: dt.date | None = None) -> Watch:
    """盯项目: the projects with open items, their placard (the highest of their open items).

    Items without a project form one row of their own, so the columns still add up.
    """
    today = today or timezone.localdate()
    groups = [g for g in _grouped(items, ("project_id",), today) if g["n_open"]]
    projects = Project.objects.select_related("leader", "unit").in_bulk(
        [g["project_id"] for g in groups if g["project_id"]]
    )
    rows = []
    for g in groups:
        project = projects.get(g["project_id"])  # type: ignore[arg-type]
        rows.append(
            _fill(
                WatchRow(
                    key=project.code if project else "",
                    label=project.name if project else "",
                    detail=f"{project.leader} · {project.unit.name}" if project else "",
                    query=urlencode({"project": project.code, "state": "open"}) if project else "",
                ),
                g,
                today,
            )
        )
    rows.sort(key=lambda r: (-r.red, -r.yellow, -r.overdue, -r.open, r.key == "", r.key))
    ids = [g["project_id"] for g in groups if g["project_id"]]
    behind = Q(project_id__in=ids)
    if any(not g["project_id"] for g in groups):
        behind |= Q(project__isnull=True)
    return Watch(rows=rows, total=_total(items.filter(behind), today, ""))
