"""Sign-in attempts in the admin: read-only; deleting a user's failures lifts a lockout (and is
recorded in the audit trail: who lifted whose lockout)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sangua.audit.admin_writes import AuditedAdminMixin

from .models import LoginAttempt


@admin.register(LoginAttempt)
class LoginAttemptAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("at", "username", "ip", "succeeded", "refused")
    list_filter = ("succeeded", "refused")
    search_fields = ("username", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
