"""Admin pages of reverse plans: read only. Plans change through the plan pages, whose services
check them with the engine and keep their history; baselines and history never change at all.

Registered from :meth:`PlanningConfig.ready` (``admin.py`` holds the calendar's pages).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Baseline, BaselineNode, Plan, PlanEvent, PlanNode


class ReadOnly:
    """Nothing can be added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlanNodeInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = PlanNode
    fields = (
        "key",
        "name",
        "duration",
        "calendar",
        "unit",
        "actual_start",
        "actual_finish",
        "remaining",
        "note",
    )
    readonly_fields = fields
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("project", "template", "deadline", "status_date", "updated_at")
    list_filter = ("template", "project__region")
    search_fields = ("project__code", "project__name")
    list_select_related = ("project",)
    inlines = [PlanNodeInline]


class BaselineNodeInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = BaselineNode
    fields = (
        "key",
        "name",
        "unit",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "critical",
        "status",
    )
    readonly_fields = fields
    extra = 0


@admin.register(Baseline)
class BaselineAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("plan", "number", "name", "saved_at", "saved_by", "finish", "feasible")
    search_fields = ("plan__project__code", "plan__project__name", "name")
    list_select_related = ("plan__project", "saved_by")
    inlines = [BaselineNodeInline]


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "plan", "action", "node_name", "actor")
    list_filter = ("action",)
    search_fields = ("plan__project__code", "node_name")
    list_select_related = ("plan__project", "actor")
