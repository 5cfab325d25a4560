"""Shapes shared by every endpoint: errors, pagination, and how money and rates are written.

Money (万元) and rates (percent) are computed as exact Decimals and leave the API as JSON
*numbers* with at most 2 decimals (98.06, not "98.06"): the schema types are ``float`` and
pydantic turns each 2-place Decimal into the nearest double, whose shortest text form is the
same 2-place number (exact for up to 15 significant digits; money has at most 14). Clients
that sum amounts should parse them as decimals, as the recompute test does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

# Amounts sent to the API: a JSON number or a string, at most 2 decimals and 12 integer digits.
MoneyIn = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
Money = float
Rate = float | None
# Years and months in filters are bounded so no database ever sees an absurd integer.
YearIn = Annotated[int, Field(ge=1900, le=2200)]
MonthIn = Annotated[int, Field(ge=1, le=12)]
Id = Annotated[int, Field(ge=1, le=2**53)]
# Dates sent to the API: the services refuse years outside 2000–2100 with their own code and
# field; years a database cannot hold never get that far.
YearDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]


def _no_nul(text: str) -> str:
    # PostgreSQL refuses NUL in text (a 500 if it got that far); Django's forms refuse it too.
    if "\x00" in text:
        raise ValueError("Null characters are not allowed.")
    return text


Text = Annotated[str, AfterValidator(_no_nul)]


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str


class ErrorOut(Schema):
    """Every error body: a stable machine code, a human message and, when known, the field."""

    code: str = Field(examples=["not_published"])
    message: str
    field: str | None = None
    errors: list[FieldErrorOut] | None = Field(
        None, description="Per-field details of an `invalid_input` error."
    )


class PageIn(Schema):
    """Limit/offset pagination of list endpoints."""

    limit: int = Field(50, ge=1, le=500, description="Items per page (1–500).")
    offset: int = Field(0, ge=0, le=10**9)


class RegionRef(Schema):
    code: str
    name: str


class UnitRef(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    post: str = Field(description="The post (职务), e.g. 区长; people are known by post.")
    name: str


def errors_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an endpoint's ``response=`` mapping."""
    return dict.fromkeys(statuses, ErrorOut)
