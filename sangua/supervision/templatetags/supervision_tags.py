"""Template helpers of the supervision pages."""

from __future__ import annotations

from django import template

from ..choices import Evaluation

register = template.Library()


@register.filter
def evaluation_label(value: str) -> str:
    """The translated label of an evaluation code (satisfactory → 满意)."""
    try:
        return str(Evaluation(value).label)
    except ValueError:
        return value or ""
