"""Home: send each signed-in user to the page their role starts from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sangua.orgs.scopes import is_unit_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_unit_user(request.user):
        return redirect("progress:my-reports")
    return redirect("boards:dashboard")
