"""The supervisor's side: evaluate, close (销号) with evidence and an evaluation, return (退办)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sangua.core.errors import Conflict
from sangua.orgs.models import User

from ..choices import (
    Action,
    Evaluation,
    ItemState,
)
from ..models import (
    AccountabilityEntry,
    ItemEvent,
    SupervisionItem,
)
from .common import (
    _choice,
    _latest_feedback,
    _local_date,
    _locked,
    _now,
    _record,
    _require_manager,
    _require_state,
    _tell,
    _text,
    unit_users,
)

# --- the supervisor's side -------------------------------------------------------------------


def _evaluate(
    item: SupervisionItem, by: User, evaluation: str, comment: str, at: dt.datetime
) -> ItemEvent:
    _choice(evaluation, Evaluation, "evaluation")
    if item.evaluation:
        raise Conflict(
            "already_evaluated",
            _(
                "This answer was already evaluated as {evaluation}; close or return the item."
            ).format(evaluation=item.get_evaluation_display()),
        )
    item.evaluation = evaluation
    item.save(update_fields=["evaluation", "updated_at"])
    event = _record(
        item,
        Action.EVALUATE,
        by,
        at=at,
        from_state=item.state,
        comment=comment,
        data={"evaluation": evaluation},
    )
    if evaluation == Evaluation.UNSATISFACTORY:
        assert item.unit is not None
        AccountabilityEntry.objects.create(
            item=item,
            unit=item.unit,
            region=item.region,
            evaluation=evaluation,
            event=event,
            comment=comment,
            evaluated_on=_local_date(at),
            created_at=at,
        )
    return event


@transaction.atomic
def item_evaluate(
    *,
    item: SupervisionItem,
    by: User,
    evaluation: str,
    comment: str = "",
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """Evaluate the unit's answer (评判): satisfactory, basically, unsatisfactory (→ accountability)."""
    at = _now(at)
    item = _locked(item)
    _require_manager(by, item)
    _require_state(item, ItemState.FEEDBACK, doing=_("evaluated"))
    _evaluate(item, by, evaluation, _text(comment, "comment"), at)
    return item


@transaction.atomic
def item_close(
    *,
    item: SupervisionItem,
    by: User,
    comment: str = "",
    evaluation: str | None = None,
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """Close the item (销号): only with evidence in the latest answer and an evaluation."""
    at = _now(at)
    item = _locked(item)
    _require_manager(by, item)
    _require_state(item, ItemState.FEEDBACK, doing=_("closed"))
    comment = _text(comment, "comment")
    latest = _latest_feedback(item)
    if latest is None or not latest.attachments.filter(is_evidence=True).exists():
        raise Conflict(
            "evidence_required",
            _("The unit's answer has no evidence attached; an item closes only with evidence."),
        )
    if evaluation:
        _evaluate(item, by, evaluation, comment, at)
    if not item.evaluation:
        raise Conflict(
            "evaluation_required",
            _("Evaluate the answer before closing the item."),
            field="evaluation",
        )
    assert item.deadline is not None
    item.state = ItemState.CLOSED
    item.closed_at = at
    item.closed_on_time = _local_date(at) <= item.deadline
    item.save()
    event = _record(
        item,
        Action.CLOSE,
        by,
        at=at,
        from_state=ItemState.FEEDBACK,
        comment=comment,
        data={"evaluation": item.evaluation, "on_time": item.closed_on_time},
    )
    _tell(
        item,
        event,
        _("{code} closed: {title}").format(code=item.code, title=item.title),
        _("Evaluation: {evaluation}.").format(evaluation=item.get_evaluation_display()),
        users=unit_users(item.unit),
    )
    return item


@transaction.atomic
def item_return(
    *,
    item: SupervisionItem,
    by: User,
    comment: str,
    evaluation: str | None = None,
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """Return the answer to the unit (退办): feedback → in progress; the reason is required."""
    at = _now(at)
    item = _locked(item)
    _require_manager(by, item)
    _require_state(item, ItemState.FEEDBACK, doing=pgettext("supervision item", "returned"))
    comment = _text(comment, "comment", required=True)
    if evaluation:
        _evaluate(item, by, evaluation, comment, at)
    previous = item.evaluation
    item.state = ItemState.IN_PROGRESS
    item.evaluation = ""  # the next answer is evaluated afresh
    item.save(update_fields=["state", "evaluation", "updated_at"])
    event = _record(
        item,
        Action.RETURN,
        by,
        at=at,
        from_state=ItemState.FEEDBACK,
        comment=comment,
        data={"evaluation": previous},
    )
    _tell(
        item,
        event,
        _("{code} returned to {unit}: {title}").format(
            code=item.code, unit=item.unit.name if item.unit else "—", title=item.title
        ),
        comment,
        users=unit_users(item.unit),
    )
    return item
