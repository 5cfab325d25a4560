"""The three watches (三盯) and the daily check, beside the supervision items' own router.

Mounted at ``/api/v1/supervision`` like ``sangua.supervision.api``: its paths do not overlap.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sangua.core.errors import ValidationFailed
from sangua.orgs.models import Unit
from sangua.supervision import permissions, selectors, watches
from sangua.supervision.choices import Category, Placard, Source
from sangua.supervision.escalation import daily_run

from ..auth import SIGNED_IN, signed_in
from ..schemas.common import PageIn, Text, errors_responses

router = Router(tags=["supervision"], auth=SIGNED_IN)

WATCHES = {"person": watches.by_person, "matter": watches.by_matter, "project": watches.by_project}


class WatchFilterIn(Schema):
    state: Text | None = Field(None, max_length=16, description="A state, or open / overdue.")
    category: Category | None = None
    source: Source | None = None
    unit: Text | None = Field(None, max_length=24, description="A unit's code.")
    project: Text | None = Field(None, max_length=32, description="A project's code.")
    placard: Placard | None = None
    q: Text | None = Field(None, max_length=100)


class WatchRowOut(Schema):
    key: str = Field(description="person: owner:unit ids; matter: the category; project: code.")
    label: str
    detail: str
    total: int
    open: int
    overdue: int
    closed: int
    closed_on_time: int
    on_time_rate: float | None = Field(description="Closed on time / closed, percent.")
    red: int
    yellow: int
    placard: Placard
    oldest_open_days: int | None


class WatchPageOut(Schema):
    kind: str
    count: int
    limit: int
    offset: int
    items: list[WatchRowOut]
    total: WatchRowOut = Field(description="All the filtered items: each column's sum.")


class DailyRunOut(Schema):
    day: dt.date
    checked: int
    reminders: int
    placards: int
    raised: list[str] = Field(description="Codes of the items whose placard was raised.")


def _row(row: watches.WatchRow) -> dict[str, Any]:
    rate = row.on_time_rate
    return {
        "key": row.key,
        "label": row.label,
        "detail": row.detail,
        "total": row.total,
        "open": row.open,
        "overdue": row.overdue,
        "closed": row.closed,
        "closed_on_time": row.closed_on_time,
        "on_time_rate": float(rate) if rate is not None else None,
        "red": row.red,
        "yellow": row.yellow,
        "placard": row.placard,
        "oldest_open_days": row.oldest_open_days,
    }


@router.get(
    "/watches/{kind}",
    response={200: WatchPageOut, **errors_responses(401, 404, 422)},
    summary="盯人 / 盯事 / 盯项目: items grouped by person, matter or project, with their counts",
)
def get_watch(
    request: HttpRequest,
    kind: Literal["person", "matter", "project"],
    filters: Query[WatchFilterIn],
    page: Query[PageIn],
) -> dict[str, Any]:
    user = signed_in(request)
    unit_id = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).first()
        if unit is None:
            raise ValidationFailed(
                "unknown_unit",
                _("There is no unit {code}.").format(code=filters.unit),
                field="unit",
            )
        unit_id = unit.pk
    items = selectors.ledger(
        user,
        selectors.LedgerFilters(
            state=filters.state or "",
            category=filters.category or "",
            source=filters.source or "",
            unit=unit_id,
            project=filters.project or "",
            placard=filters.placard or "",
            q=filters.q or "",
        ),
    )
    watch = WATCHES[kind](items, timezone.localdate())
    rows = watch.rows[page.offset : page.offset + page.limit]
    return {
        "kind": kind,
        "count": len(watch.rows),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_row(row) for row in rows],
        "total": _row(watch.total),
    }


@router.post(
    "/run-daily",
    response={200: DailyRunOut, **errors_responses(401, 403)},
    summary="Run today's reminders and placards now (supervisors and the office; idempotent)",
)
def run_daily_check(request: HttpRequest) -> dict[str, Any]:
    if not permissions.can_open_items(signed_in(request)):
        raise PermissionDenied(_("Only supervisors and the key project office run the check."))
    result = daily_run()
    return {
        "day": result.day,
        "checked": result.checked,
        "reminders": result.reminders,
        "placards": result.placards,
        "raised": list(result.raised),
    }
