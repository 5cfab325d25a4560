"""The project's URLs plus the token page at /api/tokens/ (as config/urls.py mounts it)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

urlpatterns = [
    *[p for p in project_urls if getattr(p, "namespace", None) != "api"],
    path("api/", include("sangua.api.page_urls")),
]
