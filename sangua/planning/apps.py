from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sangua.planning"
    label = "planning"

    def ready(self) -> None:
        from . import plan_admin  # noqa: F401  (the plans' admin pages; admin.py is the calendar's)
