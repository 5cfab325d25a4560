from django.urls import path

from . import views

app_name = "boards"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/ranking.xlsx", views.ranking_export, name="ranking-export"),
    path("wall/<str:code>/", views.wall, name="wall"),
    path("wall/<str:code>/live/", views.wall_live, name="wall-live"),
]
