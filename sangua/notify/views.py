"""Inbox pages for every user, and the office's page of notices that did not get through."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangua.core.errors import NotFound, ServiceError
from sangua.orgs.models import User

from . import selectors, services
from .choices import DeliveryStatus

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """A user's notices, newest first, with the unread ones marked."""
    user = _user(request)
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "nav": "inbox",
        "page": page,
        "unread_only": unread_only,
        "unread": selectors.unread_count(user),
        "can_watch": services.can_watch_deliveries(user),
    }
    return render(request, "notify/inbox.html", context)


@require_GET
@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notice read and follow its link."""
    user = _user(request)
    try:
        entry = selectors.notification_for(user, pk)
    except NotFound:
        raise Http404 from None
    services.notification_read(notification=entry, by=user)
    url = entry.message.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notify:inbox")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=_user(request))
    messages.success(request, _("{count} notices marked read.").format(count=count))
    return redirect("notify:inbox")


@require_GET
@login_required
def deliveries(request: HttpRequest) -> HttpResponse:
    """The office's watch over notices that failed, could not be delivered, or are stuck."""
    user = _user(request)
    if not services.can_watch_deliveries(user):
        raise PermissionDenied
    status = request.GET.get("status") or None
    rows = selectors.problem_deliveries(user, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "deliveries",
        "page": page,
        "status": status or "",
        "counts": selectors.delivery_counts(user),
        "statuses": [
            ("", _("All problems")),
            (DeliveryStatus.FAILED.value, DeliveryStatus.FAILED.label),
            (DeliveryStatus.UNDELIVERABLE.value, DeliveryStatus.UNDELIVERABLE.label),
            ("stuck", _("Stuck")),
        ],
    }
    return render(request, "notify/deliveries.html", context)


@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not services.can_watch_deliveries(user):
        raise PermissionDenied
    delivery = get_object_or_404(selectors.visible_deliveries(user), pk=pk)
    try:
        services.delivery_retry(delivery=delivery, by=user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The notice will be sent again."))
    return redirect("notify:deliveries")
