"""Enumerations of the transfer app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Projects and annual plans")
    REPORTS = "reports", _("Monthly reports")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


FINISHED = (ImportState.DONE, ImportState.REJECTED, ImportState.FAILED)
