from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "sangua.transfer"
    label = "transfer"
    verbose_name = "Excel import and export"
