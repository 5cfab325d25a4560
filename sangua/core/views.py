"""Home: send each signed-in user to the page their role starts from; the favicon for browsers that ask."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from sangua.orgs.scopes import is_unit_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_unit_user(request.user):
        return redirect("progress:my-reports")
    return redirect("boards:dashboard")


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico before reading the page's icon link; send them to it."""
    return redirect(static("sangua/favicon.svg"), permanent=True)
