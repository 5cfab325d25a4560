from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlanningConfig(AppConfig):
    name = "sangua.planning"
    label = "planning"

    def ready(self) -> None:
        from . import plan_admin  # noqa: F401  (the plans' admin pages; admin.py is the calendar's)
        from .seeding import ensure_official_calendar

        post_migrate.connect(ensure_official_calendar, sender=self, dispatch_uid="planning-seed")
