"""Reads for notices: a user's inbox and unread count; the deliveries the office watches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sangua.core.errors import NotFound
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office, scope_district_ids

from .choices import PROBLEM_STATUSES, DeliveryStatus
from .models import Delivery, Notification

# A pending delivery not sent after this long is shown as stuck (the worker may be down).
STUCK_AFTER = dt.timedelta(hours=1)


def inbox(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """A user's inbox (站内信), newest first."""
    entries = Notification.objects.filter(recipient=user).select_related("message")
    if unread_only:
        entries = entries.filter(read_at__isnull=True)
    return entries


def unread_count(user: User | AnonymousUser) -> int:
    """How many inbox entries a user has not read (0 when signed out)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_for(user: User, pk: int) -> Notification:
    entry = Notification.objects.select_related("message").filter(pk=pk, recipient=user).first()
    if entry is None:
        raise NotFound(f"notification {pk}")
    return entry


def visible_deliveries(user: User) -> QuerySet[Delivery]:
    """Deliveries of the office's regions (notices without a region are everyone's)."""
    if not is_office(user):
        return Delivery.objects.none()
    deliveries = Delivery.objects.select_related("message", "recipient", "person")
    scope = scope_district_ids(user)
    if scope is not None:
        deliveries = deliveries.filter(
            Q(message__region_id__in=scope) | Q(message__region__isnull=True)
        )
    return deliveries


@dataclass(frozen=True)
class DeliveryCounts:
    pending: int
    stuck: int
    sent: int
    failed: int
    undeliverable: int

    @property
    def problems(self) -> int:
        return self.failed + self.undeliverable + self.stuck


def delivery_counts(user: User) -> DeliveryCounts:
    """How the office's deliveries stand, by status (one query)."""
    stuck_before = timezone.now() - STUCK_AFTER
    row = visible_deliveries(user).aggregate(
        pending=Count("pk", filter=Q(status=DeliveryStatus.PENDING)),
        stuck=Count("pk", filter=Q(status=DeliveryStatus.PENDING, created_at__lt=stuck_before)),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        undeliverable=Count("pk", filter=Q(status=DeliveryStatus.UNDELIVERABLE)),
    )
    return DeliveryCounts(**row)


def problem_deliveries(user: User, status: str | None = None) -> QuerySet[Delivery]:
    """Deliveries that did not reach anyone: failed, undeliverable, or pending for too long."""
    deliveries = visible_deliveries(user).prefetch_related("tries")
    stuck = Q(status=DeliveryStatus.PENDING, created_at__lt=timezone.now() - STUCK_AFTER)
    if status == "stuck":
        return deliveries.filter(stuck)
    if status in PROBLEM_STATUSES:
        return deliveries.filter(status=status)
    if status == DeliveryStatus.PENDING:
        return deliveries.filter(status=DeliveryStatus.PENDING)
    return deliveries.filter(Q(status__in=PROBLEM_STATUSES) | stuck)
