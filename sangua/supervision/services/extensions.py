"""Deadline extensions asked before the deadline, and placards (used by extensions and the daily job)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sangua.core.errors import Conflict, ValidationFailed
from sangua.orgs.models import User

from ..choices import (
    Action,
    ExtensionState,
    ItemState,
    Placard,
)
from ..models import (
    ExtensionRequest,
    ItemEvent,
    SupervisionItem,
)
from .common import (
    _local_date,
    _locked,
    _managers,
    _now,
    _record,
    _require_answerer,
    _require_manager,
    _require_state,
    _tell,
    _text,
    unit_users,
)

# --- extensions ------------------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    item: SupervisionItem,
    by: User,
    deadline: dt.date,
    reason: str,
    at: dt.datetime | None = None,
) -> ExtensionRequest:
    """The unit asks for more time (申请延期), before the deadline has passed."""
    at = _now(at)
    item = _locked(item)
    _require_answerer(by, item)
    _require_state(item, ItemState.ASSIGNED, ItemState.IN_PROGRESS, doing=_("extended"))
    reason = _text(reason, "reason", required=True)
    assert item.deadline is not None
    if _local_date(at) > item.deadline:
        raise Conflict(
            "deadline_passed",
            _(
                "The deadline {deadline} has passed; an extension must be asked for before it."
            ).format(deadline=item.deadline.isoformat()),
        )
    if deadline <= item.deadline:
        raise ValidationFailed(
            "extension_not_later",
            _("The new deadline must be after {deadline}.").format(
                deadline=item.deadline.isoformat()
            ),
            field="deadline",
        )
    if item.extensions.filter(state=ExtensionState.PENDING).exists():
        raise Conflict(
            "extension_pending", _("An extension request is already waiting for a decision.")
        )
    request = ExtensionRequest.objects.create(
        item=item,
        current_deadline=item.deadline,
        requested_deadline=deadline,
        reason=reason,
        requested_by=by,
        requested_at=at,
    )
    event = _record(
        item,
        Action.EXTENSION_REQUEST,
        by,
        at=at,
        from_state=item.state,
        comment=reason,
        data={"request": request.pk, "from": item.deadline.isoformat(), "to": deadline.isoformat()},
    )
    _tell(
        item,
        event,
        _("{unit} asks to extend {code} to {deadline}").format(
            unit=item.unit.name if item.unit else "—", code=item.code, deadline=deadline.isoformat()
        ),
        reason,
        users=_managers(item),
    )
    return request


@transaction.atomic
def extension_decide(
    *,
    extension: ExtensionRequest,
    by: User,
    approve: bool,
    comment: str = "",
    at: dt.datetime | None = None,
) -> ExtensionRequest:
    """Approve (the deadline moves, the placard is taken down) or refuse an extension request."""
    at = _now(at)
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    item = _locked(extension.item)
    _require_manager(by, item)
    if extension.state != ExtensionState.PENDING:
        raise Conflict("extension_decided", _("This request has already been decided."))
    comment = _text(comment, "comment", required=not approve)
    if approve and item.state == ItemState.CLOSED:
        raise Conflict("invalid_state", _("The item is closed; its deadline no longer moves."))
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_comment = by, at, comment
    extension.save()
    data: dict[str, Any] = {"request": extension.pk}
    if approve:
        data.update(
            {
                "from": item.deadline.isoformat() if item.deadline else None,
                "to": extension.requested_deadline.isoformat(),
            }
        )
        item.deadline = extension.requested_deadline
        item.save(update_fields=["deadline", "updated_at"])
    event = _record(
        item,
        Action.EXTENSION_APPROVE if approve else Action.EXTENSION_REFUSE,
        by,
        at=at,
        from_state=item.state,
        comment=comment,
        data=data,
    )
    if approve and item.placard != Placard.NONE:
        placard_set(item=item, placard=Placard.NONE, at=at, by=by, cause="extension")
    title = (
        _("Extension of {code} approved: new deadline {deadline}")
        if approve
        else _("Extension of {code} refused; the deadline stays {deadline}")
    ).format(code=item.code, deadline=item.deadline.isoformat() if item.deadline else "—")
    _tell(item, event, title, comment, users=unit_users(item.unit))
    return extension


# --- placards (used by the daily job and by extensions) --------------------------------------


def placard_set(
    *,
    item: SupervisionItem,
    placard: str,
    at: dt.datetime,
    by: User | None = None,
    cause: str = "overdue",
    overdue_days: int | None = None,
) -> ItemEvent:
    """Hang or take down a placard (挂牌) and record why; the caller holds the item's lock.

    ``cause`` is ``overdue`` (the daily job, with ``overdue_days``) or ``extension`` (an approved
    extension takes the placard down); pages word it in the reader's language.
    """
    previous = item.placard
    item.placard = placard
    item.placard_since = _local_date(at) if placard != Placard.NONE else None
    item.save(update_fields=["placard", "placard_since", "updated_at"])
    return _record(
        item,
        Action.PLACARD,
        by,
        at=at,
        from_state=item.state,
        data={"from": previous, "to": placard, "cause": cause, "overdue_days": overdue_days},
    )
