"""How accountability pages and bulletins write numbers, lights, periods and states."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import get_language

from sangua.core.templatetags.figures_format import CENT, DASH, light_label, pct, wan
from sangua.engine.accountability import Period

register = template.Library()


# Numbers and lights are written the same way everywhere (half-up, "12,345.67", "98.06%"):
# the shared filters are registered here under the names these templates use.
register.filter("pct", pct)
register.filter("wan", wan)


@register.filter
def signed(value: Decimal | None) -> str:
    """A signed difference with 2 decimals, half-up: 23.06 → "+23.06"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):+.2f}"


@register.filter
def absval(value: Decimal | None) -> Decimal | None:
    return None if value is None else abs(Decimal(value))


light_name = light_label
register.filter("light_label", light_name)


def period_name(period: Period | str) -> str:
    """2013年第三季度 in Chinese; 2013-Q3 otherwise."""
    if isinstance(period, str):
        period = Period.parse(period)
    if (get_language() or "").startswith("zh"):
        return period.label_zh
    return str(period)


register.filter("period_label", period_name)


@register.filter
def month_of(months: list[int] | tuple[int, ...], index: int) -> int:
    return months[index]


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
