"""Writes for supervision items: open, assign, instruct, accept, answer, evaluate, close, return,
extensions and attachments. Each service checks who may act and in which state, runs in one
transaction and records the step as an :class:`ItemEvent` (who, when, comment).

The daily escalation (reminders, placards) lives in ``escalation.py``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import secrets
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sangua.audit.services import record
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.notify.services import notify
from sangua.orgs.choices import RegionLevel, Role
from sangua.orgs.models import Person, Region, Unit, User
from sangua.orgs.scopes import UNIT_ROLES
from sangua.projects.models import Project

from . import permissions, uploads, workdays
from .choices import (
    Action,
    Category,
    Evaluation,
    ExtensionState,
    ItemState,
    Placard,
    Source,
)
from .models import (
    AccountabilityEntry,
    Attachment,
    ExtensionRequest,
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
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(
            "required", _("Please fill in {field}.").format(field=field), field=field
        )
    if len(text) > limit:
        raise ValidationFailed(
            "too_long",
            _("{field} is longer than {limit} characters.").format(field=field, limit=limit),
            field=field,
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


# --- the supervisor's side -------------------------------------------------------------------


def _latest_feedback(item: SupervisionItem) -> Feedback | None:
    return item.feedback.order_by("-at", "-pk").first()


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
