"""Shared pieces of the supervision services: limits, text checks, locking, the step record and notices."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import record
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.core.text import clean_text
from sangua.notify.services import notify
from sangua.orgs.choices import RegionLevel, Role
from sangua.orgs.models import Person, Region, Unit, User
from sangua.orgs.scopes import UNIT_ROLES
from sangua.projects.models import Project

from .. import permissions
from ..choices import (
    Action,
)
from ..models import (
    Feedback,
    ItemEvent,
    SupervisionItem,
)

TITLE_LIMIT = 200
TEXT_LIMIT = 4000
MAX_DEADLINE_DAYS = 250  # about a working year; longer is not a deadline but a plan

_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("supervision_quiet", default=False)


@contextlib.contextmanager
def notices_suppressed() -> Iterator[None]:
    """Write items without telling anyone (the demo builds 2013's history this way)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


# --- helpers ---------------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _text(value: str | None, field: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str:
    text = clean_text(value, field, limit)
    if required and not text:
        raise ValidationFailed(
            "required", _("Please fill in {field}.").format(field=field), field=field
        )
    return text


def _choice(value: str, choices: type[Any], field: str) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            "invalid_choice",
            _("{value} is not a valid {field}.").format(value=value, field=field),
            field=field,
        )
    return value


def _record(
    item: SupervisionItem,
    action: Action,
    by: User | None,
    *,
    at: dt.datetime,
    from_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> ItemEvent:
    """Keep the step in the item's history and in the audit trail (the state it left, and the
    state it reached with what the step carried: comment, unit, deadline, placard, files)."""
    record(
        actor=by,
        action=action.value,
        obj=item,
        before={"state": from_state} if from_state else None,
        after={
            "state": item.state,
            **({"comment": comment} if comment else {}),
            **(data or {}),
        },
    )
    return ItemEvent.objects.create(
        item=item,
        action=action,
        from_state=from_state,
        to_state=item.state,
        actor=by,
        at=at,
        comment=comment,
        data=data or {},
    )


def _locked(item: SupervisionItem) -> SupervisionItem:
    return (
        SupervisionItem.objects.select_for_update(of=("self",))
        .select_related("region", "project", "project__leader", "unit", "unit__head", "owner")
        .get(pk=item.pk)
    )


def _require_state(item: SupervisionItem, *states: str, doing: str) -> None:
    if item.state not in states:
        raise Conflict(
            "invalid_state",
            _("A {state} item cannot be {doing}.").format(
                state=item.get_state_display(), doing=doing
            ),
        )


def _require_manager(by: User, item: SupervisionItem) -> None:
    if not permissions.can_manage(by, item):
        raise NotAllowed(
            _(
                "Only the supervision group or the key project office of {region} may do this."
            ).format(region=item.region.name)
        )


def _require_answerer(by: User, item: SupervisionItem) -> None:
    if not permissions.can_answer(by, item):
        unit = item.unit.name if item.unit else "—"
        raise NotAllowed(_("Only {unit} may answer this item.").format(unit=unit))


def unit_users(unit: Unit | None) -> list[User]:
    """The accounts of a unit (its head and reporters) that answer its items."""
    if unit is None:
        return []
    return list(User.objects.filter(unit=unit, role__in=UNIT_ROLES, is_active=True).order_by("pk"))


def _managers(item: SupervisionItem) -> list[User]:
    users = list(
        User.objects.filter(
            region_id=item.region_id, role=Role.SUPERVISOR, is_active=True
        ).order_by("pk")
    )
    if item.created_by_id and item.created_by_id not in {u.pk for u in users}:
        creator = User.objects.filter(pk=item.created_by_id, is_active=True).first()
        if creator is not None:
            users.append(creator)
    return users


def item_url(item: SupervisionItem) -> str:
    return reverse("supervision:detail", args=[item.pk])


def _tell(
    item: SupervisionItem,
    event: ItemEvent,
    title: str,
    body: str = "",
    *,
    users: Iterable[User] = (),
    persons: Iterable[Person | None] = (),
) -> None:
    if _quiet.get():
        return
    notify(
        key=f"supervision:{item.pk}:event:{event.pk}",
        kind=f"supervision.{event.action}",
        title=title,
        body=body,
        url=item_url(item),
        region=item.region,
        users=users,
        persons=[p for p in persons if p is not None],
    )


def _next_code(region: Region, year: int) -> str:
    prefix = f"DB{region.code}-{year}-"
    last = (
        SupervisionItem.objects.filter(code__startswith=prefix)
        .aggregate(last=Max("code"))
        .get("last")
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _resolve_region(
    by: User, region: Region | None, project: Project | None, unit: Unit | None
) -> Region:
    candidates = {
        r.pk: r
        for r in (project.region if project else None, unit.region if unit else None, region)
        if r is not None
    }
    if len(candidates) > 1:
        raise ValidationFailed(
            "region_mismatch",
            _("The project, the unit and the district must belong to the same district."),
            field="unit",
        )
    if candidates:
        chosen = next(iter(candidates.values()))
    elif by.region is not None and by.region.level == RegionLevel.DISTRICT:
        chosen = by.region
    else:
        raise ValidationFailed(
            "region_required",
            _("Choose a project or a responsible unit so that the district is known."),
            field="project",
        )
    if chosen.level != RegionLevel.DISTRICT:
        raise ValidationFailed(
            "region_not_district", _("Items belong to a district."), field="region"
        )
    return chosen


def _latest_feedback(item: SupervisionItem) -> Feedback | None:
    return item.feedback.order_by("-at", "-pk").first()
