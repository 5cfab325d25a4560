"""The official calendar (法定节假日与调休): read a year; the key project office keeps it.

The table holds only the exceptions to the weekend rule: weekday holidays and weekend make-up
working days. A year is *known* once its exceptions are complete; the engine refuses working-day
arithmetic in an unknown year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from sangua.core.errors import NotFound
from sangua.planning import calendar_services as services
from sangua.planning.choices import CalendarSource, DayKind
from sangua.planning.models import CalendarDay, CalendarYear

from ..auth import SIGNED_IN, signed_in
from ..pagination import page_of
from ..schemas.common import PageIn, Text, errors_responses

router = Router(tags=["calendar"], auth=SIGNED_IN)

WRITE_ERRORS = errors_responses(401, 403, 404, 409, 422)


class CalendarDayOut(Schema):
    date: dt.date
    kind: DayKind
    name: str = Field(description="The holiday's name, e.g. 国庆节.")
    source: CalendarSource


class CalendarYearOut(Schema):
    year: int
    known: bool = Field(description="Whether the year's exceptions are complete.")
    source: CalendarSource | None
    note: str
    days: list[CalendarDayOut] = Field(description="The year's exceptions, by date.")


class KnownYearOut(Schema):
    year: int
    source: CalendarSource
    note: str


class KnownYearPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[KnownYearOut]


class CalendarYearIn(Schema):
    year: int = Field(ge=1990, le=2200)
    note: Text = Field("", max_length=200)


class CalendarYearChangeIn(Schema):
    note: Text = Field(max_length=200)


class CalendarDayIn(Schema):
    date: dt.date = Field(ge=dt.date(1990, 1, 1), le=dt.date(2200, 12, 31))
    kind: DayKind
    name: Text = Field("", max_length=64)


class CalendarDayChangeIn(Schema):
    kind: DayKind | None = None
    name: Text | None = Field(None, max_length=64)


def day_out(day: CalendarDay) -> dict[str, Any]:
    return {"date": day.date, "kind": day.kind, "name": day.name, "source": day.source}


def year_out(year: int) -> dict[str, Any]:
    known = CalendarYear.objects.filter(year=year).first()
    days = CalendarDay.objects.filter(date__year=year).order_by("date")
    return {
        "year": year,
        "known": known is not None,
        "source": known.source if known else None,
        "note": known.note if known else "",
        "days": [day_out(d) for d in days],
    }


def _year(year: int) -> CalendarYear:
    found = CalendarYear.objects.filter(year=year).first()
    if found is None:
        raise NotFound(_("{year} is not a known year.").format(year=year))
    return found


def _day(day: dt.date) -> CalendarDay:
    found = CalendarDay.objects.filter(date=day).first()
    if found is None:
        raise NotFound(_("{day} is not in the calendar.").format(day=day.isoformat()))
    return found


@router.get(
    "",
    response={200: KnownYearPageOut, **errors_responses(401, 422)},
    summary="The known years of the official calendar",
)
def list_calendar_years(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    signed_in(request)
    years = CalendarYear.objects.order_by("year")
    return page_of(years, page, lambda y: {"year": y.year, "source": y.source, "note": y.note})


@router.get(
    "/{int:year}",
    response={200: CalendarYearOut, **errors_responses(401, 422)},
    summary="One year of the official calendar: whether it is known, and its exception days",
)
def get_calendar_year(request: HttpRequest, year: int) -> dict[str, Any]:
    signed_in(request)
    services.check_year(year)
    return year_out(year)


@router.post(
    "/years",
    response={201: CalendarYearOut, **WRITE_ERRORS},
    summary="Mark a year known once its exception days are entered (the office)",
)
def add_calendar_year(request: HttpRequest, payload: CalendarYearIn) -> Status[dict[str, Any]]:
    services.calendar_year_add(year=payload.year, note=payload.note, by=signed_in(request))
    return Status(201, year_out(payload.year))


@router.patch(
    "/years/{int:year}",
    response={200: CalendarYearOut, **WRITE_ERRORS},
    summary="Change a known year's note (the office)",
)
def change_calendar_year(
    request: HttpRequest, year: int, payload: CalendarYearChangeIn
) -> dict[str, Any]:
    user = signed_in(request)
    services.calendar_year_change(calendar_year=_year(year), note=payload.note, by=user)
    return year_out(year)


@router.delete(
    "/years/{int:year}",
    response={200: CalendarYearOut, **WRITE_ERRORS},
    summary="Unmark a year the office marked known by mistake (the office)",
)
def remove_calendar_year(request: HttpRequest, year: int) -> dict[str, Any]:
    user = signed_in(request)
    services.calendar_year_remove(calendar_year=_year(year), by=user)
    return year_out(year)


@router.post(
    "/days",
    response={201: CalendarDayOut, **WRITE_ERRORS},
    summary="Add an exception day: a weekday holiday or a weekend make-up working day (the office)",
)
def add_calendar_day(request: HttpRequest, payload: CalendarDayIn) -> Status[dict[str, Any]]:
    day = services.calendar_day_add(
        day=payload.date, kind=payload.kind, name=payload.name, by=signed_in(request)
    )
    return Status(201, day_out(day))


@router.patch(
    "/days/{day}",
    response={200: CalendarDayOut, **WRITE_ERRORS},
    summary="Change an exception day's kind or name (the office)",
)
def change_calendar_day(
    request: HttpRequest, day: dt.date, payload: CalendarDayChangeIn
) -> dict[str, Any]:
    user = signed_in(request)
    changed = services.calendar_day_change(
        calendar_day=_day(day), kind=payload.kind, name=payload.name, by=user
    )
    return day_out(changed)


@router.delete(
    "/days/{day}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an exception day: it follows the weekend rule again (the office)",
)
def remove_calendar_day(request: HttpRequest, day: dt.date) -> Status[None]:
    user = signed_in(request)
    services.calendar_day_remove(calendar_day=_day(day), by=user)
    return Status(204, None)
