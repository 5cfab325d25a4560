"""Sangua's REST API, version 1: the NinjaAPI, its routers by area, and its error shape."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from sangua.accountability.api import router as accountability_router

from .auth import SIGNED_IN
from .errors import install_error_handlers
from .routers import projects, publications, rankings, regions, reports

DESCRIPTION = """
Key construction projects (重点项目) run by the three hangings (三挂): regions, projects with
their four fixes, plans and approved monthly amounts, rankings, and the monthly report workflow.

**Authentication.** A signed-in session (writes need the CSRF token in `X-CSRFToken`) or
`Authorization: Bearer <key>` with a key from `sangua api-token create USERNAME --name NAME`.
Read endpoints also answer anonymous callers, who see **published months only**.

**Numbers.** Money is in 万元 and rates in percent, both JSON numbers with 2 decimals.

**Errors.** Every error body is `{"code": ..., "message": ..., "field": ...}`; the codes are stable.
"""


class SanguaAPI(NinjaAPI):
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
api.add_router("/reports", reports.router)
api.add_router("/publications", publications.router)
# Routers that live with their apps (STYLE: each app keeps its own api.py).
api.add_router("", accountability_router, auth=SIGNED_IN)
