"""Opening an item: register, assign with a deadline, open and assign at once, a leader's instruction (批示)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sangua.core.errors import NotAllowed, ValidationFailed
from sangua.orgs.models import Person, Region, Unit, User
from sangua.projects.models import Project

from .. import permissions, workdays
from ..choices import (
    Action,
    Category,
    ItemState,
    Source,
)
from ..models import (
    SupervisionItem,
)
from .common import (
    MAX_DEADLINE_DAYS,
    TITLE_LIMIT,
    _choice,
    _local_date,
    _locked,
    _managers,
    _next_code,
    _now,
    _record,
    _require_manager,
    _require_state,
    _resolve_region,
    _tell,
    _text,
    unit_users,
)

# --- registering and assigning ---------------------------------------------------------------


@transaction.atomic
def item_register(
    *,
    by: User,
    title: str,
    category: str,
    source: str,
    description: str = "",
    project: Project | None = None,
    region: Region | None = None,
    unit: Unit | None = None,
    instructed_by: Person | None = None,
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """Register a problem for supervision (登记督办事项); it is assigned later (or at once by item_open)."""
    at = _now(at)
    title = _text(title, "title", required=True, limit=TITLE_LIMIT)
    description = _text(description, "description")
    _choice(category, Category, "category")
    _choice(source, Source, "source")
    chosen = _resolve_region(by, region, project, unit)
    if not permissions.can_manage_region(by, chosen) and not (
        source == Source.INSTRUCTION
        and project is not None
        and permissions.can_instruct(by, project)
    ):
        raise NotAllowed(
            _(
                "Only the supervision group or the key project office of {region} may open items."
            ).format(region=chosen.name)
        )
    if source == Source.INSTRUCTION and instructed_by is None:
        raise ValidationFailed(
            "instructed_by_required",
            _("Name the leader whose instruction this is."),
            field="instructed_by",
        )
    if instructed_by is not None and instructed_by.region_id not in (chosen.pk, chosen.parent_id):
        raise ValidationFailed(
            "leader_elsewhere",
            _("The instructing leader is from another region."),
            field="instructed_by",
        )
    for attempt in range(5):
        try:
            with transaction.atomic():
                item = SupervisionItem.objects.create(
                    code=_next_code(chosen, _local_date(at).year),
                    region=chosen,
                    project=project,
                    title=title,
                    description=description,
                    category=category,
                    source=source,
                    instructed_by=instructed_by,
                    unit=unit,
                    owner=None,
                    state=ItemState.REGISTERED,
                    created_at=at,
                    created_by=by,
                )
            break
        except IntegrityError:
            if attempt == 4:
                raise
    _record(item, Action.REGISTER, by, at=at, comment=description[:500])
    return item


def _deadline_from(
    *, assigned_on: dt.date, deadline_days: int | None, deadline: dt.date | None
) -> tuple[int | None, dt.date]:
    if (deadline_days is None) == (deadline is None):
        raise ValidationFailed(
            "deadline_required",
            _("Give the deadline either as working days or as a date."),
            field="deadline_days",
        )
    if deadline_days is not None:
        if not 1 <= deadline_days <= MAX_DEADLINE_DAYS:
            raise ValidationFailed(
                "deadline_days_range",
                _("Working days must be between 1 and {limit}.").format(limit=MAX_DEADLINE_DAYS),
                field="deadline_days",
            )
        return deadline_days, workdays.deadline_after(assigned_on, deadline_days)
    assert deadline is not None
    if deadline < assigned_on:
        raise ValidationFailed(
            "deadline_past",
            _("The deadline cannot be before the day of assignment."),
            field="deadline",
        )
    return None, deadline


@transaction.atomic
def item_assign(
    *,
    item: SupervisionItem,
    by: User,
    unit: Unit,
    owner: Person | None = None,
    co_units: Sequence[Unit] = (),
    deadline_days: int | None = None,
    deadline: dt.date | None = None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """Assign a registered item to a unit with a deadline (交办, 限时督办): working days or a date."""
    at = _now(at)
    item = _locked(item)
    _require_manager(by, item)
    _require_state(item, ItemState.REGISTERED, doing=_("assigned"))
    if unit.region_id != item.region_id:
        raise ValidationFailed(
            "unit_elsewhere",
            _("The unit is not in {region}.").format(region=item.region.name),
            field="unit",
        )
    co = [u for u in co_units if u.pk != unit.pk]
    if any(u.region_id != item.region_id for u in co):
        raise ValidationFailed(
            "unit_elsewhere", _("Co-units must be in the same district."), field="co_units"
        )
    owner = owner or unit.head
    if owner is not None and owner.region_id != item.region_id:
        raise ValidationFailed(
            "owner_elsewhere", _("The responsible person is from another region."), field="owner"
        )
    days, due = _deadline_from(
        assigned_on=_local_date(at), deadline_days=deadline_days, deadline=deadline
    )
    comment = _text(comment, "comment")
    item.unit, item.owner = unit, owner
    item.deadline_days, item.deadline, item.original_deadline = days, due, due
    item.assigned_at = at
    item.state = ItemState.ASSIGNED
    item.save()
    item.co_units.set(co)
    event = _record(
        item,
        Action.ASSIGN,
        by,
        at=at,
        from_state=ItemState.REGISTERED,
        comment=comment,
        data={
            "unit": unit.code,
            "owner": owner.pk if owner else None,
            "co_units": [u.code for u in co],
            "deadline": due.isoformat(),
            "deadline_days": days,
        },
    )
    title = _("New supervision item {code}: {title}").format(code=item.code, title=item.title)
    body = _("Assigned to {unit}; deadline {deadline}.").format(
        unit=unit.name, deadline=due.isoformat()
    )
    _tell(
        item,
        event,
        title,
        body,
        users=unit_users(unit) + [u for c in co for u in unit_users(c)],
        persons=[owner],
    )
    return item


def item_open(
    *,
    by: User,
    title: str,
    category: str,
    source: str,
    unit: Unit,
    description: str = "",
    project: Project | None = None,
    owner: Person | None = None,
    co_units: Sequence[Unit] = (),
    instructed_by: Person | None = None,
    deadline_days: int | None = None,
    deadline: dt.date | None = None,
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """Register and assign in one step (both steps are recorded)."""
    with transaction.atomic():
        item = item_register(
            by=by,
            title=title,
            category=category,
            source=source,
            description=description,
            project=project,
            unit=unit,
            instructed_by=instructed_by,
            at=at,
        )
        return item_assign(
            item=item,
            by=by,
            unit=unit,
            owner=owner,
            co_units=co_units,
            deadline_days=deadline_days,
            deadline=deadline,
            at=at,
        )


@transaction.atomic
def item_instruct(
    *,
    project: Project,
    by: User,
    text: str,
    category: str = Category.OTHER,
    deadline_days: int | None = None,
    deadline: dt.date | None = None,
    at: dt.datetime | None = None,
) -> SupervisionItem:
    """A leader's instruction (领导批示) on a project becomes an item assigned to the project's unit."""
    if not permissions.can_instruct(by, project):
        raise NotAllowed(
            _("Only a leader of {region} may give instructions on this project.").format(
                region=project.region.name
            )
        )
    if by.person_id is None:
        raise ValidationFailed(
            "leader_without_post",
            _("Your account is not linked to a leader's post; ask the office to link it."),
        )
    text = _text(text, "text", required=True)
    title = text.splitlines()[0][:TITLE_LIMIT]
    at = _now(at)
    item = item_register(
        by=by,
        title=title,
        description=text,
        category=category,
        source=Source.INSTRUCTION,
        project=project,
        unit=project.unit,
        instructed_by=by.person,
        at=at,
    )
    # The leader's instruction is itself the assignment: the item goes to the project's unit.
    return _assign_as_system(item, by, project, deadline_days, deadline, at)


def _assign_as_system(
    item: SupervisionItem,
    by: User,
    project: Project,
    deadline_days: int | None,
    deadline: dt.date | None,
    at: dt.datetime,
) -> SupervisionItem:
    item = _locked(item)
    days, due = _deadline_from(
        assigned_on=_local_date(at), deadline_days=deadline_days, deadline=deadline
    )
    unit = project.unit
    owner = project.unit_head or unit.head
    item.unit, item.owner = unit, owner
    item.deadline_days, item.deadline, item.original_deadline = days, due, due
    item.assigned_at = at
    item.state = ItemState.ASSIGNED
    item.save()
    event = _record(
        item,
        Action.ASSIGN,
        by,
        at=at,
        from_state=ItemState.REGISTERED,
        comment=item.description,
        data={
            "unit": unit.code,
            "owner": owner.pk if owner else None,
            "deadline": due.isoformat(),
            "deadline_days": days,
        },
    )
    title = _("Leader instruction {code} on {project}").format(code=item.code, project=project.name)
    body = _("{leader}: {text}\nDeadline {deadline}.").format(
        leader=item.instructed_by, text=item.description, deadline=due.isoformat()
    )
    _tell(item, event, title, body, users=unit_users(unit) + _managers(item), persons=[owner])
    return item
