"""``{% audit_history obj %}``: an object's audit history, for any page that shows the object."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from sangua.audit.selectors import history_for

register = template.Library()


@register.inclusion_tag("audit/_history.html")
def audit_history(obj: models.Model, limit: int = 50) -> dict[str, Any]:
    entries = list(history_for(obj)[: limit + 1])
    return {"entries": entries[:limit], "more": len(entries) > limit}
