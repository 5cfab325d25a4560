"""The sign-in page, with throttling and a page that shows why a sign-in was refused."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from .forms import ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    """Django's LoginView with the throttled form; shows the lockout message when locked."""

    authentication_form = ThrottledAuthenticationForm
    template_name = "security/login.html"
