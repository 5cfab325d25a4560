from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "sangua.progress"
    label = "progress"
