"""Top-level URLs: pages per app, the wall, the API, the admin and the language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sangua.core.views import favicon, home
from sangua.security.views import LoginView

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("sangua.boards.urls")),
    path("projects/", include("sangua.projects.urls")),
    path("reports/", include("sangua.progress.urls")),
    path("api/v1/", include("sangua.api.urls")),
    path("api/", include("sangua.api.page_urls")),
    path("accountability/", include("sangua.accountability.urls")),
    path("supervision/", include("sangua.supervision.urls")),
    path("planning/", include("sangua.planning.urls")),
    path("inbox/", include("sangua.notify.urls")),
    path("import/", include("sangua.transfer.urls")),
    path("", include("sangua.security.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
