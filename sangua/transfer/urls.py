from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("template/<str:kind>.xlsx", views.template, name="template"),
    path("jobs/<uuid:pk>/", views.job, name="job"),
    path("jobs/<uuid:pk>/progress/", views.job_progress, name="progress"),
    path("jobs/<uuid:pk>/problems.xlsx", views.job_errors, name="errors"),
]
