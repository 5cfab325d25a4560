"""Import jobs in the admin: read-only (an upload's outcome is history); a delete is audited."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sangua.audit.admin_writes import AuditedAdminMixin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "filename", "kind", "rows", "state", "error_count", "created_by")
    list_filter = ("kind", "state")
    search_fields = ("filename", "created_by__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
