"""Admin pages for the office's registry of regions, units, people and accounts (and groups).

Every add, change and delete made here — roles and data scopes above all — is in the audit
trail (``AuditedAdminMixin``); a password change is recorded as a step, never its hash.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from sangua.audit.admin_writes import AuditedAdminMixin
from sangua.audit.services import record

from .models import Person, Region, Unit, User


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "sort")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "head")
    list_filter = ("kind", "region")
    search_fields = ("code", "name")
    list_select_related = ("region", "head")
    autocomplete_fields = ("head",)


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("post", "name", "region", "phone", "is_leader")
    list_filter = ("is_leader", "region")
    search_fields = ("post", "name")
    list_select_related = ("region",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "unit", "is_active")
    list_filter = ("role", "is_active", "region")
    list_select_related = ("region", "unit")
    # Stamped by Django, not edited: the form would round date_joined to the minute on every save.
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
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

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's password page, with the change in the audit trail (not the hash)."""
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            old = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                user.refresh_from_db(fields=["password"])
                if user.password != old:
                    record(
                        actor=request.user,
                        action="password_change",
                        obj=user,
                        after={"usable_password": user.has_usable_password()},
                    )
        return response


# Django registers groups itself; a group can carry admin permissions, so its changes are audited.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, BaseGroupAdmin):
    pass
