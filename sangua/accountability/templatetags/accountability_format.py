"""How accountability pages and bulletins write numbers, lights, periods and states."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sangua.engine.accountability import Period

register = template.Library()

DASH = "—"


@register.filter
def pct(value: Decimal | None) -> str:
    """98.06 → "98.06%"; an undefined rate → "—"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value):.2f}%"


@register.filter
def wan(value: Decimal | None) -> str:
    """Money in 万元 with separators and 2 decimals: 12345.6 → "12,345.60"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value):,.2f}"


@register.filter
def signed(value: Decimal | None) -> str:
    """A signed difference with 2 decimals: 23.06 → "+23.06"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value):+.2f}"


@register.filter
def absval(value: Decimal | None) -> Decimal | None:
    return None if value is None else abs(Decimal(value))


def light_name(light: object) -> str:
    """红灯, 黄灯 … (English: Red, Yellow …) for text beside a light's colour."""
    labels = {
        "red": _("Red"),
        "yellow": _("Yellow"),
        "green": _("Green"),
        "grey": _("Grey (no plan)"),
    }
    key = str(getattr(light, "value", light))
    return labels.get(key, key)


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
