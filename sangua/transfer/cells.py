"""Reading one cell's value as the type its column wants, or saying exactly why it cannot be.

Each parser takes the raw value openpyxl gives (str, int, float, datetime, bool or None) and
returns the clean value or raises ``CellProblem`` with a stable code and a message.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sangua.core.money import CENT


class CellProblem(Exception):
    """Why a cell's value is not acceptable: a stable code and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def show(value: object) -> str:
    """A cell's value as the error list shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds").removesuffix(" 00:00:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def required(value: object) -> None:
    if is_blank(value):
        raise CellProblem("required", _("A value is required."))


def text(value: object, *, limit: int) -> str:
    """Free text; numbers are taken as they are written (a phone number 5782123456)."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        raise CellProblem("wrong_type", _("Expected text, got TRUE/FALSE."))
    if isinstance(value, dt.datetime | dt.date):
        raise CellProblem("wrong_type", _("Expected text, got a date."))
    result = show(value).strip()
    if len(result) > limit:
        raise CellProblem(
            "too_long",
            _("At most {limit} characters (this has {n}).").format(limit=limit, n=len(result)),
        )
    return result


def code(value: object, *, limit: int = 32) -> str:
    """An identifier such as a project, unit or region code; a number is read as its digits."""
    if isinstance(value, float) and not value.is_integer():
        raise CellProblem(
            "wrong_type", _("A code is text or whole digits, not {value}.").format(value=value)
        )
    result = text(value, limit=limit)
    if re.search(r"\s", result):
        raise CellProblem("invalid_code", _("A code cannot contain spaces."))
    return result


def amount(value: object) -> Decimal:
    """An amount in 万元: a number ≥ 0 with at most two decimal places (text like '1,234.50' too)."""
    if isinstance(value, bool) or isinstance(value, dt.datetime | dt.date):
        raise CellProblem("wrong_type", _("Expected an amount in 万元 (a number)."))
    raw = repr(value) if isinstance(value, float) else str(value).strip().replace(",", "")
    try:
        result = Decimal(raw)
    except InvalidOperation:
        raise CellProblem("wrong_type", _("Expected an amount in 万元 (a number).")) from None
    if not result.is_finite():
        raise CellProblem("wrong_type", _("Expected an amount in 万元 (a number)."))
    if result != result.quantize(CENT):
        raise CellProblem("too_many_decimals", _("At most two decimal places (0.01 万元)."))
    if result < 0:
        raise CellProblem("negative_amount", _("An amount cannot be negative."))
    if result >= Decimal("1e12"):
        raise CellProblem("amount_too_large", _("The amount is too large."))
    return result.quantize(CENT)


def optional_amount(value: object) -> Decimal:
    """An amount where a blank cell means 0."""
    return Decimal("0.00") if is_blank(value) else amount(value)


def whole(value: object, *, low: int, high: int) -> int:
    """A whole number in [low, high] (a year, a month); '2013' and 2013.0 are fine."""
    if isinstance(value, bool) or isinstance(value, dt.datetime | dt.date):
        raise CellProblem("wrong_type", _("Expected a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellProblem("wrong_type", _("Expected a whole number."))
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        raw = str(value).strip().removesuffix("年").removesuffix("月")
        if not re.fullmatch(r"[0-9]+", raw):
            raise CellProblem("wrong_type", _("Expected a whole number."))
        number = int(raw)
    if not low <= number <= high:
        raise CellProblem(
            "out_of_range",
            _("Expected a number from {low} to {high}.").format(low=low, high=high),
        )
    return number


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def date(value: object) -> dt.date:
    """A date cell, or text like 2013-05-06, 2013/5/6 or 2013年5月6日."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellProblem("wrong_type", _("Expected a date without a time of day."))
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblem(
            "wrong_type",
            _("Expected a date, got the number {value}: format the cell as a date.").format(
                value=show(value)
            ),
        )
    match = _DATE_TEXT.fullmatch(str(value).strip())
    if not match:
        raise CellProblem("wrong_type", _("Expected a date such as 2013-05-06."))
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise CellProblem("invalid_date", _("There is no such day.")) from None


def choice(value: object, lookup: dict[str, str], names: dict[str, str]) -> str:
    """One of a fixed set of codes, by its Chinese name, its code or its English name."""
    key = str(value).strip()
    found = lookup.get(key) or lookup.get(key.lower())
    if found is None:
        raise CellProblem(
            "invalid_choice",
            _("Not one of: {choices}.").format(choices="、".join(names.values())),
        )
    return found
