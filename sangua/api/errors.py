"""Error bodies: every failure leaves the API as ``{"code", "message", "field"}`` with its status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sangua.core.errors import ServiceError

from .auth import CsrfFailed

# Ninja names the parameter a body or query schema was read into; clients never see that name.
PARAMETER_NAMES = frozenset({"payload", "filters", "page"})
SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form"})
CODES_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_input",
    429: "throttled",
}


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, "field": field, **extra}


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc if part not in SOURCES and part not in PARAMETER_NAMES]
    return ".".join(parts) or "body"


def install_error_handlers(api: NinjaAPI) -> None:
    """Map service errors, ninja's validation and HTTP errors, and 404s to one error shape."""

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return api.create_response(
            request, error_body(exc.code, exc.message, exc.field), status=exc.status
        )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [
            {
                "field": _field_of(error.get("loc", ())),
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
            for error in exc.errors
        ]
        first = details[0] if details else {"field": None, "message": _("Invalid input.")}
        message = _("Invalid input: {field}: {problem}").format(
            field=first["field"], problem=first["message"]
        )
        return api.create_response(
            request,
            error_body("invalid_input", message, first["field"], errors=details),
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = str(exc) if str(exc) != "Unauthorized" else _("Sign in or send a Bearer token.")
        response = api.create_response(
            request, error_body("not_authenticated", message), status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="sangua"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        if isinstance(exc, CsrfFailed):
            code = "csrf_failed"
        elif exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            code = "invalid_json"
        return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, error_body("not_found", str(exc) or _("Not found.")), status=404
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # Selectors shared with the pages refuse out-of-scope regions this way.
        return api.create_response(
            request,
            error_body("forbidden", str(exc) or _("You may not do this.")),
            status=403,
        )

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return api.create_response(
            request,
            error_body(
                "invalid_multipart", _("The multipart body cannot be read: {why}").format(why=exc)
            ),
            status=400,
        )

    @api.exception_handler(ObjectDoesNotExist)
    def vanished(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        # A row another request deleted between the endpoint's lookup and the service's locked
        # re-read (two clients removing the same calendar day, node or token at once).
        return api.create_response(
            request, error_body("not_found", _("Not found: it was just removed.")), status=404
        )
