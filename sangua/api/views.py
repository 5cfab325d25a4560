"""The token page (/api/tokens/): a user's API tokens, a form to issue one, revoke buttons.

The key project office also sees the tokens of the accounts in its data scope and may revoke
them. A new key is shown on the answer to the form, once, and never again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sangua.core.errors import NotFound, ServiceError
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office

from . import selectors, services

SHOWN = 200  # tokens listed per table; a person has a handful, an office a few hundred at most


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=64,
        help_text=gettext_lazy("e.g. the statistics bureau's nightly sync"),
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens (and the office's managed ones); a POST issues a new token."""
    user = _user(request)
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, new_key = services.token_create(
                    user=user, name=form.cleaned_data["name"], by=user
                )
            except ServiceError as error:
                form.add_error("name" if error.field == "name" else None, error.message)
                status = error.status
            else:
                form = TokenForm()
                messages.success(request, _("Token “{name}” issued.").format(name=token.name))
        else:
            status = 422
    office = is_office(user)
    context = {
        "nav": "tokens",
        "form": form,
        "new_key": new_key,
        "mine": list(selectors.tokens_of(user, include_revoked=True)[:SHOWN]),
        "managed": (
            list(selectors.tokens_of(user, managed=True).exclude(user=user)[:SHOWN])
            if office
            else None
        ),
        "api_docs": reverse("api-v1:openapi-view"),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a token of one's own, or (the office) of an account in its scope."""
    user = _user(request)
    try:
        token = selectors.token_for(user, pk)
    except NotFound:
        raise Http404 from None
    try:
        services.token_revoke(token=token, by=user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Token “{name}” revoked.").format(name=token.name))
    return redirect("api:tokens")
