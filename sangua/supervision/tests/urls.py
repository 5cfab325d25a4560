"""The site's URLs plus the supervision router on a throwaway NinjaAPI (until the API app mounts it
at /api/v1/supervision/), with the API's own error handlers."""

from django.urls import path
from ninja import NinjaAPI

from config.urls import urlpatterns as site
from sangua.api.errors import install_error_handlers
from sangua.supervision.api import router

api = NinjaAPI(title="supervision router under test", version="test", urls_namespace="test-sup")
install_error_handlers(api)
api.add_router("/supervision", router)

urlpatterns = [path("test-api/", api.urls), *site]
