from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sangua.core"
    label = "core"
