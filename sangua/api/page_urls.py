"""The API's own pages, mounted at ``api/`` by ``config/urls.py`` (names in the ``api`` namespace)."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="token-revoke"),
]
