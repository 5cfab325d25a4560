"""Excel imports in the REST API, mounted at ``/api/v1/imports/`` by the API app.

The same steps as the import page: the key project office uploads a workbook (projects with
their annual plans, or monthly reports); a small file is imported at once, a large one by the
background worker. The job says how it went: its counts, or every problem found (then nothing
was imported).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from sangua.api.auth import SIGNED_IN, signed_in
from sangua.api.pagination import page_of
from sangua.api.schemas.common import PageIn, errors_responses
from sangua.core.errors import NotAllowed, NotFound
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office

from . import jobs
from .choices import ImportKind, ImportState
from .models import ImportJob
from .selectors import jobs_of, visible_job

router = Router(tags=["imports"], auth=SIGNED_IN)


class ImportProgressOut(Schema):
    percent: int
    phase: str = Field(description="queued, read, check, write or done.")


class ImportJobOut(Schema):
    id: uuid.UUID
    kind: ImportKind
    filename: str
    size: int
    rows: int = Field(description="Data rows found in the workbook (approximate until read).")
    background: bool = Field(description="Whether the worker runs it (large files).")
    state: ImportState
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error_count: int = Field(description="Problems found; see /imports/{id}/errors.")
    summary: dict[str, int] = Field(description="Counts of what was added, changed, unchanged.")
    message: str = Field(description="Why a failed job failed.")
    progress: ImportProgressOut


class ImportJobPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ImportJobOut]


class ImportErrorOut(Schema):
    sheet: str
    row: int = Field(description="The row in the sheet; 0 for a problem with the whole file.")
    column: str
    cell: str = Field(description="A1-style reference; empty when not about one cell.")
    value: str
    code: str
    message: str


class ImportErrorPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ImportErrorOut]


def job_out(job: ImportJob) -> dict[str, Any]:
    progress = jobs.job_progress(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "filename": job.filename,
        "size": job.size,
        "rows": job.rows,
        "background": job.background,
        "state": job.state,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "error_count": job.error_count,
        "summary": job.summary or {},
        "message": job.message,
        "progress": {"percent": progress.percent, "phase": progress.phase},
    }


def _office(request: HttpRequest) -> User:
    user = signed_in(request)
    if not is_office(user):
        raise NotAllowed(_("Only the key project office may import from Excel."))
    return user


def _job(user: User, job_id: uuid.UUID) -> ImportJob:
    """One of the caller's own jobs (an administrator sees every job); else NotFound."""
    job = visible_job(user, job_id)
    if job is None:
        raise NotFound(_("No import job {id} is yours.").format(id=job_id))
    return job


@router.post(
    "",
    response={201: ImportJobOut, **errors_responses(401, 403, 422)},
    summary="Upload a workbook to import (multipart: kind, file); small files import at once",
    description=(
        "The file must be an .xlsx of at most 20 MB. The answer is the job: `done` with its "
        "counts, `rejected` with every problem (nothing imported), or `queued`/`running` for a "
        "large file — poll `GET /imports/{id}` until it is finished."
    ),
)
def create_import(
    request: HttpRequest, kind: Form[ImportKind], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    user = _office(request)
    job = jobs.job_create(kind=kind, upload=file, by=user)
    job = jobs.job_start(job)
    return Status(201, job_out(job))


@router.get(
    "",
    response={200: ImportJobPageOut, **errors_responses(401, 403, 422)},
    summary="Your imports, newest first",
)
def list_imports(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    user = _office(request)
    return page_of(jobs_of(user), page, job_out)


@router.get(
    "/{uuid:job_id}",
    response={200: ImportJobOut, **errors_responses(401, 403, 404)},
    summary="One import: its state and progress, then its counts or how many problems",
)
def get_import(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    return job_out(_job(_office(request), job_id))


@router.get(
    "/{uuid:job_id}/errors",
    response={200: ImportErrorPageOut, **errors_responses(401, 403, 404, 422)},
    summary="Every problem a rejected import found: sheet, row, column, value, why",
)
def list_import_errors(
    request: HttpRequest, job_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    job = _job(_office(request), job_id)
    return page_of(list(job.errors or []), page, dict)
