"""API tokens for integrations: list yours, issue one (the key is shown once), revoke one.

The key project office also lists and revokes the tokens of the accounts in its data scope.
Issuing needs a signed-in session: a token cannot mint more tokens, so a leaked key stops
working for good once it is revoked.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from sangua.core.errors import NotAllowed
from sangua.orgs.scopes import is_office

from .. import selectors, services
from ..auth import SIGNED_IN, by_token, signed_in
from ..models import ApiToken
from ..pagination import page_of
from ..schemas.common import Id, PageIn, errors_responses
from ..schemas.tokens import TokenCreatedOut, TokenFilterIn, TokenIn, TokenOut, TokenPageOut

router = Router(tags=["tokens"], auth=SIGNED_IN)


def token_out(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "user": {"username": token.user.username, "display_name": str(token.user)},
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_active,
    }


@router.get(
    "",
    response={200: TokenPageOut, **errors_responses(401, 403, 422)},
    summary="Your API tokens (or, for the office, those of the accounts in its scope)",
)
def list_tokens(
    request: HttpRequest, filters: Query[TokenFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    user = signed_in(request)
    if filters.managed and not is_office(user):
        raise NotAllowed(_("Only the key project office manages other accounts' tokens."))
    tokens = selectors.tokens_of(
        user, managed=filters.managed, include_revoked=filters.include_revoked
    )
    return page_of(tokens, page, token_out)


@router.post(
    "",
    response={201: TokenCreatedOut, **errors_responses(401, 403, 422)},
    summary="Issue yourself a token (signed-in session only); its key is in this answer only",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    if by_token(request):
        raise NotAllowed(
            _("Issue tokens from a signed-in session, not with another token."),
            code="session_required",
        )
    token, key = services.token_create(user=user, name=payload.name, by=user)
    return Status(201, {**token_out(token), "key": key})


@router.post(
    "/{token_id}/revoke",
    response={200: TokenOut, **errors_responses(401, 403, 404, 409, 422)},
    summary="Revoke a token: yours, or (the office) one of an account in its scope",
)
def revoke_token(request: HttpRequest, token_id: Id) -> dict[str, Any]:
    user = signed_in(request)
    token = services.token_revoke(token=selectors.token_for(user, token_id), by=user)
    return token_out(token)
