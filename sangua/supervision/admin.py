"""Admin pages to look into supervision items and their history (writes go through the pages;
an administrator's delete here is recorded in the audit trail)."""

from django.contrib import admin

from sangua.audit.admin_writes import AuditedAdminMixin

from .models import AccountabilityEntry, ExtensionRequest, ItemEvent, SupervisionItem


class EventInline(admin.TabularInline):
    model = ItemEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "actor", "at", "comment", "data")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SupervisionItem)
class SupervisionItemAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "title", "region", "unit", "state", "placard", "deadline", "closed_at")
    list_filter = ("state", "placard", "category", "source", "region")
    search_fields = ("code", "title")
    list_select_related = ("region", "unit")
    readonly_fields = [f.name for f in SupervisionItem._meta.fields]
    inlines = [EventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("item", "current_deadline", "requested_deadline", "state", "decided_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in ExtensionRequest._meta.fields]


@admin.register(AccountabilityEntry)
class AccountabilityEntryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "item", "evaluation", "evaluated_on")
    list_filter = ("region",)
    list_select_related = ("unit", "item")
    readonly_fields = [f.name for f in AccountabilityEntry._meta.fields]
