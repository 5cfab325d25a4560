"""Admin: read-only views of rule-set versions, close runs, findings and explanations.

Everything here is written by services (new rule versions, closes, the finding lifecycle), which
keep the history; the admin only looks.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Explanation, Finding, FindingEvent, PeriodClose, RuleSet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "region",
        "version",
        "red_below",
        "green_from",
        "stall_months",
        "created_at",
        "created_by",
    )
    list_filter = ("region",)


@admin.register(PeriodClose)
class PeriodCloseAdmin(ReadOnlyAdmin):
    list_display = (
        "region",
        "period",
        "run",
        "rule_set",
        "finding_count",
        "closed_at",
        "closed_by",
    )
    list_filter = ("kind", "region")


class FindingEventInline(admin.TabularInline):
    model = FindingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "actor", "at", "comment", "close", "before", "after")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = (
        "unit",
        "period",
        "planned",
        "completed",
        "shortfall",
        "sanction",
        "state",
        "rule_set",
    )
    list_filter = ("state", "kind", "sanction", "region")
    search_fields = ("unit__name", "period")
    inlines = [FindingEventInline]


@admin.register(Explanation)
class ExplanationAdmin(ReadOnlyAdmin):
    list_display = ("finding", "submitted_by", "submitted_at", "attachment_name")
