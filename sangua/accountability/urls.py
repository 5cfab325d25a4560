"""Accountability pages, under /accountability/ (URL names in the ``accountability`` namespace)."""

from django.urls import path

from .views import bulletin, close, findings, forecast, rules, why

app_name = "accountability"
urlpatterns = [
    path("findings/", findings.finding_list, name="findings"),
    path("findings/export.xlsx", findings.findings_export, name="findings-export"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding"),
    path("findings/<int:pk>/explain/", findings.finding_explain, name="finding-explain"),
    path("findings/<int:pk>/accept/", findings.finding_accept, name="finding-accept"),
    path("findings/<int:pk>/return/", findings.finding_return, name="finding-return"),
    path("findings/<int:pk>/exempt/", findings.finding_exempt, name="finding-exempt"),
    path(
        "explanations/<int:pk>/attachment/",
        findings.explanation_attachment,
        name="explanation-attachment",
    ),
    path("close/", close.close, name="close"),
    path("close/runs/<int:pk>/", close.close_run, name="close-run"),
    path("rules/", rules.rules, name="rules"),
    path("why/project/<str:code>/<str:period>/", why.why_project, name="why-project"),
    path("why/unit/<str:code>/<str:period>/", why.why_unit, name="why-unit"),
    path("why/region/<str:code>/<str:period>/", why.why_region, name="why-region"),
    path("why/rank/<str:code>/<str:period>/", why.why_rank, name="why-rank"),
    path("bulletin/", bulletin.bulletin, name="bulletin"),
    path(
        "bulletin/<str:code>/<str:period>/<str:fmt>/",
        bulletin.bulletin_download,
        name="bulletin-download",
    ),
    path("forecast/", forecast.forecast, name="forecast"),
]
