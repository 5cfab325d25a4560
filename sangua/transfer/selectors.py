"""Reads for imports: whose jobs a user may see. Pages and the API both ask here."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from sangua.orgs.models import User

from .models import ImportJob


def jobs_of(user: User) -> QuerySet[ImportJob]:
    """The user's own import jobs, newest first."""
    return ImportJob.objects.filter(created_by=user).order_by("-created_at", "-pk")


def visible_job(user: User, job_id: uuid.UUID) -> ImportJob | None:
    """One of the user's own jobs (an administrator sees every job), or None."""
    job = ImportJob.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None or not (user.is_superuser or job.created_by_id == user.pk):
        return None
    return job
