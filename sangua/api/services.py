"""Writes for API tokens: create (the key is returned once, never stored) and revoke."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.core.errors import Conflict, ValidationFailed
from sangua.orgs.models import User

from .models import ApiToken

KEY_PREFIX = "sg_"
PREFIX_LENGTH = 10  # "sg_" and 7 characters of the secret: enough to tell tokens apart


def hash_key(key: str) -> str:
    """The SHA-256 of a key, as stored (a key is random, so no salt or slow hash is needed)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue an API token (签发令牌) for a user; returns the token and its key, shown only now."""
    label = (name or "").strip()
    if not label:
        raise ValidationFailed("required", _("Give the token a name."), field="name")
    if len(label) > 64:
        raise ValidationFailed(
            "too_long", _("The name is longer than 64 characters."), field="name"
        )
    if not user.is_active:
        raise ValidationFailed(
            "inactive_user",
            _("{user} is not active; no token can be issued.").format(user=user.username),
            field="user",
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=label, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke an API token (吊销令牌); it stops working at once and is kept for the record."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict("already_revoked", _("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
