"""Enumerations of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a message leaves Sangua (the in-app inbox is always written, so it is not a channel)."""

    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")
    ACCOUNT = "account", _("User account")  # a person to tell who has no account: undeliverable


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    UNDELIVERABLE = "undeliverable", _("Undeliverable")


PROBLEM_STATUSES = (DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERABLE)
