"""Sangua's REST API, version 1: the NinjaAPI, its routers by area, and its error shape."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.errors import ConfigError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from sangua.accountability.api import router as accountability_router
from sangua.notify.api import router as notify_router
from sangua.planning.api import router as planning_router
from sangua.supervision.api import router as supervision_router
from sangua.transfer.api import router as transfer_router

from .auth import SIGNED_IN
from .errors import install_error_handlers
from .routers import (
    accountability_log,
    calendar,
    figures,
    forecast,
    projects,
    publications,
    rankings,
    regions,
    reports,
    supervision_watches,
    tokens,
    why,
)

DESCRIPTION = """
Key construction projects (重点项目) run by the three hangings (三挂): regions, projects with
their four fixes, plans and approved monthly amounts, rankings, and the monthly report workflow.

**Authentication.** A signed-in session (writes need the CSRF token in `X-CSRFToken`) or
`Authorization: Bearer <key>` with a key from `sangua api-token create USERNAME --name NAME`.
Read endpoints also answer anonymous callers, who see **published months only**.

**Numbers.** Money is in 万元 and rates in percent, both JSON numbers with 2 decimals.

**Errors.** Every error body is `{"code": ..., "message": ..., "field": ...}`; the codes are stable.
"""


class StrictOpenAPISchema(OpenAPISchema):
    """The schema, refusing two different component schemas under one name.

    django-ninja files every schema class under its bare class name and lets a later one replace
    an earlier one silently; with routers from several apps (each with its ``CloseIn`` or
    ``EventOut``) an endpoint would then be documented with another router's body.
    """

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ConfigError(
                    f"Two different API schemas are both named {name!r}; rename one of them."
                )
        super().add_schema_definitions(definitions)


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
COMMON_ERRORS = {
    400: "The body cannot be read: not JSON (`invalid_json`) or a broken multipart form.",
    401: "Not signed in, or a wrong or revoked token (`not_authenticated`).",
    403: "Not allowed (`forbidden`, or `csrf_failed` for a session write without its token).",
    404: "No such object, or not one you may see (`not_found`).",
    422: "Input that breaks a rule: `code`, `message`, `field` and per-field `errors`.",
}
# Answered by the HTTP server in front (gunicorn: a request line over 4,094 bytes), not by Sangua.
URI_TOO_LONG = {"description": "The request line is longer than the server accepts."}


def document_common_errors(schema: OpenAPISchema) -> None:
    """Document the errors any endpoint can answer besides its own (the schema tells the truth).

    A wrong token is a 401 on every endpoint, public reads included; a session write without its
    CSRF token a 403; a path naming nothing a 404; a body that is not JSON a 400; a parameter or
    body that breaks its schema a 422. All of them carry the one error shape. An overlong URL
    is refused by the HTTP server before Sangua sees it (414).
    """
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = {401}
            if method != "get":
                codes.add(403)
            parameters = operation.get("parameters") or []
            body = operation.get("requestBody")
            if parameters or body:
                codes.add(422)
            if any(p.get("in") == "path" for p in parameters):
                codes.add(404)
            if body:
                codes.add(400)
            for code in sorted(codes):
                if code not in responses and str(code) not in responses:
                    responses[code] = {
                        "description": COMMON_ERRORS[code],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }
            if parameters:
                responses.setdefault(414, URI_TOO_LONG)


class SanguaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = StrictOpenAPISchema(self, path_prefix)
        document_common_errors(schema)
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's own name (list_projects, approve_report): stable, and readable in clients
        # generated from the schema. Names are unique across the routers (a test checks).
        return operation.view_func.__name__


api = SanguaAPI(
    title="Sangua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
)
install_error_handlers(api)

api.add_router("/regions", regions.router)
api.add_router("/projects", projects.router)
api.add_router("/rankings", rankings.router)
api.add_router("/figures", figures.router)
api.add_router("/reports", reports.router)
api.add_router("/publications", publications.router)
api.add_router("/calendar", calendar.router)
api.add_router("/tokens", tokens.router)
api.add_router("/why", why.router)  # "why is this red?": the pages accountability:why-*
api.add_router("/forecast", forecast.router)  # the page accountability:forecast
# Routers that live with their apps (STYLE: each app keeps its own api.py).
api.add_router("", accountability_router, auth=SIGNED_IN)
api.add_router("", accountability_log.router)  # close log and rule sets; paths do not overlap
api.add_router("/supervision", supervision_router)  # its own auth: SIGNED_IN
api.add_router("/supervision", supervision_watches.router)  # the watches; paths do not overlap
api.add_router("/planning", planning_router)
api.add_router("/notifications", notify_router)
api.add_router("/imports", transfer_router)
