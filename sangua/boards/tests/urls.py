"""The URLs the boards' pages need, in isolation from apps still being built.

The boards link to other apps' pages (projects:list, progress:publish …). Their real URLs are
used when they exist; a placeholder stands in for any name not defined yet, and disappears by
itself once it is. The API and the admin are left out: the boards never link to them.
"""

from __future__ import annotations

import importlib

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from sangua.core.views import home

LINKED = {
    "sangua.projects.urls": ("projects", [("list", ""), ("detail", "<str:code>/")]),
    "sangua.progress.urls": (
        "progress",
        [("my-reports", "mine/"), ("review", "review/"), ("publish", "publish/")],
    ),
}


def _placeholder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("placeholder")


def _with_placeholders(module_name: str) -> tuple[list, str]:
    app_name, names = LINKED[module_name]
    try:
        patterns = list(importlib.import_module(module_name).urlpatterns)
    except ImportError:  # the other app is half-built right now
        patterns = []
    known = {getattr(p, "name", None) for p in patterns}
    patterns += [
        path(f"__placeholder__/{route}", _placeholder, name=name)
        for name, route in names
        if name not in known
    ]
    return patterns, app_name


urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("sangua.boards.urls")),
    path("projects/", include(_with_placeholders("sangua.projects.urls"))),
    path("reports/", include(_with_placeholders("sangua.progress.urls"))),
    path("i18n/", include("django.conf.urls.i18n")),
]
