"""Project pages: the filtered list with figures and lights, and one project's four fixes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from sangua.api.auth import accepts_api_token
from sangua.core.errors import NotFound
from sangua.core.excel import xlsx_response
from sangua.orgs.models import Region
from sangua.orgs.scopes import is_office
from sangua.planning.selectors import schedule_flags
from sangua.progress.choices import ReportState
from sangua.progress.forms import AmendForm
from sangua.progress.models import Publication
from sangua.progress.publication import default_month, parse_month
from sangua.progress.services import can_fill, can_review
from sangua.supervision.permissions import can_instruct
from sangua.supervision.selectors import items_for_project

from . import selectors
from .exports import project_list_sheet
from .forms import ProjectFilterForm
from .selectors import ProjectFilters

PAGE_SIZE = 50
ITEMS_SHOWN = 20  # supervision items on a project page; the ledger has the rest


def _is_table_request(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request and htmx.target == "project-table"


@dataclass(frozen=True)
class _ListRequest:
    """What the list page and its export read from the query string, checked against the scope."""

    regions: list[Region]
    choices: dict[str, list[Any]]
    form: ProjectFilterForm
    filters: ProjectFilters


def _list_request(request: HttpRequest) -> _ListRequest:
    regions = selectors.scope_regions(request.user)
    chosen_region = next((r for r in regions if r.code == request.GET.get("region")), None)
    choices = selectors.filter_choices(request.user, chosen_region)
    default = selectors.user_default_month(request.user)
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = f"{default[0]}-{default[1]:02d}"  # shown in the month picker
    form = ProjectFilterForm(
        data, regions=regions, units=choices["units"], leaders=choices["leaders"]
    )
    return _ListRequest(regions, choices, form, form.filters(default))


@require_GET
@login_required
@vary_on_headers("HX-Request")
def project_list(request: HttpRequest) -> HttpResponse:
    """Key projects in the user's scope with this month's figures; filters in the query string."""
    parsed = _list_request(request)
    regions, choices, form, filters = parsed.regions, parsed.choices, parsed.form, parsed.filters
    result = selectors.project_list(request.user, filters)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    schedule = schedule_flags([row.project.id for row in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav": "projects",
        "form": form,
        "filters": filters,
        "result": result,
        "page": page,
        "schedule": schedule,
        "query": query.urlencode(),
        "light_query": _without(query, "light"),
        "month_date": dt.date(filters.year, filters.month, 1),
        "period": f"{filters.year}-{filters.month:02d}",
        "show_region": len(regions) > 1,
        "why_regions": _why_regions(request, filters.year, filters.month),
        "my_leader": next(
            (p for p in choices["leaders"] if p.pk == getattr(request.user, "person_id", None)),
            None,
        ),
    }
    template = "projects/_table.html" if _is_table_request(request) else "projects/list.html"
    return render(request, template, context)


@accepts_api_token
@require_GET
@login_required
def project_export(request: HttpRequest) -> HttpResponse:
    """The list with the same filters and month as an Excel workbook (every page, not one)."""
    filters = _list_request(request).filters
    result = selectors.project_list(request.user, filters)
    return xlsx_response(
        f"重点项目-{filters.year}-{filters.month:02d}.xlsx",
        [project_list_sheet(result, filters)],
    )


def _why_regions(request: HttpRequest, year: int, month: int) -> set[int] | None:
    """The districts whose "why this light?" pages the user may open for the month: every one
    for the office (None), else those that published it (the why pages refuse the rest)."""
    if is_office(request.user):
        return None
    return set(
        Publication.objects.filter(year=year, month=month).values_list("region_id", flat=True)
    )


def _without(query: QueryDict, name: str) -> str:
    rest = query.copy()
    rest.pop(name, None)
    return str(rest.urlencode())


@require_GET
@login_required
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A project's four fixes (四定), its year month by month, and its report history."""
    try:
        project = selectors.project_for(request.user, code)
    except NotFound:
        raise Http404 from None
    year, month = parse_month(request.GET.get("period")) or default_month(project.region)
    page = selectors.project_page(project, year, month)
    office = can_review(request.user, project)  # type: ignore[arg-type]
    reports = [
        (
            line,
            AmendForm.for_report(line.report)
            if office and line.report.state == ReportState.APPROVED
            else None,
        )
        for line in page.reports
    ]
    history, older = selectors.project_history(project)
    context = {
        "nav": "projects",
        "project": project,
        "page": page,
        "history": history,
        "history_more": older,
        "chart": selectors.chart_data(page),
        "chart_labels": {
            "months": [str(MONTHS_AP[k]) for k in range(1, 13)],
            "plan": _("Plan"),
            "done": _("Completed (approved)"),
            "plan_cumulative": _("Cumulative plan"),
            "done_cumulative": _("Cumulative completed"),
            "monthly": _("Monthly (万元)"),
            "cumulative": _("Cumulative (万元)"),
        },
        "month_labels": [MONTHS_AP[k] for k in range(1, 13)],
        "month_date": dt.date(year, month, 1),
        "period": f"{year}-{month:02d}",
        "can_amend": office,
        "can_fill": can_fill(request.user, project),  # type: ignore[arg-type]
        "reports": reports,
        "year_periods": [(y, f"{y}-{(month if y == year else 12):02d}") for y in page.years],
        "items": list(items_for_project(request.user, project)[: ITEMS_SHOWN + 1]),
        "schedule": schedule_flags([project]),
        "items_shown": ITEMS_SHOWN,
        "can_instruct": can_instruct(request.user, project),
        "why_allowed": page.published or is_office(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "projects/detail.html", context)
