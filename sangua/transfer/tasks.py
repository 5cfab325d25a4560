"""Large imports run in the huey worker, so the page can show a progress bar meanwhile."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import jobs


@db_task()
def run_import_job(job_id: str) -> None:
    """Import a queued job's file (one at a time per job: a finished job is left alone)."""
    jobs.job_run(job_id=job_id)
