"""A throwaway API with only the accountability router, for its tests (the real one is /api/v1/)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI

from sangua.accountability.api import router
from sangua.core.errors import ServiceError

api = NinjaAPI(urls_namespace="test-acc", title="accountability (tests)")
api.add_router("", router)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    body = {"code": exc.code, "message": exc.message, "field": exc.field}
    return api.create_response(request, body, status=exc.status)


urlpatterns = [
    path("api/", api.urls),
    path("accountability/", include("sangua.accountability.urls")),  # links in notices
]
