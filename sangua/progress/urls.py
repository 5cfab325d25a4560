from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.my_reports, name="my-reports"),
    path("export.xlsx", views.my_reports_export, name="my-reports-export"),
    path("review/", views.review, name="review"),
    path("review/export.xlsx", views.review_export, name="review-export"),
    path("review/approve/", views.approve_selected, name="approve-selected"),
    path("review/<int:pk>/approve/", views.approve, name="approve"),
    path("review/<int:pk>/return/", views.return_report, name="return"),
    path("publish/", views.publish, name="publish"),
    path("<str:code>/<str:period>/", views.fill, name="fill"),
    path("<str:code>/<str:period>/amend/", views.amend, name="amend"),
]
