from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sangua.security"
    label = "security"
    verbose_name = "Security"
