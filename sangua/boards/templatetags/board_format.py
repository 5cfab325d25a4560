"""How the boards write numbers: rates with 2 decimals and %, money in 万元 with separators."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from sangua.boards.selectors import WATCH_SHOWN

register = template.Library()

DASH = "—"


@register.filter
def pct(value: Decimal | None) -> str:
    """98.06 → "98.06%"; an undefined rate (no plan) → "—"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value):.2f}%"


@register.filter
def num2(value: Decimal | None) -> str:
    """A rate without the sign, for tiles that print % apart: 98.06 → "98.06"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value):.2f}"


@register.filter
def wan(value: Decimal | None) -> str:
    """Money in 万元 with thousands separators and 2 decimals: 12345.6 → "12,345.60"."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(value):,.2f}"


@register.filter
def points(value: Decimal | None, other: Decimal | None) -> str:
    """The signed gap in percentage points between two rates: (98.06, 75) → "+23.06"."""
    if value is None or other is None:
        return DASH
    gap = Decimal(value) - Decimal(other)
    return f"{gap:+.2f}"


@register.filter
def minus(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    """Exact difference of two amounts (a shortfall in 万元)."""
    if value is None or other is None:
        return None
    return Decimal(value) - Decimal(other)


@register.filter
def ahead(value: Decimal | None, other: Decimal | None) -> bool:
    return value is not None and other is not None and Decimal(value) >= Decimal(other)


@register.filter
def light_label(light: str) -> str:
    """The name of a light (红灯, 黄灯 …) for text beside its coloured dot."""
    labels = {
        "red": _("Red"),
        "yellow": _("Yellow"),
        "green": _("Green"),
        "grey": _("Grey (no plan)"),
    }
    return labels.get(str(light), str(light))


@register.filter
def watch_folded(position: int) -> bool:
    """Whether a stalled or slow row is folded away until "show more" is opened."""
    return int(position) > WATCH_SHOWN


@register.inclusion_tag("boards/_bar.html")
def rate_bar(
    rate: Decimal | None, time_progress: Decimal, scale: Decimal, light: str
) -> dict[str, object]:
    """A horizontal bar for a completion rate with a tick at time progress.

    Drawn as SVG so its length is an attribute, not an inline style: no 'unsafe-inline' needed
    under a Content-Security-Policy, and nothing for JavaScript to fix after an htmx swap.
    """
    scale = Decimal(scale) or Decimal(100)
    length = min(Decimal(rate or 0), scale) / scale * 100
    tick = min(Decimal(time_progress), scale) / scale * 100
    return {
        "length": f"{max(length, Decimal(0)):.2f}",
        "tick": f"{tick:.2f}",
        "light": str(light),
        "rate": rate,
        "time_progress": time_progress,
    }
