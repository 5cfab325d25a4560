"""``{% unread_count as n %}``: the signed-in user's unread notices, for the navigation bar."""

from __future__ import annotations

from django import template

from ..selectors import unread_count as _unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return _unread_count(user) if user is not None else 0
