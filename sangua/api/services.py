"""Writes for API tokens: create (the key is returned once, never stored) and revoke."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import record
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.orgs.models import User

from .models import ApiToken

KEY_PREFIX = "sg_"
PREFIX_LENGTH = 10  # "sg_" and 7 characters of the secret: enough to tell tokens apart


def hash_key(key: str) -> str:
    """The SHA-256 of a key, as stored (a key is random, so no salt or slow hash is needed)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _snapshot(token: ApiToken) -> dict[str, object]:
    # Never the key nor its hash: the audit trail is read by more people than the token table.
    return {
        "user": token.user.username,
        "name": token.name,
        "prefix": token.prefix,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@transaction.atomic
def token_create(*, user: User, name: str, by: User | None = None) -> tuple[ApiToken, str]:
    """Issue an API token (签发令牌) for a user; returns the token and its key, shown only now.

    ``by`` is who asks (None: the console); through the API one issues tokens only for oneself.
    """
    if by is not None and by.pk != user.pk:
        raise NotAllowed(_("You may issue tokens only for yourself."))
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
    record(actor=by, action="api.token_create", obj=token, after=_snapshot(token))
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User | None = None) -> ApiToken:
    """Revoke an API token (吊销令牌); it stops working at once and is kept for the record.

    ``by`` is who asks (None: the console or the admin): the token's owner, or the key project
    office whose data scope covers the owner (see ``selectors.managed_users``).
    """
    from .selectors import managed_users  # selectors import this module (hash_key)

    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if (
        by is not None
        and token.user_id != by.pk
        and not managed_users(by).filter(pk=token.user_id).exists()
    ):
        raise NotAllowed(_("Only the token's owner or their key project office may revoke it."))
    if token.revoked_at is not None:
        raise Conflict("already_revoked", _("This token is already revoked."))
    before = _snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=by, action="api.token_revoke", obj=token, before=before, after=_snapshot(token))
    return token
