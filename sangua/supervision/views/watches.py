"""The three watches (三盯) and the ledger (台账): pages, the Excel export, and "run the job now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangua.api.auth import accepts_api_token
from sangua.core.excel import EXPORT_LANGUAGE, RATE_FORMAT, Column, Sheet, xlsx_response
from sangua.orgs.models import Unit, User
from sangua.orgs.scopes import is_unit_user, scope_district_ids

from .. import permissions, selectors, watches
from ..choices import ItemState
from ..escalation import daily_run
from ..forms import LedgerFilterForm
from ..models import SupervisionItem

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _units(user: User) -> QuerySet[Unit]:
    if is_unit_user(user):
        return Unit.objects.filter(pk=user.unit_id or 0)
    scope = scope_district_ids(user)
    units = Unit.objects.all() if scope is None else Unit.objects.filter(region_id__in=scope)
    return units.select_related("region").order_by("region__sort", "sort", "code")


def _filtered(request: HttpRequest) -> tuple[LedgerFilterForm, QuerySet[SupervisionItem], str]:
    user = _user(request)
    form = LedgerFilterForm(request.GET or None, units=_units(user))
    items = selectors.ledger(user, form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return form, items, query.urlencode()


def _common(request: HttpRequest, tab: str) -> dict[str, object]:
    user = _user(request)
    return {
        "nav": "supervision",
        "tab": tab,
        "today": timezone.localdate(),
        "can_open": permissions.can_open_items(user),
    }


@login_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    """盯事: the item ledger with its filters, and the counts by category of matter."""
    form, items, query = _filtered(request)
    today = timezone.localdate()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.state_counts(items)
    for item in page:
        item.overdue_now = item.is_overdue(today)  # type: ignore[attr-defined]
        item.age_now = item.age_days(today)  # type: ignore[attr-defined]
    context = {
        **_common(request, "matter"),
        "form": form,
        "page": page,
        "query": query,
        "watch": watches.by_matter(items, today),
        "states": [(value, label, counts[value]) for value, label in ItemState.choices],
    }
    return render(request, "supervision/ledger.html", context)


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """盯人: each responsible person's open, overdue and closed-on-time rate."""
    form, items, query = _filtered(request)
    context = {
        **_common(request, "person"),
        "form": form,
        "query": query,
        "watch": watches.by_person(items),
    }
    return render(request, "supervision/people.html", context)


@login_required
@require_GET
def projects(request: HttpRequest) -> HttpResponse:
    """盯项目: the projects with open items and their placard."""
    form, items, query = _filtered(request)
    context = {
        **_common(request, "project"),
        "form": form,
        "query": query,
        "watch": watches.by_project(items),
    }
    return render(request, "supervision/projects.html", context)


def _watch_sheet(title: str, first: str, watch: watches.Watch, detail: str | None) -> Sheet:
    columns = [Column(first, 30)]
    if detail:
        columns.append(Column(detail, 24))
    columns += [
        Column(_("Items"), 8),
        Column(_("Open"), 8),
        Column(_("Overdue"), 8),
        Column(_("Closed"), 8),
        Column(_("Closed on time"), 10),
        Column(_("On-time rate"), 10, RATE_FORMAT),
        Column(_("Red placards"), 10),
        Column(_("Yellow placards"), 10),
        Column(_("Oldest open (days)"), 12),
    ]

    def line(row: watches.WatchRow, label: str) -> list[object]:
        cells: list[object] = [label]
        if detail:
            cells.append(row.detail)
        return cells + [
            row.total,
            row.open,
            row.overdue,
            row.closed,
            row.closed_on_time,
            row.on_time_rate,
            row.red,
            row.yellow,
            row.oldest_open_days,
        ]

    rows = [line(r, r.label or _("(none)")) for r in watch.rows]
    rows.append(line(watch.total, _("Total")))
    return Sheet(title=title, columns=columns, rows=rows)


@accepts_api_token
@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The ledger (with the current filters) and the three watches as one Excel workbook."""
    with translation.override(EXPORT_LANGUAGE):  # a Chinese document, whatever the page's
        return _ledger_workbook(request)


def _ledger_workbook(request: HttpRequest) -> HttpResponse:
    _form, items, _query = _filtered(request)
    today = timezone.localdate()
    rows = []
    for item in items.prefetch_related("co_units"):
        rows.append(
            [
                item.code,
                item.title,
                item.get_category_display(),
                item.get_source_display(),
                item.project.name if item.project else "",
                item.region.name,
                item.unit.name if item.unit else "",
                str(item.owner) if item.owner else "",
                "、".join(u.name for u in item.co_units.all()),
                item.get_state_display(),
                item.get_placard_display(),
                timezone.localtime(item.created_at).date(),
                item.deadline,
                _("yes") if item.is_overdue(today) else "",
                item.age_days(today),
                item.get_evaluation_display() if item.evaluation else "",
                timezone.localtime(item.closed_at).date() if item.closed_at else None,
                ""
                if item.closed_on_time is None
                else (_("yes") if item.closed_on_time else _("no")),
            ]
        )
    ledger_sheet = Sheet(
        title=_("Ledger"),
        heading=_("Supervision ledger (督办台账) as of {day}").format(day=today.isoformat()),
        columns=[
            Column(_("Number"), 20),
            Column(_("Title"), 40),
            Column(_("Category"), 14),
            Column(_("Source"), 16),
            Column(_("Project"), 30),
            Column(_("District"), 10),
            Column(_("Responsible unit"), 18),
            Column(_("Responsible person"), 20),
            Column(_("Co-units"), 20),
            Column(_("State"), 10),
            Column(_("Placard"), 10),
            Column(_("Registered"), 12, "yyyy-mm-dd"),
            Column(_("Deadline"), 12, "yyyy-mm-dd"),
            Column(_("Overdue"), 8),
            Column(_("Age (days)"), 8),
            Column(_("Evaluation"), 14),
            Column(_("Closed"), 12, "yyyy-mm-dd"),
            Column(_("On time"), 8),
        ],
        rows=rows,
    )
    sheets = [
        ledger_sheet,
        _watch_sheet(
            _("By person"), _("Responsible person"), watches.by_person(items, today), _("Unit")
        ),
        _watch_sheet(_("By matter"), _("Category"), watches.by_matter(items, today), None),
        _watch_sheet(
            _("By project"), _("Project"), watches.by_project(items, today), _("Leader · unit")
        ),
    ]
    return xlsx_response(_("supervision-ledger-{day}.xlsx").format(day=today.isoformat()), sheets)


@login_required
@require_POST
def run_daily(request: HttpRequest) -> HttpResponse:
    """Run the daily reminders and placards now (idempotent; supervisors and the office)."""
    if not permissions.can_open_items(_user(request)):
        raise PermissionDenied
    result = daily_run()
    messages.success(
        request,
        _(
            "Daily check done: {checked} items checked, {reminders} reminders sent, {placards} placards raised."
        ).format(checked=result.checked, reminders=result.reminders, placards=result.placards),
    )
    return redirect("supervision:ledger")
