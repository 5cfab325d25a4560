from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<str:code>/", views.timetable, name="timetable"),
    path("projects/<str:code>/roadmap/", views.roadmap, name="roadmap"),
    path("projects/<str:code>/history/", views.history, name="history"),
    path("projects/<str:code>/generate/", views.generate, name="generate"),
    path("projects/<str:code>/settings/", views.plan_settings, name="settings"),
    path("projects/<str:code>/baselines/", views.baseline_save, name="baseline-save"),
    path("projects/<str:code>/nodes/new/", views.node_edit, name="node-add"),
    path("nodes/<int:pk>/edit/", views.node_edit, name="node-edit"),
    path("nodes/<int:pk>/delete/", views.node_delete, name="node-delete"),
    path("nodes/<int:pk>/progress/", views.node_progress, name="node-progress"),
    path("units/<str:code>/", views.unit_map, name="unit-map"),
    path("units/<str:code>/battlemap.pdf", views.unit_pdf, name="unit-pdf"),
    path("districts/<str:code>/", views.district_map, name="district-map"),
]
