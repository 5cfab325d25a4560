"""Import jobs from the page: keep the upload, run it now (small files) or in huey (large ones).

Progress is kept in huey's key-value store, not in the database: while an import writes, its
transaction holds SQLite's write lock, so a progress row could not be committed until the end.
huey's store (its own SQLite file, or Redis) is shared by the web process and the worker.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY
from openpyxl import load_workbook

from sangua.core.errors import NotAllowed
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office
from sangua.security.uploads import check_upload

from .choices import ImportKind, ImportState
from .layout import KINDS, normalise_header
from .models import ImportJob
from .services import ImportRejected, import_projects, import_reports

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
PHASES = {"read": (0, 45), "check": (45, 75), "write": (75, 100)}  # share of the bar per phase


def inline_rows() -> int:
    """Files with more data rows than this run in the background (SANGUA_IMPORT_INLINE_ROWS)."""
    return int(getattr(settings, "SANGUA_IMPORT_INLINE_ROWS", 2000))


def count_rows(data: bytes, kind: str) -> int:
    """Data rows in the import's sheets, from each sheet's stated size (cheap, approximate)."""
    names = {layout.name for layout in KINDS[kind]}
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # not a readable workbook: the import itself will say why
        return 0
    try:
        return sum(
            max((ws.max_row or 0) - 1, 0)
            for ws in workbook.worksheets
            if normalise_header(ws.title) in names
        )
    finally:
        workbook.close()


def job_create(*, kind: str, upload: UploadedFile, by: User) -> ImportJob:
    """Keep an uploaded .xlsx as an import job; it must be an Excel file within the size limit."""
    if not is_office(by):
        raise NotAllowed(_("Only the key project office may import from Excel."))
    if kind not in ImportKind.values:
        raise NotAllowed(_("Unknown kind of import."))
    check_upload(upload, allowed=("xlsx",), max_bytes=MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    rows = count_rows(data, kind)
    name = (upload.name or "import.xlsx").rsplit("/", 1)[-1][:200]
    job = ImportJob(
        kind=kind,
        filename=name,
        size=len(data),
        rows=rows,
        background=rows > inline_rows(),
        created_by=by,
    )
    job.file.save(f"{job.id}.xlsx", ContentFile(data), save=False)
    job.save()
    return job


def progress_key(job_id: Any) -> str:
    return f"sangua:import-progress:{job_id}"


class ProgressReporter:
    """Writes (phase, done, total) to huey's store, at most a few times a second."""

    def __init__(self, job_id: Any) -> None:
        self.key = progress_key(job_id)
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.25 and done < total:
            return
        self.last = now
        low, high = PHASES.get(phase, (0, 100))
        share = min(done / total, 1.0) if total else 1.0
        HUEY.put(self.key, {"phase": phase, "percent": int(low + (high - low) * share)})


@dataclass(frozen=True)
class JobProgress:
    percent: int
    phase: str


def job_progress(job: ImportJob) -> JobProgress:
    if job.finished:
        return JobProgress(100, "done")
    data = HUEY.get(progress_key(job.pk), peek=True)
    if not data:
        return JobProgress(0, "queued" if job.state == ImportState.QUEUED else "read")
    return JobProgress(int(data["percent"]), str(data["phase"]))


def job_run(*, job_id: Any) -> ImportJob:
    """Run a queued job: import its file as its uploader, then record the outcome on the job."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state != ImportState.QUEUED:
        return job
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING, started_at=timezone.now())
    run = import_projects if job.kind == ImportKind.PROJECTS else import_reports
    outcome: dict[str, Any]
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        summary = run(
            data=data, filename=job.filename, by=job.created_by, progress=ProgressReporter(job.pk)
        )
        outcome = {"state": ImportState.DONE, "summary": summary.counts, "rows": summary.rows}
    except ImportRejected as rejected:
        outcome = {
            "state": ImportState.REJECTED,
            "errors": [e.as_dict() for e in rejected.errors],
            "error_count": len(rejected.errors),
        }
    except NotAllowed as exc:
        outcome = {"state": ImportState.FAILED, "message": exc.message}
    except Exception as exc:  # recorded on the job for the office; the traceback goes to the log
        log.exception("import job %s failed", job.pk)
        outcome = {"state": ImportState.FAILED, "message": f"{type(exc).__name__}: {exc}"[:2000]}
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **outcome)
    HUEY.delete(progress_key(job.pk))
    job.refresh_from_db()
    return job


def job_start(job: ImportJob) -> ImportJob:
    """Run a small job now; queue a large one for the worker."""
    if not job.background:
        return job_run(job_id=job.pk)
    from .tasks import run_import_job

    run_import_job(str(job.pk))
    job.refresh_from_db()
    return job
