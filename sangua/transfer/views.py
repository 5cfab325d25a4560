"""The import page: templates to download, an upload form, and each job's outcome or progress."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from sangua.api.auth import accepts_api_token
from sangua.core.errors import ServiceError
from sangua.core.excel import Column, Sheet, xlsx_response
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import is_office, scope_district_ids

from . import jobs
from .choices import ImportKind
from .export import template_bytes
from .forms import UploadForm
from .models import ImportJob
from .selectors import jobs_of, visible_job

RECENT = 20
COUNT_LABELS = {
    "projects_created": _("projects added"),
    "projects_updated": _("projects changed"),
    "projects_unchanged": _("projects unchanged"),
    "plans_created": _("plans added"),
    "plans_updated": _("plans changed"),
    "plans_unchanged": _("plans unchanged"),
    "reports_created": _("reports added"),
    "reports_updated": _("reports changed"),
    "reports_unchanged": _("reports unchanged"),
}


def _office(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_office(user):
        raise PermissionDenied
    return user


def _job(request: HttpRequest, pk: uuid.UUID) -> ImportJob:
    user = _office(request)
    job = visible_job(user, pk)
    if job is None:
        raise Http404
    return job


def _own_district(user: User) -> Region | None:
    scope = scope_district_ids(user)
    if scope is not None and len(scope) == 1:
        return Region.objects.get(pk=scope[0])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Download a template, upload a file; small files import at once, large ones in the background."""
    user = _office(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.job_create(
                kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=user
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            jobs.job_start(job)
            return redirect("transfer:job", pk=job.pk)
    context = {
        "nav": "import",
        "form": form,
        "district": _own_district(user),
        "jobs": jobs_of(user)[:RECENT],
        "inline_rows": jobs.inline_rows(),
    }
    return render(request, "transfer/index.html", context)


@accepts_api_token
@login_required
@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    """The import template; ?filled=1 fills it with the office's district (projects and plans)."""
    user = _office(request)
    if kind not in ImportKind.values:
        raise Http404
    district = _own_district(user) if request.GET.get("filled") else None
    year = request.GET.get("year")
    data = template_bytes(
        kind, region=district, year=int(year) if year and year.isdigit() else None
    )
    label = "项目导入模板" if kind == ImportKind.PROJECTS else "月报导入模板"
    name = f"{district.name}{label}.xlsx" if district else f"{label}.xlsx"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_GET
def job(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One import: its progress while it runs, then its counts or every problem found."""
    item = _job(request, pk)
    context = {
        "nav": "import",
        "job": item,
        "progress": jobs.job_progress(item),
        "counts": [(COUNT_LABELS.get(k, k), v) for k, v in item.summary.items()],
    }
    return render(request, "transfer/job.html", context)


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress bar, polled by htmx; when the job ends the page reloads to show the outcome."""
    item = _job(request, pk)
    response = render(
        request, "transfer/_progress.html", {"job": item, "progress": jobs.job_progress(item)}
    )
    if item.finished:
        response["HX-Refresh"] = "true"
    return response


@accepts_api_token
@login_required
@require_GET
def job_errors(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """A rejected job's problems as a workbook, to work through beside the file."""
    item = _job(request, pk)
    rows = [
        [e["sheet"], e["row"] or "", e["cell"], e["column"], e["value"], e["message"], e["code"]]
        for e in item.errors
    ]
    columns = [
        Column("工作表", 10),
        Column("行", 6),
        Column("单元格", 8),
        Column("列", 18),
        Column("值", 20),
        Column("问题", 60),
        Column("代码", 22),
    ]
    return xlsx_response(f"{item.filename}-问题清单.xlsx", [Sheet("问题清单", columns, rows)])
