"""The unit's side: accept an item, answer with evidence, add attachments."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sangua.core.errors import Conflict, NotAllowed
from sangua.orgs.models import User

from .. import permissions, uploads
from ..choices import (
    Action,
    ItemState,
)
from ..models import (
    Attachment,
    Feedback,
    SupervisionItem,
)
from .common import (
    _latest_feedback,
    _locked,
    _managers,
    _now,
    _record,
    _require_answerer,
    _require_state,
    _tell,
    _text,
)

# --- the unit's side -------------------------------------------------------------------------


@transaction.atomic
def item_accept(
    *, item: SupervisionItem, by: User, comment: str = "", at: dt.datetime | None = None
) -> SupervisionItem:
    """The unit takes the item on (签收): assigned → in progress."""
    at = _now(at)
    item = _locked(item)
    _require_answerer(by, item)
    _require_state(item, ItemState.ASSIGNED, doing=_("accepted"))
    item.state = ItemState.IN_PROGRESS
    item.save(update_fields=["state", "updated_at"])
    _record(
        item,
        Action.ACCEPT,
        by,
        at=at,
        from_state=ItemState.ASSIGNED,
        comment=_text(comment, "comment"),
    )
    return item


def _store_files(
    item: SupervisionItem,
    by: User,
    files: Sequence[UploadedFile],
    *,
    feedback: Feedback | None,
    evidence: bool,
    at: dt.datetime,
) -> list[Attachment]:
    checked = [uploads.check_upload(f) for f in files]
    stored = []
    for upload, meta in zip(files, checked, strict=True):
        attachment = Attachment(
            item=item,
            feedback=feedback,
            token=secrets.token_hex(16),
            extension="." + meta.extension,
            name=meta.name,
            size=meta.size,
            content_type=meta.content_type,
            is_evidence=evidence,
            uploaded_by=by,
            uploaded_at=at,
        )
        attachment.file.save(attachment.token + attachment.extension, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


@transaction.atomic
def item_feedback(
    *,
    item: SupervisionItem,
    by: User,
    text: str,
    files: Sequence[UploadedFile] = (),
    at: dt.datetime | None = None,
) -> Feedback:
    """The unit answers (反馈) with what was done and its evidence: in progress → feedback."""
    at = _now(at)
    item = _locked(item)
    _require_answerer(by, item)
    _require_state(item, ItemState.IN_PROGRESS, doing=_("answered"))
    text = _text(text, "text", required=True)
    for upload in files:
        uploads.check_upload(upload)
    feedback = Feedback.objects.create(item=item, text=text, by=by, at=at)
    stored = _store_files(item, by, files, feedback=feedback, evidence=True, at=at)
    item.state = ItemState.FEEDBACK
    item.save(update_fields=["state", "updated_at"])
    event = _record(
        item,
        Action.FEEDBACK,
        by,
        at=at,
        from_state=ItemState.IN_PROGRESS,
        comment=text,
        data={"feedback": feedback.pk, "attachments": [a.pk for a in stored]},
    )
    _tell(
        item,
        event,
        _("{unit} answered {code}: {title}").format(
            unit=item.unit.name if item.unit else "—", code=item.code, title=item.title
        ),
        text[:500],
        users=_managers(item),
    )
    return feedback


@transaction.atomic
def attachment_add(
    *, item: SupervisionItem, by: User, file: UploadedFile, at: dt.datetime | None = None
) -> Attachment:
    """Attach a file: the unit adds evidence to its latest answer; supervisors add documents."""
    at = _now(at)
    item = _locked(item)
    if permissions.can_answer(by, item):
        # The unit's files are evidence of its latest answer (with the answer itself: feedback).
        _require_state(item, ItemState.FEEDBACK, doing=_("given more evidence"))
        if item.evaluation:
            raise Conflict(
                "already_evaluated",
                _("The answer has been evaluated; evidence can no longer be added to it."),
            )
        latest, evidence = _latest_feedback(item), True
    elif permissions.can_manage(by, item):
        if item.state == ItemState.CLOSED:
            raise Conflict("invalid_state", _("A closed item cannot be changed."))
        latest, evidence = None, False
    else:
        raise NotAllowed(_("You may not attach files to this item."))
    (attachment,) = _store_files(item, by, [file], feedback=latest, evidence=evidence, at=at)
    _record(
        item,
        Action.ATTACH,
        by,
        at=at,
        from_state=item.state,
        comment=attachment.name,
        data={"attachment": attachment.pk, "evidence": evidence},
    )
    return attachment
