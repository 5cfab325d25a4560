from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sangua.planning"
    label = "planning"
