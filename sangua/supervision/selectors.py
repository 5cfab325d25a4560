"""Reads for supervision: one item with its history, the ledger's filters, what other apps show
(the dashboard/wall summary, a project's items) and the accountability entries.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sangua.core.errors import NotFound
from sangua.engine.accountability import Period
from sangua.orgs.models import Region, Unit, User
from sangua.orgs.scopes import district_ids_below
from sangua.projects.models import Project

from .choices import OPEN_STATES, Action, ItemState, Placard
from .models import (
    AccountabilityEntry,
    Attachment,
    Feedback,
    ItemEvent,
    SupervisionItem,
)
from .permissions import visible_items

__all__ = [
    "AGE_BUCKETS",
    "LedgerFilters",
    "SupervisionSummary",
    "entries_for",
    "item_for",
    "items_for_project",
    "ledger",
    "supervision_summary",
    "visible_items",
]

LIST_RELATED = ("region", "project", "project__leader", "unit", "owner", "instructed_by")

# Age buckets of the ledger filter, in calendar days since registration: (key, low, high).
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7),
    ("8-30", 8, 30),
    ("31-90", 31, 90),
    ("90+", 91, None),
)


def item_for(user: User | AnonymousUser, pk: int) -> SupervisionItem:
    """One item with everything its page shows, if the user may see it (else NotFound)."""
    item = (
        visible_items(user)
        .select_related(*LIST_RELATED, "unit__head", "created_by")
        .prefetch_related(
            "co_units",
            Prefetch("events", queryset=ItemEvent.objects.select_related("actor")),
            Prefetch(
                "feedback",
                queryset=Feedback.objects.select_related("by").prefetch_related("attachments"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            "extensions__requested_by",
            "extensions__decided_by",
        )
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(f"supervision item {pk}")
    return item


@dataclass(frozen=True)
class LedgerFilters:
    """The ledger's filters (台账筛选); empty means all. ``state`` also takes ``open`` and ``overdue``."""

    state: str = ""
    category: str = ""
    source: str = ""
    unit: int | None = None
    project: str = ""
    placard: str = ""
    age: str = ""
    q: str = ""


def _aware_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def ledger(
    user: User | AnonymousUser, filters: LedgerFilters, today: dt.date | None = None
) -> QuerySet[SupervisionItem]:
    """The item ledger (督办台账) a user may see, filtered; oldest deadline first among open items."""
    today = today or timezone.localdate()
    items = visible_items(user).select_related(*LIST_RELATED)
    if filters.state == "open":
        items = items.filter(state__in=OPEN_STATES)
    elif filters.state == "overdue":
        items = items.filter(state__in=OPEN_STATES, deadline__lt=today)
    elif filters.state:
        items = items.filter(state=filters.state)
    if filters.category:
        items = items.filter(category=filters.category)
    if filters.source:
        items = items.filter(source=filters.source)
    if filters.unit:
        items = items.filter(unit_id=filters.unit)
    if filters.project:
        items = items.filter(project__code=filters.project)
    if filters.placard:
        items = items.filter(placard=filters.placard)
    if filters.age:
        bucket = next((b for b in AGE_BUCKETS if b[0] == filters.age), None)
        if bucket is not None:
            _key, low, high = bucket
            # age = days from the registration day to today (or to the closing day)
            items = items.filter(created_at__lt=_aware_start(today - dt.timedelta(days=low - 1)))
            if high is not None:
                items = items.filter(created_at__gte=_aware_start(today - dt.timedelta(days=high)))
    if filters.q:
        items = items.filter(Q(title__icontains=filters.q) | Q(code__icontains=filters.q))
    return items.order_by("state", "deadline", "code")


def items_for_project(user: User | AnonymousUser, project: Project) -> QuerySet[SupervisionItem]:
    """A project's items the user may see (for the project page), open ones first."""
    return (
        visible_items(user)
        .filter(project=project)
        .select_related("unit", "owner")
        .order_by("state", "deadline", "code")
    )


# --- the dashboard and wall summary ----------------------------------------------------------


@dataclass(frozen=True)
class SummaryItem:
    pk: int
    code: str
    title: str
    project: str | None
    unit: str | None
    deadline: dt.date | None
    placard_since: dt.date | None


@dataclass(frozen=True)
class SupervisionSummary:
    """What the dashboard and the wall show of supervision for one region and month."""

    region: Region
    year: int
    month: int
    as_of: dt.datetime
    red_items: list[SummaryItem] = field(default_factory=list)
    closed_this_month: int = 0
    open: int = 0
    overdue: int = 0


def _month_end(year: int, month: int) -> dt.datetime:
    last = month_calendar.monthrange(year, month)[1]
    return dt.datetime(
        year, month, last, 23, 59, 59, 999999, tzinfo=timezone.get_current_timezone()
    )


def supervision_summary(region: Region, year: int, month: int) -> SupervisionSummary:
    """Red-placard items open at the end of the month (or now, for the current month), and how
    many items were closed in the month; for a district, or a city (all its districts).

    Placards are read from their recorded history, so a past month shows what it showed then.
    """
    now = timezone.now()
    as_of = min(_month_end(year, month), now)
    first = dt.datetime(year, month, 1, tzinfo=timezone.get_current_timezone())
    items = SupervisionItem.objects.filter(region_id__in=district_ids_below(region))
    closed = items.filter(closed_at__gte=first, closed_at__lte=as_of).count()
    open_then = items.filter(created_at__lte=as_of).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=as_of)
    )
    as_of_day = timezone.localtime(as_of).date()
    overdue = open_then.filter(deadline__lt=as_of_day).count()
    placards: dict[int, str] = {}
    for item_id, data in (
        ItemEvent.objects.filter(item__in=open_then, action=Action.PLACARD, at__lte=as_of)
        .order_by("at", "pk")
        .values_list("item_id", "data")
    ):
        placards[item_id] = (data or {}).get("to", Placard.NONE)
    red_ids = [pk for pk, placard in placards.items() if placard == Placard.RED]
    red = [
        SummaryItem(
            pk=item.pk,
            code=item.code,
            title=item.title,
            project=item.project.name if item.project else None,
            unit=item.unit.name if item.unit else None,
            deadline=item.deadline,
            placard_since=item.placard_since,
        )
        for item in SupervisionItem.objects.filter(pk__in=red_ids)
        .select_related("project", "unit")
        .order_by("deadline", "code")
    ]
    return SupervisionSummary(
        region=region,
        year=year,
        month=month,
        as_of=as_of,
        red_items=red,
        closed_this_month=closed,
        open=open_then.count(),
        overdue=overdue,
    )


# --- accountability --------------------------------------------------------------------------


def entries_for(
    *, period: Period | str, unit: Unit | None = None, region: Region | None = None
) -> QuerySet[AccountabilityEntry]:
    """Unsatisfactory evaluations (问责线索) of a unit, or of a region's units, in a period.

    ``period`` is an assessment period (``2013-09``, ``2013-Q3``, ``2013-H2``, ``2013``); an
    entry belongs to the period its evaluation day falls in.
    """
    if isinstance(period, str):
        period = Period.parse(period)
    months = period.months
    start = dt.date(period.year, months[0], 1)
    end_month = months[-1]
    end = dt.date(period.year, end_month, month_calendar.monthrange(period.year, end_month)[1])
    entries = AccountabilityEntry.objects.filter(evaluated_on__gte=start, evaluated_on__lte=end)
    if unit is not None:
        entries = entries.filter(unit=unit)
    if region is not None:
        entries = entries.filter(region_id__in=district_ids_below(region))
    return entries.select_related("item", "unit", "region", "event__actor")


def open_states() -> tuple[str, ...]:
    return tuple(str(s) for s in OPEN_STATES)


def state_counts(items: QuerySet[SupervisionItem]) -> dict[str, int]:
    """How many items are in each state (every state present, zero included)."""
    counts = {str(s): 0 for s in ItemState}
    for row in items.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    return counts
