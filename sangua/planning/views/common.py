"""What the plan and map pages share: the Gantt's labels and the ``as_of`` query parameter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from ..choices import STATUS_SEVERITY, NodeStatus
from ..gantt import STATUS_CODES


def gantt_labels(title: str = "") -> dict[str, Any]:
    """The words gantt.js writes on the canvas and in its tooltips (translated here)."""
    statuses = sorted(STATUS_CODES, key=STATUS_CODES.__getitem__)
    assert set(statuses) == set(STATUS_SEVERITY)
    return {
        "title": title,
        "status": _("Status date"),
        "planned": _("Planned"),
        "latest": _("Latest"),
        "actual": _("Actual"),
        "baseline": _("Baseline"),
        "deadline": _("Deadline"),
        "critical": _("On the critical path"),
        "statuses": [str(NodeStatus(s).label) for s in statuses],
    }


def parse_day(value: str | None) -> dt.date | None:
    """An ISO date from the query string (404 when malformed), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
