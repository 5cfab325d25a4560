"""Admin pages for key projects and their investment plans (changes made here are audited)."""

from django.contrib import admin

from sangua.audit.admin_writes import AuditedAdminMixin

from .models import InvestmentPlan, Project


class InvestmentPlanInline(admin.TabularInline):
    model = InvestmentPlan
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "region",
        "unit",
        "leader",
        "category",
        "state",
        "total_investment",
    )
    list_filter = ("state", "category", "region")
    search_fields = ("code", "name")
    list_select_related = ("region", "unit", "leader")
    autocomplete_fields = ("unit", "leader", "unit_head")
    inlines = [InvestmentPlanInline]
