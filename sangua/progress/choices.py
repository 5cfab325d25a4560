"""Enumerations of the progress app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")


AWAITING_REVIEW = (ReportState.SUBMITTED, ReportState.RESUBMITTED)
EDITABLE_BY_UNIT = (ReportState.DRAFT, ReportState.RETURNED)


class ReportAction(models.TextChoices):
    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Submitted")
    RESUBMIT = "resubmit", _("Resubmitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    AMEND = "amend", _("Amended after approval")
