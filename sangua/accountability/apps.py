from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "sangua.accountability"
    label = "accountability"
    verbose_name = "Accountability"
