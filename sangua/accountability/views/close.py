"""Period close (考核) pages: the close action and form, and the close log with its differences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sangua.core.errors import ServiceError
from sangua.orgs.models import Region
from sangua.progress.publication import published_months

from .. import services
from ..forms import CloseForm
from ..models import Finding, PeriodClose
from ..permissions import can_close
from ..selectors import close_log
from .common import in_scope, region_for, safe_next, user_of


def closable_periods(region: Region) -> list[str]:
    """The periods whose months are all published, newest first (the form's suggestions)."""
    published = published_months(region)
    names: list[str] = []
    for year in sorted({y for y, _m in published}, reverse=True):
        months = {m for y, m in published if y == year}
        if set(range(1, 13)) <= months:
            names.append(f"{year}")
        for half in (2, 1):
            if set(range(half * 6 - 5, half * 6 + 1)) <= months:
                names.append(f"{year}-H{half}")
        for quarter in (4, 3, 2, 1):
            if set(range(quarter * 3 - 2, quarter * 3 + 1)) <= months:
                names.append(f"{year}-Q{quarter}")
        names.extend(f"{year}-{m:02d}" for m in sorted(months, reverse=True))
    return names


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest) -> HttpResponse:
    """GET: the close form and the district's close log. POST (region, period[, next]): close it.

    The dashboard's button posts here with ``next`` to come back to.
    """
    user = user_of(request)
    status = 200
    if request.method == "POST":
        form = CloseForm(request.POST)
        if form.is_valid():
            region = region_for(request, form.cleaned_data["region"])
            try:
                run = services.period_close(
                    region=region, period=form.cleaned_data["period"].strip(), by=user
                )
            except ServiceError as error:
                form.add_service_error(error)
                messages.error(request, error.message)
            else:
                if run.run == 1:
                    text = _("{period} closed: {n} findings.")
                elif run.changes:
                    text = _(
                        "{period} closed again: {n} findings, {c} changes since the last close."
                    )
                else:
                    text = _("{period} closed again: {n} findings, nothing changed.")
                messages.success(
                    request, text.format(period=run.period, n=run.finding_count, c=len(run.changes))
                )
                target = safe_next(request, form.cleaned_data.get("next"))
                return redirect(target or reverse("accountability:close-run", args=[run.pk]))
        status = 422
        region = region_for(request, request.POST.get("region"))
    else:
        region = region_for(request, request.GET.get("region"))
        form = CloseForm(initial={"region": region.code, "period": request.GET.get("period", "")})
    if not can_close(user, region) and not region.is_district:
        region_choices = [r for r in region.children.order_by("sort", "code") if can_close(user, r)]
    else:
        region_choices = []
    context = {
        "nav": "close",
        "region": region,
        "form": form,
        "can_close": region.is_district and can_close(user, region),
        "districts": region_choices,
        "periods": closable_periods(region) if region.is_district else [],
        "runs": close_log(region)[:50] if region.is_district else [],
    }
    return render(request, "accountability/close.html", context, status=status)


@login_required
@require_GET
def close_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One close run: every unit assessed, the findings, and what changed since the run before."""
    run = (
        PeriodClose.objects.select_related("region", "rule_set", "closed_by").filter(pk=pk).first()
    )
    if run is None:
        raise Http404
    if not in_scope(user_of(request), run.region):
        raise PermissionDenied
    findings = {
        f.unit.code: f
        for f in Finding.objects.filter(region=run.region, period=run.period).select_related("unit")
    }
    rows = [(row, findings.get(row["unit"])) for row in run.assessed]
    context = {
        "nav": "close",
        "run": run,
        "rows": rows,
        "previous": PeriodClose.objects.filter(
            region=run.region, period=run.period, run__lt=run.run
        )
        .order_by("-run")
        .first(),
        "later": PeriodClose.objects.filter(region=run.region, period=run.period, run__gt=run.run)
        .order_by("run")
        .first(),
    }
    return render(request, "accountability/close_run.html", context)
