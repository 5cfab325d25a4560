"""Supervision items in the REST API (mounted at ``/api/v1/supervision/`` by the API app).

Every write calls the same service as the pages, so the rules (who, which state, evidence and
evaluation before closing) are the same; refusals leave as ``{"code", "message", "field"}`` via
the API's ServiceError handler. Feedback and attachments are ``multipart/form-data`` (files
cannot travel in JSON); everything else is JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from sangua.api.auth import SIGNED_IN, signed_in
from sangua.api.schemas.common import ErrorOut, Text
from sangua.core.errors import NotFound, ValidationFailed
from sangua.orgs.models import Person, Unit, User
from sangua.projects.models import Project
from sangua.projects.selectors import project_for

from . import permissions, selectors, services
from .choices import Category, Evaluation, ItemState, Placard, Source
from .models import ExtensionRequest, SupervisionItem

router = Router(tags=["supervision"], auth=SIGNED_IN)


# --- schemas ---------------------------------------------------------------------------------


class Ref(Schema):
    code: str
    name: str


class PersonRef(Schema):
    id: int
    post: str
    name: str


class ItemOut(Schema):
    id: int
    code: str = Field(description="督办编号, e.g. DB331102-2013-0001")
    title: str
    category: Category
    source: Source
    state: ItemState
    placard: Placard
    region: Ref
    project: Ref | None
    unit: Ref | None
    owner: PersonRef | None
    deadline: dt.date | None
    deadline_days: int | None = Field(description="Working days of the official calendar.")
    overdue: bool
    evaluation: Evaluation | None
    created_at: dt.datetime
    assigned_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_on_time: bool | None


class ItemPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]


class ItemEventOut(Schema):
    action: str
    from_state: str
    to_state: str
    by: str | None = Field(description="Username; null for the daily job.")
    at: dt.datetime
    comment: str
    data: dict[str, Any]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    evidence: bool
    uploaded_at: dt.datetime
    url: str


class FeedbackOut(Schema):
    id: int
    text: str
    by: str | None
    at: dt.datetime
    attachments: list[AttachmentOut]


class ExtensionOut(Schema):
    id: int
    current_deadline: dt.date
    requested_deadline: dt.date
    reason: str
    state: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_comment: str


class ItemDetailOut(ItemOut):
    description: str
    instructed_by: PersonRef | None
    co_units: list[Ref]
    original_deadline: dt.date | None
    actions: list[str] = Field(description="The steps you may take on this item now.")
    events: list[ItemEventOut]
    feedback: list[FeedbackOut]
    extensions: list[ExtensionOut]


class ItemFilterIn(Schema):
    state: Text | None = Field(None, description="A state, or `open` / `overdue`.")
    category: Category | None = None
    source: Source | None = None
    unit: Text | None = Field(None, max_length=24, description="A unit's code.")
    project: Text | None = Field(None, max_length=32, description="A project's code.")
    placard: Placard | None = None
    q: Text | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class DeadlineIn(Schema):
    deadline_days: int | None = Field(None, ge=1, le=250, description="Working days (cn).")
    deadline: dt.date | None = Field(None, description="Or a date.")


class AssignIn(DeadlineIn):
    unit: Text = Field(max_length=24, description="The responsible unit's code.")
    owner: int | None = Field(None, description="A person's id; empty: the unit's head.")
    co_units: list[Text] = Field(default_factory=list, description="Co-units' codes.")
    comment: Text = Field("", max_length=4000)


class ItemIn(DeadlineIn):
    title: Text = Field(max_length=200)
    description: Text = Field("", max_length=4000)
    category: Category
    source: Source
    project: Text | None = Field(None, max_length=32)
    instructed_by: int | None = Field(None, description="The instructing leader (person id).")
    assign: bool = Field(True, description="Assign at once (needs unit and a deadline).")
    unit: Text | None = Field(None, max_length=24)
    owner: int | None = None
    co_units: list[Text] = Field(default_factory=list)


class InstructionIn(DeadlineIn):
    project: Text = Field(max_length=32)
    text: Text = Field(max_length=4000)
    category: Category = Category.OTHER


class CommentIn(Schema):
    comment: Text = Field("", max_length=4000)


class EvaluateIn(CommentIn):
    evaluation: Evaluation


class ItemCloseIn(CommentIn):
    evaluation: Evaluation | None = Field(None, description="Evaluate and close in one step.")


class ItemReturnIn(Schema):
    comment: Text = Field(max_length=4000, description="Required: why it goes back.")
    evaluation: Evaluation | None = None


class ExtensionIn(Schema):
    deadline: dt.date
    reason: Text = Field(max_length=4000)


class DecideIn(CommentIn):
    approve: bool


ERRORS = dict.fromkeys((401, 403, 404, 409, 422), ErrorOut)


# --- helpers ---------------------------------------------------------------------------------


def _person(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "post": person.post, "name": person.name}


def _ref(obj: Unit | Project | None) -> dict[str, str] | None:
    return None if obj is None else {"code": obj.code, "name": obj.name}


def item_out(item: SupervisionItem, today: dt.date) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "category": item.category,
        "source": item.source,
        "state": item.state,
        "placard": item.placard,
        "region": {"code": item.region.code, "name": item.region.name},
        "project": _ref(item.project),
        "unit": _ref(item.unit),
        "owner": _person(item.owner),
        "deadline": item.deadline,
        "deadline_days": item.deadline_days,
        "overdue": item.is_overdue(today),
        "evaluation": item.evaluation or None,
        "created_at": item.created_at,
        "assigned_at": item.assigned_at,
        "closed_at": item.closed_at,
        "closed_on_time": item.closed_on_time,
    }


def _attachment_url(item: SupervisionItem, pk: int) -> str:
    from django.urls import reverse

    return reverse("supervision:attachment", args=[item.pk, pk])


def detail_out(user: User, pk: int) -> dict[str, Any]:
    item = selectors.item_for(user, pk)
    today = timezone.localdate()
    return {
        **item_out(item, today),
        "description": item.description,
        "instructed_by": _person(item.instructed_by),
        "co_units": [_ref(u) for u in item.co_units.all()],
        "original_deadline": item.original_deadline,
        "actions": permissions.allowed_actions(user, item),
        "events": [
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "by": e.actor.username if e.actor else None,
                "at": e.at,
                "comment": e.comment,
                "data": e.data,
            }
            for e in item.events.all()
        ],
        "feedback": [
            {
                "id": f.pk,
                "text": f.text,
                "by": f.by.username if f.by else None,
                "at": f.at,
                "attachments": [
                    {
                        "id": a.pk,
                        "name": a.name,
                        "size": a.size,
                        "content_type": a.content_type,
                        "evidence": a.is_evidence,
                        "uploaded_at": a.uploaded_at,
                        "url": _attachment_url(item, a.pk),
                    }
                    for a in f.attachments.all()
                ],
            }
            for f in item.feedback.all()
        ],
        "extensions": [
            {
                "id": e.pk,
                "current_deadline": e.current_deadline,
                "requested_deadline": e.requested_deadline,
                "reason": e.reason,
                "state": e.state,
                "requested_at": e.requested_at,
                "decided_at": e.decided_at,
                "decision_comment": e.decision_comment,
            }
            for e in item.extensions.all()
        ],
    }


def _item(user: User, pk: int) -> SupervisionItem:
    return selectors.item_for(user, pk)


def _unit(code: str, field: str = "unit") -> Unit:
    unit = Unit.objects.filter(code=code).select_related("region", "head").first()
    if unit is None:
        raise ValidationFailed(
            "unknown_unit", _("There is no unit {code}.").format(code=code), field=field
        )
    return unit


def _person_by_id(pk: int | None, field: str) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise ValidationFailed(
            "unknown_person", _("There is no person {id}.").format(id=pk), field=field
        )
    return person


def _project(user: User, code: str | None) -> Project | None:
    if not code:
        return None
    try:
        return project_for(user, code)
    except NotFound:
        raise ValidationFailed(
            "unknown_project", _("There is no project {code}.").format(code=code), field="project"
        ) from None


# --- endpoints -------------------------------------------------------------------------------


@router.get("", response={200: ItemPageOut, **ERRORS}, summary="Items you may see (the ledger)")
def list_items(request: HttpRequest, filters: Query[ItemFilterIn]) -> dict[str, Any]:
    user = signed_in(request)
    unit_id = _unit(filters.unit).pk if filters.unit else None
    items = selectors.ledger(
        user,
        selectors.LedgerFilters(
            state=filters.state or "",
            category=filters.category or "",
            source=filters.source or "",
            unit=unit_id,
            project=filters.project or "",
            placard=filters.placard or "",
            q=filters.q or "",
        ),
    )
    today = timezone.localdate()
    page = items[filters.offset : filters.offset + filters.limit]
    return {
        "count": items.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [item_out(item, today) for item in page],
    }


@router.get(
    "/{int:item_id}", response={200: ItemDetailOut, **ERRORS}, summary="One item, its history"
)
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return detail_out(signed_in(request), item_id)


@router.post("", response={201: ItemDetailOut, **ERRORS}, summary="Open an item (and assign it)")
def create_item(request: HttpRequest, payload: ItemIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    project = _project(user, payload.project)
    unit = _unit(payload.unit) if payload.unit else None
    instructed_by = _person_by_id(payload.instructed_by, "instructed_by")
    if payload.assign:
        if unit is None:
            raise ValidationFailed(
                "unit_required", _("Name the responsible unit to assign the item."), field="unit"
            )
        item = services.item_open(
            by=user,
            title=payload.title,
            description=payload.description,
            category=payload.category,
            source=payload.source,
            project=project,
            instructed_by=instructed_by,
            unit=unit,
            owner=_person_by_id(payload.owner, "owner"),
            co_units=[_unit(c, "co_units") for c in payload.co_units],
            deadline_days=payload.deadline_days,
            deadline=payload.deadline,
        )
    else:
        item = services.item_register(
            by=user,
            title=payload.title,
            description=payload.description,
            category=payload.category,
            source=payload.source,
            project=project,
            instructed_by=instructed_by,
            unit=unit,
        )
    return Status(201, detail_out(user, item.pk))


@router.post(
    "/instructions", response={201: ItemDetailOut, **ERRORS}, summary="A leader's instruction"
)
def instruct(request: HttpRequest, payload: InstructionIn) -> Status[dict[str, Any]]:
    user = signed_in(request)
    project = _project(user, payload.project)
    assert project is not None
    item = services.item_instruct(
        project=project,
        by=user,
        text=payload.text,
        category=payload.category,
        deadline_days=payload.deadline_days,
        deadline=payload.deadline,
    )
    return Status(201, detail_out(user, item.pk))


@router.post("/{int:item_id}/assign", response={200: ItemDetailOut, **ERRORS}, summary="Assign")
def assign(request: HttpRequest, item_id: int, payload: AssignIn) -> dict[str, Any]:
    user = signed_in(request)
    services.item_assign(
        item=_item(user, item_id),
        by=user,
        unit=_unit(payload.unit),
        owner=_person_by_id(payload.owner, "owner"),
        co_units=[_unit(c, "co_units") for c in payload.co_units],
        deadline_days=payload.deadline_days,
        deadline=payload.deadline,
        comment=payload.comment,
    )
    return detail_out(user, item_id)


@router.post(
    "/{int:item_id}/accept", response={200: ItemDetailOut, **ERRORS}, summary="Accept (签收)"
)
def accept(request: HttpRequest, item_id: int, payload: CommentIn) -> dict[str, Any]:
    user = signed_in(request)
    services.item_accept(item=_item(user, item_id), by=user, comment=payload.comment)
    return detail_out(user, item_id)


@router.post(
    "/{int:item_id}/feedback",
    response={200: ItemDetailOut, **ERRORS},
    summary="Answer with evidence (multipart: text, files)",
)
def feedback(
    request: HttpRequest,
    item_id: int,
    text: Form[Text],
    files: list[UploadedFile] = File(None),  # noqa: B008
) -> dict[str, Any]:
    user = signed_in(request)
    services.item_feedback(item=_item(user, item_id), by=user, text=text, files=files or [])
    return detail_out(user, item_id)


@router.post(
    "/{int:item_id}/attachments",
    response={200: ItemDetailOut, **ERRORS},
    summary="Attach a file (multipart: file)",
)
def attach(request: HttpRequest, item_id: int, file: File[UploadedFile]) -> dict[str, Any]:
    user = signed_in(request)
    services.attachment_add(item=_item(user, item_id), by=user, file=file)
    return detail_out(user, item_id)


@router.post("/{int:item_id}/evaluate", response={200: ItemDetailOut, **ERRORS}, summary="Evaluate")
def evaluate(request: HttpRequest, item_id: int, payload: EvaluateIn) -> dict[str, Any]:
    user = signed_in(request)
    services.item_evaluate(
        item=_item(user, item_id), by=user, evaluation=payload.evaluation, comment=payload.comment
    )
    return detail_out(user, item_id)


@router.post(
    "/{int:item_id}/close", response={200: ItemDetailOut, **ERRORS}, summary="Close (销号)"
)
def close(request: HttpRequest, item_id: int, payload: ItemCloseIn) -> dict[str, Any]:
    user = signed_in(request)
    services.item_close(
        item=_item(user, item_id),
        by=user,
        evaluation=payload.evaluation,
        comment=payload.comment,
    )
    return detail_out(user, item_id)


@router.post(
    "/{int:item_id}/return", response={200: ItemDetailOut, **ERRORS}, summary="Return (退办)"
)
def return_item(request: HttpRequest, item_id: int, payload: ItemReturnIn) -> dict[str, Any]:
    user = signed_in(request)
    services.item_return(
        item=_item(user, item_id),
        by=user,
        evaluation=payload.evaluation,
        comment=payload.comment,
    )
    return detail_out(user, item_id)


@router.post(
    "/{int:item_id}/extensions",
    response={201: ItemDetailOut, **ERRORS},
    summary="Ask for more time",
)
def request_extension(
    request: HttpRequest, item_id: int, payload: ExtensionIn
) -> Status[dict[str, Any]]:
    user = signed_in(request)
    services.extension_request(
        item=_item(user, item_id), by=user, deadline=payload.deadline, reason=payload.reason
    )
    return Status(201, detail_out(user, item_id))


@router.post(
    "/{int:item_id}/extensions/{int:extension_id}/decide",
    response={200: ItemDetailOut, **ERRORS},
    summary="Approve or refuse an extension request",
)
def decide_extension(
    request: HttpRequest, item_id: int, extension_id: int, payload: DecideIn
) -> dict[str, Any]:
    user = signed_in(request)
    item = _item(user, item_id)
    extension = ExtensionRequest.objects.filter(pk=extension_id, item=item).first()
    if extension is None:
        raise NotFound(_("There is no such extension request on this item."))
    services.extension_decide(
        extension=extension, by=user, approve=payload.approve, comment=payload.comment
    )
    return detail_out(user, item_id)
