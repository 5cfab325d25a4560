"""Writes for notices: send one (idempotently, by key), attempt a delivery, retry, mark read."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import record
from sangua.core.errors import Conflict, NotAllowed
from sangua.orgs.models import Person, Region, User
from sangua.orgs.scopes import is_office, scope_district_ids

from . import channels
from .choices import Channel, DeliveryStatus
from .models import Delivery, DeliveryAttempt, Message, Notification

logger = logging.getLogger(__name__)


def max_attempts() -> int:
    """Attempts per delivery before it is marked failed (SANGUA_NOTIFY_ATTEMPTS, default 3)."""
    return max(int(getattr(settings, "SANGUA_NOTIFY_ATTEMPTS", 3)), 1)


def _enqueue_on_commit(ids: list[int]) -> None:
    if not ids:
        return

    def enqueue() -> None:
        from .tasks import enqueue_delivery

        for pk in ids:
            enqueue_delivery(pk)

    transaction.on_commit(enqueue)


def notify(
    *,
    key: str,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    region: Region | None = None,
    users: Iterable[User] = (),
    persons: Iterable[Person] = (),
) -> tuple[Message, bool]:
    """Send a notice (发送通知) once per key: inboxes, e-mail, webhook; (message, created).

    ``users`` are told directly; ``persons`` through their user accounts. A person without an
    account is recorded as an undeliverable delivery, so the office sees who could not be told.
    """
    existing = Message.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = Message.objects.create(
                key=key, kind=kind, title=title[:200], body=body, url=url[:300], region=region
            )
            ids = _fan_out(message, users, persons)
    except IntegrityError:
        # Someone else sent the same key a moment ago: theirs counts, ours is not sent.
        found = Message.objects.filter(key=key).first()
        if found is None:
            raise
        return found, False
    _enqueue_on_commit(ids)
    return message, True


def _fan_out(message: Message, users: Iterable[User], persons: Iterable[Person]) -> list[int]:
    recipients: dict[int, User] = {user.pk: user for user in users if user.is_active}
    people = {person.pk: person for person in persons if person is not None}
    accounts: dict[int, list[User]] = {}
    for account in User.objects.filter(person_id__in=list(people), is_active=True).order_by("pk"):
        assert account.person_id is not None
        accounts.setdefault(account.person_id, []).append(account)
    deliveries: list[Delivery] = []
    for person_id, person in people.items():
        if person_id not in accounts:
            deliveries.append(
                Delivery(
                    message=message,
                    channel=Channel.ACCOUNT,
                    person=person,
                    target=str(person)[:300],
                    status=DeliveryStatus.UNDELIVERABLE,
                    attempts=0,
                    last_error=_("{person} has no user account in Sangua.").format(person=person),
                )
            )
        for account in accounts.get(person_id, []):
            recipients.setdefault(account.pk, account)
    Notification.objects.bulk_create(
        Notification(message=message, recipient=user, created_at=message.created_at)
        for user in recipients.values()
    )
    allowed = max_attempts()
    for user in recipients.values():
        if user.email:
            deliveries.append(
                Delivery(
                    message=message,
                    channel=Channel.EMAIL,
                    recipient=user,
                    person_id=user.person_id,
                    target=user.email[:300],
                    max_attempts=allowed,
                )
            )
    webhook = getattr(settings, "SANGUA_WEBHOOK_URL", "")
    if webhook:
        deliveries.append(
            Delivery(
                message=message,
                channel=Channel.WEBHOOK,
                target=channels.webhook_label(webhook),
                max_attempts=allowed,
            )
        )
    created = Delivery.objects.bulk_create(deliveries)
    return [d.pk for d in created if d.status == DeliveryStatus.PENDING]


def delivery_attempt(*, delivery_id: int) -> bool:
    """Try to send a pending delivery once and record the attempt; True when another should follow."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("message")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return False
        if delivery.attempts >= delivery.max_attempts:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status"])
            return False
    message = delivery.message
    error, status_code = "", None
    try:
        # The network call stays outside any transaction: a slow robot must not hold a lock.
        if delivery.channel == Channel.EMAIL:
            channels.send_email(delivery.target, message.title, message.body, message.url)
        elif delivery.channel == Channel.WEBHOOK:
            status_code = channels.send_webhook(message.title, message.body, message.url)
        else:
            raise channels.SendFailed(f"channel {delivery.channel} cannot be sent")
    except channels.SendFailed as failure:
        error, status_code = failure.error, failure.status_code
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            ok=not error,
            status_code=status_code,
            error=error[:2000],
        )
        if not error:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        else:
            delivery.last_error = error[:2000]
            if delivery.attempts >= delivery.max_attempts:
                delivery.status = DeliveryStatus.FAILED
                logger.warning(
                    "delivery %s (%s to %s) failed after %s attempts: %s",
                    delivery.pk,
                    delivery.channel,
                    delivery.target,
                    delivery.attempts,
                    error,
                )
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return delivery.status == DeliveryStatus.PENDING


def can_watch_deliveries(user: User) -> bool:
    """The key project office (and administrators) watch deliveries."""
    return is_office(user)


def delivery_retry(*, delivery: Delivery, by: User) -> Delivery:
    """Send a failed delivery again (重发), with a fresh allowance of attempts."""
    if not can_watch_deliveries(by):
        raise NotAllowed(_("Only the key project office may resend notices."))
    scope = scope_district_ids(by)
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("message")
            .get(pk=delivery.pk)
        )
        region_id = delivery.message.region_id
        if scope is not None and region_id is not None and region_id not in scope:
            raise NotAllowed(_("This notice belongs to another region."))
        if delivery.status != DeliveryStatus.FAILED:
            raise Conflict(
                "not_failed",
                _("Only failed deliveries can be sent again; this one is {status}.").format(
                    status=delivery.get_status_display()
                ),
            )
        before = {"status": delivery.status, "max_attempts": delivery.max_attempts}
        delivery.status = DeliveryStatus.PENDING
        delivery.max_attempts = delivery.attempts + max_attempts()
        delivery.save(update_fields=["status", "max_attempts"])
        record(
            actor=by,
            action="resend",
            obj=delivery,
            before=before,
            after={"status": delivery.status, "max_attempts": delivery.max_attempts},
        )
        _enqueue_on_commit([delivery.pk])
    return delivery


def notification_read(*, notification: Notification, by: User) -> Notification:
    """Mark one inbox entry read (已读)."""
    if notification.recipient_id != by.pk:
        raise NotAllowed(_("This notice is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    """Mark every unread inbox entry of a user read; how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
