"""Mounted at ``api/v1/`` by ``config/urls.py``; the URL names live in the ``api-v1`` namespace.

Any other path under ``api/v1/`` is a 404 in the API's error shape, not Django's HTML page.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from .api import api
from .errors import error_body


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(
        error_body("not_found", _("There is no such API address.")),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
