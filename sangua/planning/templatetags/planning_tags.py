"""Template helpers of the plan pages, and the schedule badge other pages include.

``{% load planning_tags %}`` then ``{% include "planning/_schedule_badge.html" with
flags=schedule|flags_for:project.pk %}`` where ``schedule`` is what
:func:`sangua.planning.selectors.schedule_flags` returned.
"""

from __future__ import annotations

from typing import Any

from django import template

from ..choices import NodeStatus

register = template.Library()

STATUS_CLASS = {
    "overdue": "tag-red",
    "behind": "tag-red",
    "in_progress": "tag-blue",
    "not_started": "tag-grey",
    "done": "tag-green",
}


@register.filter
def flags_for(flags: dict[int, Any] | None, project_id: int) -> Any:
    """A project's :class:`ScheduleFlags` from the dict ``schedule_flags`` returned (or None)."""
    return (flags or {}).get(project_id)


@register.filter
def status_class(status: str | None) -> str:
    """The tag class of a node status."""
    return STATUS_CLASS.get(status or "", "tag-grey")


@register.filter
def status_label(status: str | None) -> str:
    return str(NodeStatus(status).label) if status in NodeStatus.values else ""


@register.filter
def signed(days: int | None) -> str:
    """Days as +3 / −2 / 0."""
    if days is None:
        return "—"
    if days > 0:
        return f"+{days}"
    if days < 0:
        return f"−{-days}"
    return "0"
