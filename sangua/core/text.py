"""Free text from a form or the API, checked the same way by every service."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import ValidationFailed


def clean_text(value: str | None, field: str, limit: int) -> str:
    """The text without surrounding blanks; ``too_long`` naming the field when over ``limit``."""
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationFailed(
            "too_long",
            _("{field} is longer than {limit} characters.").format(field=field, limit=limit),
            field=field,
        )
    return text
