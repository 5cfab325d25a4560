"""Admin pages to look into notices and deliveries (read-only: notices are sent by services; an
administrator's delete here is recorded in the audit trail)."""

from django.contrib import admin

from sangua.audit.admin_writes import AuditedAdminMixin

from .models import Delivery, DeliveryAttempt, Message, Notification


class ReadOnly(AuditedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "at", "ok", "status_code", "error")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Message)
class MessageAdmin(ReadOnly):
    list_display = ("title", "kind", "region", "created_at")
    list_filter = ("kind",)
    search_fields = ("title", "key")


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ("message", "recipient", "created_at", "read_at")
    list_select_related = ("message", "recipient")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ("message", "channel", "target", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "channel")
    list_select_related = ("message",)
    inlines = [AttemptInline]
