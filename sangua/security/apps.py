from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sangua.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        # The admin's sign-in shares the site's throttling, so it is no way around the lockout.
        from django.contrib import admin

        from .forms import ThrottledAdminAuthenticationForm

        admin.site.login_form = ThrottledAdminAuthenticationForm
