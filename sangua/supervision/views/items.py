"""Item pages: open an item, a leader's instruction, one item with its actions, attachments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangua.api.auth import accepts_api_token
from sangua.core.errors import NotFound, ServiceError
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, User
from sangua.projects.selectors import project_for, visible_projects
from sangua.security.downloads import attachment_response

from .. import permissions, selectors, services
from ..choices import ExtensionState, ItemState
from ..forms import (
    AssignForm,
    AttachmentForm,
    CloseForm,
    CommentForm,
    DecideForm,
    EvaluateForm,
    ExtensionForm,
    FeedbackForm,
    InstructForm,
    ItemForm,
    ReturnForm,
)
from ..models import Attachment, ExtensionRequest, SupervisionItem
from ..uploads import ALLOWED_LABEL, max_bytes
from ..workdays import working_days_left, working_days_overdue

STEPS = [
    ItemState.REGISTERED,
    ItemState.ASSIGNED,
    ItemState.IN_PROGRESS,
    ItemState.FEEDBACK,
    ItemState.CLOSED,
]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _item(request: HttpRequest, pk: int) -> SupervisionItem:
    try:
        return selectors.item_for(request.user, pk)
    except NotFound:
        raise Http404 from None


def _home_district(user: User, requested: str | None) -> Region | None:
    """The district a new item belongs to: the user's own, or one chosen in the query string."""
    if user.region is not None and user.region.level == RegionLevel.DISTRICT:
        return user.region
    if requested:
        region = Region.objects.filter(code=requested, level=RegionLevel.DISTRICT).first()
        if region is not None and permissions.can_manage_region(user, region):
            return region
    return None


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Open a supervision item (立项督办): register it and, usually, assign it at once."""
    user = _user(request)
    if not permissions.can_open_items(user):
        raise PermissionDenied
    region = _home_district(user, request.GET.get("region"))
    if region is None:
        districts = [
            r
            for r in Region.objects.filter(level=RegionLevel.DISTRICT).order_by("sort", "code")
            if permissions.can_manage_region(user, r)
        ]
        return render(
            request,
            "supervision/choose_district.html",
            {"nav": "supervision", "districts": districts},
        )
    projects = visible_projects(user)
    initial: dict[str, Any] = {}
    if request.GET.get("project"):
        initial["project"] = request.GET["project"]
    form = ItemForm(request.POST or None, initial=initial, region=region, projects=projects)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["assign_now"]:
                    item = services.item_open(
                        by=user,
                        title=data["title"],
                        description=data["description"],
                        category=data["category"],
                        source=data["source"],
                        project=data["project"],
                        instructed_by=data["instructed_by"],
                        unit=data["unit"],
                        owner=data["owner"],
                        co_units=list(data["co_units"]),
                        deadline_days=data["deadline_days"],
                        deadline=data["deadline"],
                    )
                else:
                    item = services.item_register(
                        by=user,
                        title=data["title"],
                        description=data["description"],
                        category=data["category"],
                        source=data["source"],
                        project=data["project"],
                        region=region,
                        unit=data["unit"],
                        instructed_by=data["instructed_by"],
                    )
            except ServiceError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Item {code} opened.").format(code=item.code))
                return redirect("supervision:detail", pk=item.pk)
        else:
            status = 422
    return render(
        request,
        "supervision/create.html",
        {"nav": "supervision", "form": form, "region": region},
        status=status,
    )


def _form_error(form: forms.Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def instruct(request: HttpRequest, code: str) -> HttpResponse:
    """A leader's instruction (领导批示) on a project; it becomes an item of the project's unit."""
    user = _user(request)
    try:
        project = project_for(user, code)
    except NotFound:
        raise Http404 from None
    if not permissions.can_instruct(user, project):
        raise PermissionDenied
    form = InstructForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.item_instruct(
                    project=project,
                    by=user,
                    text=data["text"],
                    category=data["category"],
                    deadline_days=data["deadline_days"],
                    deadline=data["deadline"],
                )
            except ServiceError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Your instruction is item {code}, assigned to {unit}.").format(
                        code=item.code, unit=project.unit.name
                    ),
                )
                return redirect("supervision:detail", pk=item.pk)
        else:
            status = 422
    items = selectors.items_for_project(user, project)[:20]
    return render(
        request,
        "supervision/instruct.html",
        {"nav": "supervision", "form": form, "project": project, "items": items},
        status=status,
    )


# --- one item --------------------------------------------------------------------------------


FORMS: dict[str, Callable[..., forms.Form]] = {
    "assign": AssignForm,
    "accept": CommentForm,
    "feedback": FeedbackForm,
    "evaluate": EvaluateForm,
    "close": CloseForm,
    "return": ReturnForm,
    "extension_decide": DecideForm,
    "extension_request": ExtensionForm,
    "attach": AttachmentForm,
}


def _action_form(name: str, item: SupervisionItem, *args: Any) -> forms.Form:
    """An action form; its own ids (several forms share field names on one page)."""
    kwargs: dict[str, Any] = {"auto_id": f"id_{name}_%s"}
    if name == "assign":
        kwargs["region"] = item.region
        if not args:
            kwargs["initial"] = {"unit": item.unit_id}
    return FORMS[name](*args, **kwargs)


def _forms_for(
    user: User, item: SupervisionItem, bound: dict[str, forms.Form] | None = None
) -> dict[str, forms.Form]:
    """The action forms this user may use on this item in its state (bound ones kept)."""
    bound = bound or {}
    return {
        name: bound.get(name) or _action_form(name, item)
        for name in permissions.allowed_actions(user, item)
    }


def _render_item(
    request: HttpRequest,
    item: SupervisionItem,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    deadline_note = ""
    if item.deadline and item.is_open:
        if item.deadline < today:
            deadline_note = _("{days} working days overdue").format(
                days=working_days_overdue(item.deadline, today)
            )
        else:
            deadline_note = _("{days} working days left").format(
                days=working_days_left(item.deadline, today)
            )
    step = STEPS.index(ItemState(item.state))
    latest = list(item.feedback.all())[-1:] if item.state != ItemState.REGISTERED else []
    context = {
        "nav": "supervision",
        "item": item,
        "forms": _forms_for(user, item, bound),
        "steps": [(s, s.label, i < step, i == step) for i, s in enumerate(STEPS)],
        "overdue": item.is_overdue(today),
        "deadline_note": deadline_note,
        "age": item.age_days(today),
        "has_evidence": bool(latest and any(a.is_evidence for a in latest[0].attachments.all())),
        "pending_extension": next(
            (e for e in item.extensions.all() if e.state == ExtensionState.PENDING), None
        ),
        "can_manage": permissions.can_manage(user, item),
        "can_answer": permissions.can_answer(user, item),
        "upload_limit_mb": max_bytes() // (1024 * 1024),
        "allowed_types": ALLOWED_LABEL,
    }
    return render(request, "supervision/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: its facts, where it stands, what the user may do next, and its whole history."""
    return _render_item(request, _item(request, pk))


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    call: Callable[[User, SupervisionItem, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run one action form through its service; on refusal, show the page again with the reason."""
    user = _user(request)
    item = _item(request, pk)
    form = _action_form(name, item, request.POST, request.FILES)
    if not form.is_valid():
        return _render_item(request, item, {name: form}, status=422)
    try:
        call(user, item, form.cleaned_data)
    except ServiceError as error:
        _form_error(form, error)
        messages.error(request, error.message)
        return _render_item(
            request, selectors.item_for(user, pk), {name: form}, status=error.status
        )
    messages.success(request, done)
    return redirect("supervision:detail", pk=pk)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "assign",
        lambda user, item, d: services.item_assign(
            item=item,
            by=user,
            unit=d["unit"],
            owner=d["owner"],
            co_units=list(d["co_units"]),
            deadline_days=d["deadline_days"],
            deadline=d["deadline"],
            comment=d["comment"],
        ),
        _("Item assigned."),
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "accept",
        lambda user, item, d: services.item_accept(item=item, by=user, comment=d["comment"]),
        _("Item accepted: it is now in progress."),
    )


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "feedback",
        lambda user, item, d: services.item_feedback(
            item=item, by=user, text=d["text"], files=d["evidence"]
        ),
        _("Your answer has been sent to the supervision group."),
    )


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "attach",
        lambda user, item, d: services.attachment_add(item=item, by=user, file=d["file"]),
        _("File attached."),
    )


@login_required
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "evaluate",
        lambda user, item, d: services.item_evaluate(
            item=item, by=user, evaluation=d["evaluation"], comment=d["comment"]
        ),
        _("Answer evaluated."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "close",
        lambda user, item, d: services.item_close(
            item=item, by=user, evaluation=d["evaluation"] or None, comment=d["comment"]
        ),
        _("Item closed (销号)."),
    )


@login_required
@require_POST
def return_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "return",
        lambda user, item, d: services.item_return(
            item=item, by=user, evaluation=d["evaluation"] or None, comment=d["comment"]
        ),
        _("Item returned to the unit (退办)."),
    )


@login_required
@require_POST
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "extension_request",
        lambda user, item, d: services.extension_request(
            item=item, by=user, deadline=d["deadline"], reason=d["reason"]
        ),
        _("Extension requested."),
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, ext: int) -> HttpResponse:
    def call(user: User, item: SupervisionItem, d: dict[str, Any]) -> object:
        request_ = get_object_or_404(ExtensionRequest, pk=ext, item=item)
        return services.extension_decide(
            extension=request_, by=user, approve=d["decision"] == "approve", comment=d["comment"]
        )

    return _act(request, pk, "extension_decide", call, _("Extension request decided."))


@accepts_api_token
@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, att: int) -> HttpResponseBase:
    """Download an attachment (only for those who may see the item; never a public URL)."""
    item = _item(request, pk)
    file = get_object_or_404(Attachment, pk=att, item=item)
    if not file.file.name or not file.file.storage.exists(file.file.name):
        raise Http404
    return attachment_response(file.file, filename=file.name, content_type=file.content_type)
