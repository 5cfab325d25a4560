from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sangua.orgs"
    label = "orgs"
    verbose_name = "Organisations"
