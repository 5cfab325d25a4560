"""Template filters for figures: money in 万元 and rates in percent, the same on every page.

Django's zh-hans locale groups digits by 4 with no separator, but government tables of 万元
amounts use comma groups of 3 ("12,345.67"); so the format is fixed here, not localised.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

DASH = "—"
CENT = Decimal("0.01")

LIGHT_LABELS = {
    "grey": _("No plan"),
    "red": _("Red"),
    "yellow": _("Yellow"),
    "green": _("Green"),
}


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@register.filter
def wan(value: object) -> str:
    """An amount in 万元: 2 decimals, thousands separated by commas; a dash when there is none."""
    number = _decimal(value)
    if number is None:
        return DASH
    return f"{number.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


@register.filter
def pct(value: object) -> str:
    """A rate in percent with 2 decimals ("98.06%"); a dash when undefined (no plan)."""
    number = _decimal(value)
    if number is None:
        return DASH
    return f"{number.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}%"


@register.filter
def light_label(value: object) -> str:
    """The translated name of a light (grey, red, yellow, green)."""
    key = getattr(value, "value", value)
    return str(LIGHT_LABELS.get(str(key), key))


@register.filter
def num2(value: object) -> str:
    """A rate without the sign, for tiles that print % apart: 98.06 → "98.06"."""
    number = _decimal(value)
    if number is None:
        return DASH
    return f"{number.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


@register.filter
def points(value: object, other: object) -> str:
    """The signed gap in percentage points between two rates: (98.06, 75) → "+23.06"."""
    a, b = _decimal(value), _decimal(other)
    if a is None or b is None:
        return DASH
    return f"{a - b:+.2f}"


@register.filter
def minus(value: object, other: object) -> Decimal | None:
    """Exact difference of two amounts (a shortfall in 万元)."""
    a, b = _decimal(value), _decimal(other)
    return None if a is None or b is None else a - b


@register.filter
def ahead(value: object, other: object) -> bool:
    """Whether a rate is at or above another (completion against time progress)."""
    a, b = _decimal(value), _decimal(other)
    return a is not None and b is not None and a >= b
