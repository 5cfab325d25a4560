"""Report pages: a unit's month and report form, the office's review queue, amend and publish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangua.api.auth import accepts_api_token
from sangua.core.errors import NotFound, ServiceError
from sangua.core.excel import xlsx_response
from sangua.core.money import money
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import is_office, is_unit_user, scope_district_ids
from sangua.projects.models import Project
from sangua.projects.selectors import project_for, visible_projects

from . import exports, selectors
from .choices import AWAITING_REVIEW, EDITABLE_BY_UNIT, ReportState
from .forms import AmendForm, PublishForm, ReportForm, ReturnForm
from .models import MonthlyReport
from .publication import is_published, parse_month
from .services import (
    can_fill,
    can_review,
    month_publish,
    report_amend,
    report_approve,
    report_due_date,
    report_return,
    report_save,
    report_submit,
    reports_approve_many,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _period(text: str) -> tuple[int, int]:
    parsed = parse_month(text)
    if parsed is None:
        raise Http404
    return parsed


def _project(request: HttpRequest, code: str) -> Project:
    try:
        return project_for(request.user, code)
    except NotFound:
        raise Http404 from None


# --- The unit's month and report form ---------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """A unit's home: its projects for a month, each with the state of its report."""
    user = _user(request)
    if not is_unit_user(user):
        return redirect("progress:review" if is_office(user) else "projects:list")
    projects = visible_projects(user)
    year, month = parse_month(request.GET.get("period")) or selectors.unit_default_month(
        user, projects
    )
    rows = selectors.unit_month(projects, year, month)
    counts = {state.value: 0 for state in ReportState}
    missing = 0
    for row in rows:
        if row.report is None:
            missing += 1
        else:
            counts[row.report.state] += 1
    context = {
        "nav": "report",
        "unit": user.unit,
        "rows": rows,
        "counts": counts,
        "missing": missing,
        "year": year,
        "month": month,
        "period": f"{year}-{month:02d}",
        "month_date": dt.date(year, month, 1),
        "due_date": report_due_date(year, month),
    }
    return render(request, "progress/my_reports.html", context)


@accepts_api_token
@login_required
@require_GET
def my_reports_export(request: HttpRequest) -> HttpResponse:
    """The unit's month (the same month as the page) as an Excel workbook."""
    user = _user(request)
    if not is_unit_user(user) or user.unit is None:
        raise PermissionDenied
    projects = visible_projects(user)
    year, month = parse_month(request.GET.get("period")) or selectors.unit_default_month(
        user, projects
    )
    rows = selectors.unit_month(projects, year, month)
    return xlsx_response(
        f"月报-{user.unit.name}-{year}-{month:02d}.xlsx",
        [exports.unit_month_sheet(user.unit.name, rows, year, month)],
    )


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """One project's report for one month: save a draft or submit; read-only once submitted."""
    user = _user(request)
    year, month = _period(period)
    project = _project(request, code)
    if not can_fill(user, project):
        raise PermissionDenied
    report = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
    editable = report is None or report.state in EDITABLE_BY_UNIT
    status = 200
    form = ReportForm(
        initial=(
            {"amount": report.amount, "progress": report.progress, "problems": report.problems}
            if report is not None
            else {}
        )
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This report has been submitted and can no longer change."))
            return redirect("progress:fill", code=project.code, period=period)
        form = ReportForm(request.POST)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                with transaction.atomic():  # saved and submitted together, or neither
                    report = report_save(
                        project=project,
                        year=year,
                        month=month,
                        amount=form.cleaned_data["amount"],
                        progress=form.cleaned_data["progress"],
                        problems=form.cleaned_data["problems"],
                        by=user,
                    )
                    if submit:
                        report = report_submit(report=report, by=user)
            except ServiceError as error:
                form.add_service_error(error)
            else:
                if submit:
                    messages.success(
                        request,
                        _("The {period} report of {project} was sent to the office.").format(
                            period=period, project=project.name
                        ),
                    )
                    return redirect(f"{reverse('progress:my-reports')}?period={period}")
                messages.success(request, _("Draft saved."))
                return redirect("progress:fill", code=project.code, period=period)
        status = 422
    numbers = selectors.form_numbers(project, year, month)
    context = {
        "nav": "report",
        "project": project,
        "report": report,
        "editable": editable,
        "form": form,
        "numbers": numbers,
        "numbers_json": numbers.as_json(),
        "period": period,
        "month_date": dt.date(year, month, 1),
        "numbers_initial": numbers.with_amount(_typed_amount(form, report)),
    }
    return render(request, "progress/fill.html", context, status=status)


def _typed_amount(form: ReportForm, report: MonthlyReport | None) -> Decimal | None:
    """The amount to show figures for: what was typed when it parses, else the saved one."""
    if form.is_bound:
        try:
            return money(form.data.get("amount", ""))
        except ValueError:
            return None
    return report.amount if report is not None else None


# --- The office's review queue ----------------------------------------------------------------


def _require_office(request: HttpRequest) -> User:
    user = _user(request)
    if not is_office(user):
        raise PermissionDenied
    return user


def _reviewable(user: User, pk: int) -> MonthlyReport:
    report = (
        MonthlyReport.objects.select_related("project__unit", "project__region", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_review(user, report.project):
        raise Http404
    return report


def _queue_url(period: str | None) -> str:
    url = reverse("progress:review")
    return f"{url}?period={period}" if period and parse_month(period) else url


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """Reports awaiting the office's review, with approve, approve selected and return."""
    user = _require_office(request)
    period = parse_month(request.GET.get("period"))
    rows = selectors.review_queue(user, period=period)
    districts = scope_district_ids(user)
    context = {
        "nav": "review",
        "rows": [(row, ReturnForm(auto_id=f"ret{row.report.pk}_%s")) for row in rows],
        "period": f"{period[0]}-{period[1]:02d}" if period else "",
        "months": [
            (f"{y}-{m:02d}", dt.date(y, m, 1), n) for y, m, n in selectors.queue_months(user)
        ],
        "show_region": districts is None or len(districts) > 1,
        "candidates": selectors.publish_candidates(user),
    }
    return render(request, "progress/review.html", context)


@accepts_api_token
@login_required
@require_GET
def review_export(request: HttpRequest) -> HttpResponse:
    """The review queue (of the chosen month, or all) as an Excel workbook."""
    user = _require_office(request)
    period = parse_month(request.GET.get("period"))
    rows = selectors.review_queue(user, period=period)
    suffix = f"-{period[0]}-{period[1]:02d}" if period else ""
    return xlsx_response(f"待审核月报{suffix}.xlsx", [exports.review_queue_sheet(rows, period)])


def _row_response(
    request: HttpRequest, row: selectors.QueueRow, form: ReturnForm, error: str = ""
) -> HttpResponse:
    """The queue row again, with why the step was refused (htmx swaps it in place)."""
    districts = scope_district_ids(_user(request))
    return render(
        request,
        "progress/_review_row.html",
        {
            "row": row,
            "form": form,
            "error": error,
            "show_region": districts is None or len(districts) > 1,
            "period": request.POST.get("period", ""),
        },
    )


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve one report; with htmx the row goes away, otherwise back to the queue."""
    user = _require_office(request)
    report = _reviewable(user, pk)
    try:
        report_approve(report=report, by=user)
    except ServiceError as error:
        if request.htmx:  # type: ignore[attr-defined]
            form = ReturnForm(auto_id=f"ret{report.pk}_%s")
            return _row_response(request, selectors.queue_row(report), form, error.message)
        messages.error(request, error.message)
    else:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse("")
        messages.success(
            request,
            _("Approved: {project}, {period}.").format(
                project=report.project.name, period=report.period
            ),
        )
    return redirect(_queue_url(request.POST.get("period")))


@login_required
@require_POST
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Send one report back to its unit with a comment saying what to fix."""
    user = _require_office(request)
    report = _reviewable(user, pk)
    form = ReturnForm(request.POST, auto_id=f"ret{report.pk}_%s")
    if form.is_valid():
        try:
            report_return(report=report, by=user, comment=form.cleaned_data["comment"])
        except ServiceError as error:
            form.add_service_error(error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponse("")
            messages.success(
                request,
                _("Returned to {unit}: {project}, {period}.").format(
                    unit=report.project.unit.name,
                    project=report.project.name,
                    period=report.period,
                ),
            )
            return redirect(_queue_url(request.POST.get("period")))
    if request.htmx:  # type: ignore[attr-defined]
        return _row_response(request, selectors.queue_row(report), form)
    for message in [*form.errors.get("comment", []), *form.non_field_errors()]:
        messages.error(request, str(message))
    return redirect(_queue_url(request.POST.get("period")))


@login_required
@require_POST
def approve_selected(request: HttpRequest) -> HttpResponse:
    """Approve every ticked report; each one is its own step, so one refusal stops no other."""
    user = _require_office(request)
    ids = [int(v) for v in request.POST.getlist("report") if v.isdigit()]
    reports = MonthlyReport.objects.filter(pk__in=ids, state__in=AWAITING_REVIEW).select_related(
        "project"
    )
    done, refused = reports_approve_many(
        reports=[r for r in reports if can_review(user, r.project)], by=user
    )
    for report, error in refused:
        messages.error(request, f"{report.project.name} {report.period}: {error.message}")
    approved = len(done)
    if approved:
        messages.success(request, _("{n} reports approved.").format(n=approved))
    elif not ids:
        messages.warning(request, _("Tick the reports to approve first."))
    return redirect(_queue_url(request.POST.get("period")))


# --- Amend and publish ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The office corrects an approved report; in a published month only with a reason."""
    user = _user(request)
    year, month = _period(period)
    project = _project(request, code)
    if not can_review(user, project):
        raise PermissionDenied
    report = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
    if report is None:
        raise Http404
    form = AmendForm.for_report(report, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report_amend(
                    report=report,
                    by=user,
                    amount=form.cleaned_data["amount"],
                    progress=form.cleaned_data["progress"],
                    problems=form.cleaned_data["problems"],
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "The {period} report was corrected; the change is kept in its history."
                    ).format(period=period),
                )
                url = reverse("projects:detail", args=[project.code])
                return redirect(f"{url}?period={period}#report-{period}")
        status = 422
    context = {
        "nav": "projects",
        "project": project,
        "report": report,
        "form": form,
        "period": period,
        "month_date": dt.date(year, month, 1),
        "published": is_published(project.region, year, month),
    }
    return render(request, "progress/amend.html", context, status=status)


def _safe_next(request: HttpRequest, url: str) -> str | None:
    if not url.startswith("/") or url.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return url


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    """The office publishes a district's month; the service says yes or why not."""
    user = _require_office(request)
    form = PublishForm(request.POST)
    target = _safe_next(request, request.POST.get("next", "")) or reverse("boards:dashboard")
    if not form.is_valid():
        messages.error(request, _("Choose a district and a month to publish."))
        return redirect(target)
    data = form.cleaned_data
    region = Region.objects.filter(code=data["region"]).first()
    if region is None:
        messages.error(
            request, _("There is no region with code {code}.").format(code=data["region"])
        )
        return redirect(target)
    try:
        month_publish(region=region, year=data["year"], month=data["month"], by=user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("{region} {year}-{month:02d} is published; the wall now shows it.").format(
                region=region.name, year=data["year"], month=data["month"]
            ),
        )
    return redirect(target)
