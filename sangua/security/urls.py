from django.urls import path

from . import downloads

app_name = "security"
urlpatterns = [
    path("files/<str:key>/<str:pk>/", downloads.download, name="download"),
]
