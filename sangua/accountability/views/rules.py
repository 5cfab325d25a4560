"""Rule sets (考核规则): the version in force, its history, and a new version by the office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sangua.core.errors import ServiceError

from .. import services
from ..forms import RuleSetForm
from ..permissions import can_edit_rules
from ..rules import rule_set_for
from ..selectors import rule_versions, rules_history
from .common import region_for, user_of


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """The rules in force for a region and their versions; the region's office makes a new one."""
    user = user_of(request)
    region = region_for(request, request.GET.get("region") or request.POST.get("region"))
    current = rule_set_for(region)
    editable = can_edit_rules(user, region)
    form = RuleSetForm.for_rule_set(current) if editable else None
    status = 200
    if request.method == "POST" and not editable:
        raise PermissionDenied
    if request.method == "POST":
        form = RuleSetForm(request.POST)
        if form.is_valid():
            try:
                new = services.rule_set_change(
                    region=region,
                    by=user,
                    reason=form.cleaned_data["reason"],
                    values=form.changed_values(current),
                )
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Version {version} of the rules is in force from now on.").format(
                        version=new.version
                    ),
                )
                return redirect(f"{reverse('accountability:rules')}?region={region.code}")
        status = 422
    versions = list(rule_versions(region))
    history, older = rules_history(versions)
    context = {
        "nav": "rules",
        "region": region,
        "current": current,
        "versions": versions,
        "form": form,
        "history": history,
        "history_more": older,
    }
    return render(request, "accountability/rules.html", context, status=status)
