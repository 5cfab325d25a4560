"""Notices (通知) in the REST API, mounted at ``/api/v1/notifications/`` by the API app.

Everyone reads their own inbox and marks entries read; the key project office also watches the
deliveries that did not get through (e-mail, webhooks) and sends a failed one again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sangua.api.auth import SIGNED_IN, signed_in
from sangua.api.pagination import page_of
from sangua.api.schemas.common import Id, PageIn, errors_responses
from sangua.core.errors import NotFound

from . import selectors, services
from .choices import Channel, DeliveryStatus
from .models import Delivery, Notification

router = Router(tags=["notifications"], auth=SIGNED_IN)


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str = Field(description="Where the notice points in Sangua (a page path).")
    created_at: dt.datetime
    read_at: dt.datetime | None


class InboxPageOut(Schema):
    count: int
    limit: int
    offset: int
    unread: int = Field(description="Unread notices in the whole inbox.")
    items: list[NotificationOut]


class InboxQuery(Schema):
    unread: bool = Field(False, description="Only unread notices.")


class ReadAllOut(Schema):
    marked: int = Field(description="How many notices were unread and are now read.")


class DeliveryOut(Schema):
    id: int
    title: str
    channel: Channel
    target: str
    status: DeliveryStatus
    attempts: int
    max_attempts: int
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


class DeliveryPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[DeliveryOut]


class DeliveryQuery(Schema):
    status: str | None = Field(
        None,
        pattern="^(pending|failed|undeliverable|stuck)$",
        description="failed, undeliverable, stuck or pending; default: every problem.",
    )


def notification_out(entry: Notification) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.message.kind,
        "title": entry.message.title,
        "body": entry.message.body,
        "url": entry.message.url,
        "created_at": entry.created_at,
        "read_at": entry.read_at,
    }


def delivery_out(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "title": delivery.message.title,
        "channel": delivery.channel,
        "target": delivery.target,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "max_attempts": delivery.max_attempts,
        "last_error": delivery.last_error,
        "created_at": delivery.created_at,
        "sent_at": delivery.sent_at,
    }


@router.get(
    "",
    response={200: InboxPageOut, **errors_responses(401, 422)},
    summary="Your inbox (站内信), newest first",
)
def list_notifications(
    request: HttpRequest, query: Query[InboxQuery], page: Query[PageIn]
) -> dict[str, Any]:
    user = signed_in(request)
    entries = selectors.inbox(user, unread_only=query.unread).order_by("-created_at", "-pk")
    return {
        **page_of(entries, page, notification_out),
        "unread": selectors.unread_count(user),
    }


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **errors_responses(401, 404, 422)},
    summary="Mark one notice read",
)
def read_notification(request: HttpRequest, notification_id: Id) -> dict[str, Any]:
    user = signed_in(request)
    try:
        entry = selectors.notification_for(user, notification_id)
    except NotFound:
        raise NotFound(_("No notice {id} in your inbox.").format(id=notification_id)) from None
    return notification_out(services.notification_read(notification=entry, by=user))


@router.post(
    "/read-all",
    response={200: ReadAllOut, **errors_responses(401)},
    summary="Mark every notice in your inbox read",
)
def read_all_notifications(request: HttpRequest) -> dict[str, Any]:
    return {"marked": services.notifications_read_all(user=signed_in(request))}


@router.get(
    "/deliveries",
    response={200: DeliveryPageOut, **errors_responses(401, 403, 422)},
    summary="Deliveries that did not get through (the office): failed, undeliverable, stuck",
)
def list_deliveries(
    request: HttpRequest, query: Query[DeliveryQuery], page: Query[PageIn]
) -> dict[str, Any]:
    user = signed_in(request)
    if not services.can_watch_deliveries(user):
        raise PermissionDenied(_("Only the key project office watches deliveries."))
    rows = selectors.problem_deliveries(user, query.status).order_by("-created_at", "-pk")
    return page_of(rows, page, delivery_out)


@router.post(
    "/deliveries/{delivery_id}/retry",
    response={200: DeliveryOut, **errors_responses(401, 403, 404, 409, 422)},
    summary="Send a failed delivery again (the office)",
)
def retry_delivery(request: HttpRequest, delivery_id: Id) -> dict[str, Any]:
    user = signed_in(request)
    if not services.can_watch_deliveries(user):
        raise PermissionDenied(_("Only the key project office may resend notices."))
    delivery = selectors.visible_deliveries(user).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound(_("No delivery {id} is visible to you.").format(id=delivery_id))
    return delivery_out(services.delivery_retry(delivery=delivery, by=user))
