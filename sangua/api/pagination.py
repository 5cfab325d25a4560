"""Limit/offset pages: every list endpoint answers ``{"count", "limit", "offset", "items"}``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet

from .schemas.common import PageIn

T = TypeVar("T")


def page_of(
    items: QuerySet[Any] | Sequence[T], page: PageIn, out: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """One page of ``items`` (a queryset is counted and sliced in the database), each through ``out``."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    chosen = items[page.offset : page.offset + page.limit]
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [out(item) for item in chosen],
    }
