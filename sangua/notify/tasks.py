"""Background delivery of notices with huey: one task per delivery, retried with a growing delay.

The attempt count lives in the database (``Delivery.attempts``), so the status the office sees
never depends on huey's own bookkeeping; huey only supplies the waiting between attempts.
"""

from __future__ import annotations

from django.conf import settings
from huey.contrib.djhuey import HUEY, db_task

from . import services


class DeliveryRetry(Exception):
    """Raised to have huey run the delivery again after its retry delay."""


def retry_seconds() -> int:
    """Seconds before the first retry (SANGUA_NOTIFY_RETRY_SECONDS, default 60); doubled each time."""
    return max(int(getattr(settings, "SANGUA_NOTIFY_RETRY_SECONDS", 60)), 0)


@db_task(retries=2, retry_delay=60, retry_backoff=2)
def deliver(delivery_id: int) -> None:
    """Attempt one delivery; raise so that huey retries while attempts remain."""
    if services.delivery_attempt(delivery_id=delivery_id):
        raise DeliveryRetry(f"delivery {delivery_id} will be tried again")


def enqueue_delivery(delivery_id: int) -> None:
    """Queue a delivery with as many huey retries as it has attempts left."""
    from .models import Delivery

    delivery = Delivery.objects.filter(pk=delivery_id).only("attempts", "max_attempts").first()
    if delivery is None:
        return
    retries = max(delivery.max_attempts - delivery.attempts - 1, 0)
    HUEY.enqueue(deliver.s(delivery_id, retries=retries, retry_delay=retry_seconds()))
