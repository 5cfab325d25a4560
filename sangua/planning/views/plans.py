"""A project's plan pages: the timetable (时间表) with baselines, the roadmap (路径图), the history,
and the office's and units' forms (generate, dates, nodes, progress, baseline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangua.core.errors import NotFound, ServiceError
from sangua.orgs.models import Unit, User
from sangua.projects.models import Project

from .. import selectors, services
from ..forms import BaselineForm, GenerateForm, NodeForm, PlanSettingsForm, ProgressForm
from ..models import Plan, PlanNode
from ..permissions import can_manage, can_report
from ..templates_catalog import TEMPLATES, suggested_template
from .common import gantt_labels, parse_day


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _project(request: HttpRequest, code: str) -> Project:
    try:
        return selectors.project_for_plan(request.user, code)
    except NotFound:
        raise Http404 from None


def _form_error(form: forms.Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _baseline_param(request: HttpRequest) -> int | None:
    value = request.GET.get("baseline")
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _view(request: HttpRequest, project: Project) -> selectors.PlanView:
    try:
        return selectors.plan_view(
            project, as_of=parse_day(request.GET.get("as_of")), baseline=_baseline_param(request)
        )
    except NotFound:
        raise Http404 from None


def _context(request: HttpRequest, project: Project, view: selectors.PlanView) -> dict[str, Any]:
    user = _user(request)
    manage = can_manage(user, project)
    plan = view.plan
    return {
        "nav": "battlemap",
        "project": project,
        "view": view,
        "plan": plan,
        "can_manage": manage,
        "reportable": {
            line.node.id for line in view.lines if can_report(user, project, line.node.unit_id)
        },
        "settings_form": PlanSettingsForm(
            initial={
                "deadline": plan.deadline,
                "start": plan.start,
                "status_date": plan.status_date,
            }
        )
        if plan and manage
        else None,
        "baseline_form": BaselineForm() if plan and manage else None,
        "generate_form": _generate_form(project) if manage else None,
        "template_steps": TEMPLATES,
    }


def _generate_form(project: Project, data: Any = None) -> GenerateForm:
    suggestion = suggested_template(project.name, project.category)
    return GenerateForm(
        data,
        initial={
            "template": suggestion.value if suggestion else None,
            "deadline": project.target_date,
        },
    )


@require_GET
@login_required
def timetable(request: HttpRequest, code: str) -> HttpResponse:
    """The plan's timetable (时间表): nodes, units, latest start and finish, actual dates, status,
    and the comparison with a baseline."""
    project = _project(request, code)
    view = _view(request, project)
    return render(request, "planning/timetable.html", _context(request, project, view))


@require_GET
@login_required
def roadmap(request: HttpRequest, code: str) -> HttpResponse:
    """The plan's roadmap (路径图): the Gantt with the status date, critical path and baseline."""
    project = _project(request, code)
    view = _view(request, project)
    context = _context(request, project, view)
    context["gantt"] = selectors.project_gantt(view)
    context["gantt_labels"] = gantt_labels(project.name)
    return render(request, "planning/roadmap.html", context)


@require_GET
@login_required
def history(request: HttpRequest, code: str) -> HttpResponse:
    """Every change to the plan: who, when, before → after."""
    project = _project(request, code)
    plan = Plan.objects.filter(project=project).first()
    events = selectors.plan_history(plan) if plan else []
    return render(
        request,
        "planning/history.html",
        {"nav": "battlemap", "project": project, "plan": plan, "events": events},
    )


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest, code: str) -> HttpResponse:
    """Generate the reverse plan from a template and a deadline (one action)."""
    project = _project(request, code)
    user = _user(request)
    if not can_manage(user, project):
        raise PermissionDenied
    form = _generate_form(project, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_generate(
                    project=project,
                    template=data["template"],
                    deadline=data["deadline"],
                    status_date=data["status_date"],
                    replace=data["replace"],
                    by=user,
                )
            except ServiceError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    _("The reverse plan is generated back from {deadline}.").format(
                        deadline=data["deadline"].isoformat()
                    ),
                )
                return redirect("planning:timetable", code=project.code)
        else:
            status = 422
    has_plan = Plan.objects.filter(project=project, nodes__isnull=False).exists()
    return render(
        request,
        "planning/generate.html",
        {
            "nav": "battlemap",
            "project": project,
            "form": form,
            "has_plan": has_plan,
            "templates": TEMPLATES.values(),
        },
        status=status,
    )


def _plan(project: Project) -> Plan:
    plan = Plan.objects.filter(project=project).first()
    if plan is None:
        raise Http404
    return plan


@require_POST
@login_required
def plan_settings(request: HttpRequest, code: str) -> HttpResponse:
    """Change the plan's deadline, not-before date and status date."""
    project = _project(request, code)
    plan = _plan(project)
    form = PlanSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.plan_update(plan=plan, by=_user(request), **form.cleaned_data)
        except ServiceError as error:
            if error.status == 403:
                raise PermissionDenied from None
            messages.error(request, error.message)
        else:
            messages.success(request, _("The plan's dates are saved."))
    else:
        messages.error(request, _("Check the dates: {errors}").format(errors=form.errors.as_text()))
    return redirect("planning:timetable", code=project.code)


@require_POST
@login_required
def baseline_save(request: HttpRequest, code: str) -> HttpResponse:
    """Freeze the plan as it stands into a new baseline."""
    project = _project(request, code)
    plan = _plan(project)
    form = BaselineForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        baseline = services.baseline_save(plan=plan, by=_user(request), name=name)
    except ServiceError as error:
        if error.status == 403:
            raise PermissionDenied from None
        messages.error(request, error.message)
        return redirect("planning:timetable", code=project.code)
    messages.success(request, _("Baseline {n} saved.").format(n=baseline.number))
    url = f"{_timetable_url(project)}?baseline={baseline.number}"
    return redirect(url)


def _timetable_url(project: Project) -> str:
    return reverse("planning:timetable", args=[project.code])


def _node(request: HttpRequest, pk: int) -> PlanNode:
    node = get_object_or_404(PlanNode.objects.select_related("plan__project", "unit"), pk=pk)
    _project(request, node.plan.project.code)  # visibility
    return node


@login_required
@require_http_methods(["GET", "POST"])
def node_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit reports a node's actual dates (the node must be theirs)."""
    node = _node(request, pk)
    user = _user(request)
    project = node.plan.project
    if not can_report(user, project, node.unit_id):
        raise PermissionDenied
    form = ProgressForm(
        request.POST or None,
        initial={
            "actual_start": node.actual_start,
            "actual_finish": node.actual_finish,
            "remaining": node.remaining,
            "note": node.note,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.node_progress(node=node, by=user, **form.cleaned_data)
            except ServiceError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Progress on “{node}” saved.").format(node=node.name))
                return redirect(f"{_timetable_url(project)}#node-{node.pk}")
        else:
            status = 422
    return render(
        request,
        "planning/progress.html",
        {"nav": "battlemap", "project": project, "node": node, "form": form},
        status=status,
    )


def _units(project: Project) -> Any:
    return Unit.objects.filter(region_id=project.region_id).order_by("sort", "code")


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, pk: int | None = None, code: str | None = None) -> HttpResponse:
    """The office adds a node to a plan or changes one."""
    user = _user(request)
    if pk is not None:
        node: PlanNode | None = _node(request, pk)
        assert node is not None
        project = node.plan.project
        plan = node.plan
    else:
        node = None
        project = _project(request, code or "")
        plan = _plan(project)
    if not can_manage(user, project):
        raise PermissionDenied
    others = [n for n in plan.nodes.order_by("sort", "id") if node is None or n.pk != node.pk]
    initial = (
        {
            "name": node.name,
            "duration": node.duration,
            "calendar": node.calendar,
            "unit": node.unit,
            "after": NodeForm.after_text(node),
            "sort": node.sort,
            "note": node.note,
        }
        if node
        else {"unit": project.unit, "calendar": "all"}
    )
    form = NodeForm(request.POST or None, initial=initial, units=_units(project), nodes=others)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.node_save(
                    plan=plan,
                    by=user,
                    node=node,
                    name=data["name"],
                    duration=data["duration"],
                    calendar=data["calendar"],
                    unit=data["unit"],
                    after=data["after"],
                    note=data["note"],
                    sort=data["sort"],
                )
            except ServiceError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Node “{node}” saved.").format(node=saved.name))
                return redirect(f"{_timetable_url(project)}#node-{saved.pk}")
        else:
            status = 422
    return render(
        request,
        "planning/node_form.html",
        {"nav": "battlemap", "project": project, "node": node, "form": form, "others": others},
        status=status,
    )


@require_POST
@login_required
def node_delete(request: HttpRequest, pk: int) -> HttpResponse:
    node = _node(request, pk)
    project = node.plan.project
    try:
        services.node_delete(node=node, by=_user(request))
    except ServiceError as error:
        if error.status == 403:
            raise PermissionDenied from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("Node “{node}” removed.").format(node=node.name))
    return redirect("planning:timetable", code=project.code)
