"""Board-only template helpers: folded watch rows and the SVG rate bar (numbers: core figures_format)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from sangua.boards.selectors import WATCH_SHOWN

register = template.Library()


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


FINDING_TAGS = {
    "notified": "tag-red",
    "explained": "tag-yellow",
    "accepted": "tag-green",
}


@register.filter
def finding_tag(state: str) -> str:
    """The tag colour of a finding's state: owed (red), explained (yellow), accepted (green)."""
    return FINDING_TAGS.get(str(state), "tag-grey")
