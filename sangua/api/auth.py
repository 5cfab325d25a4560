"""Who is calling: a Bearer token, a signed-in session (with CSRF on writes), or nobody.

Reads accept anonymous callers (they see published figures only); writes need one of the first
two. A wrong, revoked or malformed token is always refused with 401, even on a read, so a
broken script notices instead of silently seeing the public figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer

from sangua.orgs.models import User

from .models import ApiToken
from .services import hash_key

# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

Caller = User | AnonymousUser


class CsrfFailed(HttpError):
    """A session write without a valid CSRF token."""

    def __init__(self) -> None:
        super().__init__(
            403, _("CSRF check failed: send the csrftoken cookie's value in X-CSRFToken.")
        )


class InvalidToken(AuthenticationError):
    """A Bearer token that is unknown, revoked, or belongs to an inactive user."""

    def __init__(self) -> None:
        super().__init__(401, _("The API token is invalid or revoked."))


def user_for_key(key: str) -> User | None:
    """The active user an unrevoked key belongs to (and note the token's use), else None."""
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with a key from ``sangua api-token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_key(token.strip())
        if user is None:
            raise InvalidToken
        request.sangua_by_token = True  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in Django session; writes must carry the CSRF token like any form post."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # The CSRF check is ours, below: only a signed-in session needs it.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and _csrf_rejected(request):
            raise CsrfFailed
        assert isinstance(user, User)
        return user


def _csrf_rejected(request: HttpRequest) -> bool:
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return False
    middleware = CsrfViewMiddleware(_forbidden)
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    middleware.process_request(request)
    return middleware.process_view(request, _forbidden, (), {}) is not None


def _forbidden(request: HttpRequest) -> HttpResponse:
    return HttpResponseForbidden()


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Anyone at all: the last resort of read endpoints, which then show published figures only."""
    return AnonymousUser()


token_auth = TokenAuth()
session_auth = SessionAuth()
SIGNED_IN = [token_auth, session_auth]
ANYONE = [token_auth, session_auth, anonymous]
# In the OpenAPI schema, the empty requirement says the endpoint also answers anonymous callers.
PUBLIC_SECURITY: dict[str, object] = {"security": [{"TokenAuth": []}, {"SessionAuth": []}, {}]}


def caller(request: HttpRequest) -> Caller:
    """The user an endpoint acts for (set by the auth classes above)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, User | AnonymousUser):
        return auth
    return AnonymousUser()


def by_token(request: HttpRequest) -> bool:
    """Whether the caller authenticated with a Bearer token (not a signed-in session)."""
    return bool(getattr(request, "sangua_by_token", False))


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a write endpoint (its auth guarantees one)."""
    user = caller(request)
    if not isinstance(user, User):
        raise AuthenticationError
    return user


def accepts_api_token(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let a download page (Excel exports, bulletins, battle-map PDFs, templates, attachments) be
    fetched with ``Authorization: Bearer <key>`` as well as with a session, so that everything
    the API links to works for an integration too. GET and HEAD only: a download writes nothing,
    so no CSRF question arises; the view's own permission checks apply to the token's user. A
    wrong or revoked token is a 401, as on the API."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and request.method in ("GET", "HEAD"):
            user = user_for_key(key.strip())
            if user is None:
                response = JsonResponse(
                    {"code": "not_authenticated", "message": str(InvalidToken())}, status=401
                )
                response["WWW-Authenticate"] = 'Bearer realm="sangua"'
                return response
            request.user = user
            request.sangua_by_token = True  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
