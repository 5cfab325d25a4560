from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sangua.audit"
    label = "audit"
    verbose_name = "Audit trail"
