"""Sign-in attempts in the admin: read-only; deleting a user's failures lifts a lockout."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import LoginAttempt


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "ip", "succeeded", "refused")
    list_filter = ("succeeded", "refused")
    search_fields = ("username", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
