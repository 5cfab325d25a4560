from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sangua.api"
    label = "api"
