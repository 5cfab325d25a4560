"""Monthly reports: fill, submit, review, amend — each call goes through the progress services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from sangua.core.errors import NotAllowed, NotFound
from sangua.orgs.scopes import is_office
from sangua.progress import services
from sangua.progress.models import MonthlyReport

from .. import selectors
from ..auth import SIGNED_IN, signed_in
from ..schemas.common import Id, PageIn, errors_responses
from ..schemas.reports import (
    AmendIn,
    ApproveIn,
    ApproveManyIn,
    ApproveManyOut,
    ReportDetailOut,
    ReportFilterIn,
    ReportIn,
    ReportOut,
    ReportPageOut,
    ReturnIn,
)

router = Router(tags=["reports"], auth=SIGNED_IN)

WRITE_ERRORS = errors_responses(401, 403, 404, 409, 422)


def report_out(report: MonthlyReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "project": {"code": report.project.code, "name": report.project.name},
        "unit": {"code": report.project.unit.code, "name": report.project.unit.name},
        "year": report.year,
        "month": report.month,
        "amount": report.amount,
        "progress": report.progress,
        "problems": report.problems,
        "state": report.state,
        "due_date": report.due_date,
        "late": report.is_late,
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
        "review_comment": report.review_comment,
    }


def _reloaded(report: MonthlyReport) -> dict[str, Any]:
    """The report as the services left it, with the joins report_out needs."""
    return report_out(selectors.report_by_id(report.pk))


@router.get(
    "",
    response={200: ReportPageOut, **errors_responses(401, 422)},
    summary="Reports you may see: your unit's, or your districts'",
)
def list_reports(
    request: HttpRequest, filters: Query[ReportFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    reports = selectors.report_list(
        signed_in(request),
        project=filters.project,
        year=filters.year,
        month=filters.month,
        state=filters.state,
    )
    items = reports[page.offset : page.offset + page.limit]
    return {
        "count": reports.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [report_out(r) for r in items],
    }


# before "/{report_id}": Django would match "approve" as an id and answer 405
@router.post(
    "/approve",
    response={200: ApproveManyOut, **errors_responses(401, 403, 422)},
    summary="Approve several reports at once (office); each is its own step",
    description=(
        "Like the review queue's 'approve selected': every report is approved on its own, so one "
        "refusal stops no other. `refused` lists each report that was not approved with the code "
        "and message a single approval would have answered (`not_found` for a report outside "
        "your districts, `invalid_state`, `month_published`, ...)."
    ),
)
def approve_reports(request: HttpRequest, payload: ApproveManyIn) -> dict[str, Any]:
    user = signed_in(request)
    if not is_office(user):
        raise NotAllowed(_("Only the key project office may approve reports."))
    ids = list(dict.fromkeys(payload.reports))  # each once, in the order given
    found = selectors.reports_visible_to(user).in_bulk(ids)
    approved, refused = services.reports_approve_many(
        reports=[found[i] for i in ids if i in found], by=user, comment=payload.comment
    )
    refusals = {report.pk: error.as_dict() for report, error in refused}
    for missing in (i for i in ids if i not in found):
        refusals[missing] = NotFound(
            _("No report {id} is visible to you.").format(id=missing)
        ).as_dict()
    reloaded = selectors.reports_visible_to(user).in_bulk([r.pk for r in approved])
    return {
        "approved": [report_out(reloaded[r.pk]) for r in approved],
        "refused": [
            {"id": i, "code": refusals[i]["code"], "message": refusals[i]["message"]}
            for i in ids
            if i in refusals
        ],
    }


@router.get(
    "/{report_id}",
    response={200: ReportDetailOut, **errors_responses(401, 404, 422)},
    summary="One report with its history",
)
def get_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = selectors.visible_report(signed_in(request), report_id)
    events = [
        {
            "action": event.action,
            "by": event.actor.username if event.actor else None,
            "at": event.at,
            "comment": event.comment,
            "before": event.before,
            "after": event.after,
        }
        for event in report.events.all()
    ]
    return {**report_out(report), "events": events}


@router.post(
    "",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Create or change a draft (or returned) report of your unit",
)
def save_report(request: HttpRequest, payload: ReportIn) -> dict[str, Any]:
    project = selectors.project_by_code(payload.project, field="project")
    report = services.report_save(
        project=project,
        year=payload.year,
        month=payload.month,
        amount=payload.amount,
        progress=payload.progress,
        problems=payload.problems,
        by=signed_in(request),
    )
    return _reloaded(report)


@router.post("/{report_id}/submit", response={200: ReportOut, **WRITE_ERRORS}, summary="Submit")
def submit_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    report = services.report_submit(report=selectors.report_by_id(report_id), by=signed_in(request))
    return _reloaded(report)


@router.post(
    "/{report_id}/approve", response={200: ReportOut, **WRITE_ERRORS}, summary="Approve (office)"
)
def approve_report(
    request: HttpRequest, report_id: Id, payload: ApproveIn | None = None
) -> dict[str, Any]:
    report = services.report_approve(
        report=selectors.report_by_id(report_id),
        by=signed_in(request),
        comment=payload.comment if payload else "",
    )
    return _reloaded(report)


@router.post(
    "/{report_id}/return",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Return with a comment (office)",
)
def return_report(
    request: HttpRequest, report_id: Id, payload: ReturnIn | None = None
) -> dict[str, Any]:
    report = services.report_return(
        report=selectors.report_by_id(report_id),
        by=signed_in(request),
        comment=payload.comment if payload else "",
    )
    return _reloaded(report)


@router.post(
    "/{report_id}/amend",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Correct an approved report (office; a reason when the month is published)",
)
def amend_report(request: HttpRequest, report_id: Id, payload: AmendIn) -> dict[str, Any]:
    report = services.report_amend(
        report=selectors.report_by_id(report_id),
        by=signed_in(request),
        amount=payload.amount,
        progress=payload.progress,
        problems=payload.problems,
        reason=payload.reason,
    )
    return _reloaded(report)
