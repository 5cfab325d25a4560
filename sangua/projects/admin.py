"""Admin pages for key projects and their investment plans."""

from django.contrib import admin

from .models import InvestmentPlan, Project


class InvestmentPlanInline(admin.TabularInline):
    model = InvestmentPlan
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "unit", "leader", "category", "state", "total_investment")
    list_filter = ("state", "category", "region")
    search_fields = ("code", "name")
    list_select_related = ("region", "unit", "leader")
    autocomplete_fields = ("unit", "leader", "unit_head")
    inlines = [InvestmentPlanInline]
