"""Findings (问责记录): the list, one finding with its numbers and history, and its lifecycle steps."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangua.api.auth import accepts_api_token
from sangua.core.errors import ServiceError
from sangua.core.excel import xlsx_response
from sangua.orgs.models import Region
from sangua.orgs.scopes import district_ids_below, is_office

from .. import selectors, services
from ..choices import FindingState, PeriodKindChoice
from ..exports import findings_sheet
from ..forms import DecisionForm, ExemptForm, ExplanationForm
from ..models import Explanation, Finding
from ..permissions import can_close, can_decide, can_explain, can_see_finding
from ..selectors import FindingFilters, visible_findings
from ..why import finding_why
from .common import region_for, user_of

PAGE_SIZE = 50


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return str(query.urlencode())


def _list_filters(request: HttpRequest) -> tuple[Region, FindingFilters]:
    """The region (in the user's scope) and the filters of the list and of its Excel export."""
    region = region_for(request, request.GET.get("region"))
    return region, FindingFilters(
        period=(request.GET.get("period") or "").strip(),
        kind=request.GET.get("kind") or "",
        state=request.GET.get("state") or "",
    )


@login_required
@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    """Findings of a district (or a unit's own), filtered by period, kind and state."""
    user = user_of(request)
    region, filters = _list_filters(request)
    findings = selectors.finding_list(user, region, filters)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    periods = (
        visible_findings(user)
        .filter(region_id__in=district_ids_below(region))
        .values_list("period", flat=True)
        .distinct()
        .order_by("-period")
    )
    context = {
        "nav": "findings",
        "region": region,
        "page": page,
        "periods": list(periods),
        "period": filters.period,
        "kind": filters.kind,
        "state": filters.state,
        "kinds": PeriodKindChoice.choices,
        "states": FindingState.choices,
        "can_close": region.is_district and can_close(user, region),
        "query": request.GET.copy(),
        "export_query": _without_page(request),
    }
    return render(request, "accountability/finding_list.html", context)


@accepts_api_token
@login_required
@require_GET
def findings_export(request: HttpRequest) -> HttpResponse:
    """The findings list with the same region and filters as an Excel workbook (every page)."""
    region, filters = _list_filters(request)
    findings = selectors.finding_list(user_of(request), region, filters)
    return xlsx_response(f"问责记录-{region.name}.xlsx", [findings_sheet(region, findings)])


def _finding(request: HttpRequest, pk: int) -> Finding:
    finding = (
        Finding.objects.select_related("unit", "region", "rule_set", "head", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if finding is None or not can_see_finding(user_of(request), finding):
        raise Http404
    return finding


def _detail(
    request: HttpRequest, finding: Finding, status: int = 200, **forms: object
) -> HttpResponse:
    user = user_of(request)
    explain = can_explain(user, finding) and finding.state == FindingState.NOTIFIED
    decide = can_decide(user, finding)
    context = {
        "nav": "findings",
        "finding": finding,
        "why": finding_why(finding),
        "explanations": finding.explanations.select_related("submitted_by"),
        "events": finding.events.select_related("actor", "close"),
        "explain_form": forms.get("explain_form") or (ExplanationForm() if explain else None),
        "accept_form": forms.get("accept_form")
        or (
            DecisionForm(prefix="accept")
            if decide and finding.state == FindingState.EXPLAINED
            else None
        ),
        "return_form": forms.get("return_form")
        or (
            DecisionForm(prefix="return")
            if decide and finding.state == FindingState.EXPLAINED
            else None
        ),
        "exempt_form": forms.get("exempt_form")
        or (
            ExemptForm()
            if decide and finding.state in (FindingState.NOTIFIED, FindingState.EXPLAINED)
            else None
        ),
        "is_office": is_office(user),
    }
    return render(request, "accountability/finding_detail.html", context, status=status)


@login_required
@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One finding: who, which period, the numbers down to the reports, explanations and history."""
    return _detail(request, _finding(request, pk))


@login_required
@require_POST
def finding_explain(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit submits its explanation with an optional attachment."""
    finding = _finding(request, pk)
    form = ExplanationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.explanation_submit(
                finding=finding,
                by=user_of(request),
                text=form.cleaned_data["text"],
                attachment=form.cleaned_data["attachment"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your explanation was sent to the key project office."))
            return redirect("accountability:finding", pk=finding.pk)
    return _detail(request, finding, 422, explain_form=form)


def _decide(
    request: HttpRequest,
    pk: int,
    prefix: str,
    service: Callable[..., object],
    done: str,
) -> HttpResponse:
    """The office's decision on an explanation (accept or return it) with a comment."""
    finding = _finding(request, pk)
    form = DecisionForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            service(finding=finding, by=user_of(request), comment=form.cleaned_data["comment"])
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, done)
            return redirect("accountability:finding", pk=finding.pk)
    return _detail(request, finding, 422, **{f"{prefix}_form": form})


@login_required
@require_POST
def finding_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request, pk, "accept", services.finding_accept, _("The explanation was accepted.")
    )


@login_required
@require_POST
def finding_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        "return",
        services.explanation_return,
        _("The explanation was returned to the unit."),
    )


@login_required
@require_POST
def finding_exempt(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = ExemptForm(request.POST)
    if form.is_valid():
        try:
            services.finding_exempt(
                finding=finding, by=user_of(request), reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The finding was exempted."))
            return redirect("accountability:finding", pk=finding.pk)
    return _detail(request, finding, 422, exempt_form=form)


@accepts_api_token
@login_required
@require_GET
def explanation_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An explanation's attachment, to those who may see its finding (never a public media URL)."""
    explanation = Explanation.objects.select_related("finding").filter(pk=pk).first()
    if (
        explanation is None
        or not explanation.attachment
        or not can_see_finding(user_of(request), explanation.finding)
    ):
        raise Http404
    response = FileResponse(
        explanation.attachment.open("rb"),
        as_attachment=True,
        filename=explanation.attachment_name or "attachment",
        content_type=explanation.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
