"""Admin pages for the office's registry of regions, units, people and accounts."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Person, Region, Unit, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "sort")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "head")
    list_filter = ("kind", "region")
    search_fields = ("code", "name")
    list_select_related = ("region", "head")
    autocomplete_fields = ("head",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("post", "name", "region", "phone", "is_leader")
    list_filter = ("is_leader", "region")
    search_fields = ("post", "name")
    list_select_related = ("region",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "unit", "is_active")
    list_filter = ("role", "is_active", "region")
    list_select_related = ("region", "unit")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Role and data scope"),
            {"fields": ("display_name", "role", "region", "unit", "person")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            _("Role and data scope"),
            {"fields": ("display_name", "role", "region", "unit", "person")},
        ),
    )
    autocomplete_fields = ("person", "unit")
