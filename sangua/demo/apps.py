from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sangua.demo"
    label = "demo"
    verbose_name = "Demo data"
