"""Mounted at ``api/v1/`` by ``config/urls.py``; the URL names live in the ``api-v1`` namespace."""

from django.urls import path

from .api import api

urlpatterns = [path("", api.urls)]
