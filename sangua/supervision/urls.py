from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("people/", views.people, name="people"),
    path("projects/", views.projects, name="projects"),
    path("export/", views.export, name="export"),
    path("run-daily/", views.run_daily, name="run-daily"),
    path("new/", views.create, name="create"),
    path("instruct/<str:code>/", views.instruct, name="instruct"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/return/", views.return_item, name="return"),
    path("<int:pk>/extension/", views.extension, name="extension"),
    path("<int:pk>/extension/<int:ext>/decide/", views.decide, name="decide"),
    path("<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
]
