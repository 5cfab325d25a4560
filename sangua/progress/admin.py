"""Admin pages to look into reports, their history and publications (writes go through the pages;
what the admin itself changes or deletes is audited)."""

from django.contrib import admin

from sangua.audit.admin_writes import AuditedAdminMixin

from .models import MonthlyReport, Publication, ReportEvent


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "actor", "at", "comment", "before", "after")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(MonthlyReport)
class MonthlyReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("project", "year", "month", "amount", "state", "due_date", "first_submitted_at")
    list_filter = ("state", "year", "month")
    search_fields = ("project__code", "project__name")
    list_select_related = ("project",)
    readonly_fields = [f.name for f in MonthlyReport._meta.fields]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Publication)
class PublicationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("region", "year", "month", "published_at", "published_by")
    list_filter = ("region", "year")
    list_select_related = ("region", "published_by")
