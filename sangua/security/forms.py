"""Sign-in forms that throttle: the site's login page and the admin's use the same count."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangua.audit.services import client_ip

from .throttle import LockState, attempt_record, lock_state


class ThrottledLoginMixin(forms.Form):
    """Refuses sign-in while locked; records every attempt; locks after too many failures."""

    request: Any
    locked_message = _(
        "Too many failed sign-ins for this user name from your address. Sign-in is locked until "
        "{time} (about {minutes} minutes). If you have forgotten your password, ask the system "
        "administrator to reset it."
    )

    def _locked(self, state: LockState) -> forms.ValidationError:
        assert state.until is not None
        return forms.ValidationError(
            str(self.locked_message).format(
                time=timezone.localtime(state.until).strftime("%H:%M"),
                minutes=state.minutes_left,
            ),
            code="locked",
        )

    def _clean_without_throttling(self) -> dict[str, Any]:
        return super().clean() or self.cleaned_data

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username")
        if not username:
            return self._clean_without_throttling()  # the field's "required" error; no attempt
        ip = client_ip(getattr(self, "request", None))
        state = lock_state(username, ip)
        if state.locked:
            attempt_record(username, ip, succeeded=False, refused=True)
            raise self._locked(state)
        try:
            cleaned = self._clean_without_throttling()
        except forms.ValidationError:
            attempt_record(username, ip, succeeded=False)
            state = lock_state(username, ip)
            if state.locked:
                raise self._locked(state) from None
            raise
        if getattr(self, "user_cache", None) is not None:
            attempt_record(username, ip, succeeded=True)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's sign-in form."""


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's sign-in form (set on admin.site by this app's ready())."""
