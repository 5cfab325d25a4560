"""Sign-in attempts (登录记录), kept to throttle password guessing and to show who tried what."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginAttempt(models.Model):
    """One sign-in attempt for a user name from an address: succeeded, failed, or refused (locked)."""

    username = models.CharField(_("user name"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    refused = models.BooleanField(
        _("refused while locked"),
        default=False,
        help_text=_("Refused without checking the password, because of a lockout."),
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        indexes = [models.Index(fields=["username", "ip", "-at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%Y-%m-%d %H:%M}"
