"""Writes made on Django admin pages go to the audit trail too.

Pages and the API change rows through services, which record their own entries; the admin saves
rows itself. ``AuditedAdminMixin`` goes before ``admin.ModelAdmin`` (or ``UserAdmin``) in a
class's bases and records every add, change and delete made there — inline rows included — in
the admin's own transaction: who (the signed-in user), from where (the request's address), the
row's fields before → after. Many-to-many fields are kept as sorted ids. Password hashes,
``last_login`` and fields the database stamps itself (``auto_now``) are never recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from .services import Draft, ObjectRef, record, record_many, snapshot

NEVER_RECORDED = frozenset({"password", "last_login"})

if TYPE_CHECKING:
    _Base = Any
else:
    _Base = object


def audited_fields(model: type[models.Model]) -> tuple[list[str], list[str]]:
    """A model's recorded fields: (concrete fields, many-to-many fields), in declaration order."""
    meta = model._meta
    concrete = [
        f.name
        for f in meta.concrete_fields
        if not f.primary_key
        and f.name not in NEVER_RECORDED
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    many = [f.name for f in meta.many_to_many if f.name not in NEVER_RECORDED]
    return concrete, many


def admin_snapshot(obj: models.Model) -> dict[str, Any]:
    """A row as the trail keeps it: foreign keys and many-to-many by id."""
    concrete, many = audited_fields(type(obj))
    data = snapshot(obj, concrete)
    if obj.pk is not None:
        for name in many:
            data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return data


def _ref(obj: models.Model) -> ObjectRef:
    return ObjectRef(obj._meta.label_lower, str(obj.pk), str(obj))


class AuditedAdminMixin(_Base):
    """Record the admin's adds, changes and deletes (and its inlines') in the audit trail."""

    _before_key = "_sangua_audit_before"

    def _befores(self, request: HttpRequest) -> dict[int, dict[str, Any]]:
        """The rows' stored values, read before each save (a changelist saves many per request)."""
        befores: dict[int, dict[str, Any]] | None = getattr(request, self._before_key, None)
        if befores is None:
            befores = {}
            setattr(request, self._before_key, befores)
        return befores

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                self._befores(request)[id(obj)] = admin_snapshot(stored)
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        # Django's own body (many-to-many, then each inline), with the row's entry in between,
        # once its many-to-many values are saved.
        form.save_m2m()
        before = self._befores(request).pop(id(form.instance), None) if change else None
        record(
            actor=request.user,
            action="update" if change else "create",
            obj=form.instance,
            before=before,
            after=admin_snapshot(form.instance),
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet[Any, Any], change: bool
    ) -> None:
        model = formset.model
        assert model is not None  # an inline's formset always has its model
        stored = {
            row.pk: row
            for row in model._default_manager.filter(
                pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
            )
        }
        before = {
            id(f.instance): (_ref(stored[f.instance.pk]), admin_snapshot(stored[f.instance.pk]))
            for f in formset.initial_forms
            if f.instance.pk in stored
        }
        super().save_formset(request, form, formset, change)
        drafts = [Draft("create", obj, None, admin_snapshot(obj)) for obj in formset.new_objects]
        drafts += [
            Draft("update", obj, before[id(obj)][1], admin_snapshot(obj))
            for obj, _changed in formset.changed_objects
            if id(obj) in before
        ]
        drafts += [
            Draft("delete", before[id(obj)][0], before[id(obj)][1], None)
            for obj in formset.deleted_objects
            if id(obj) in before
        ]
        record_many(actor=request.user, drafts=drafts)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        ref, before = _ref(obj), admin_snapshot(obj)
        super().delete_model(request, obj)
        record(actor=request.user, action="delete", obj=ref, before=before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # "Delete selected" runs outside the admin's change transaction: the rows and their
        # entries go together here.
        with transaction.atomic(using=queryset.db):
            rows = list(queryset)
            drafts = [Draft("delete", _ref(row), admin_snapshot(row), None) for row in rows]
            super().delete_queryset(request, queryset)
            record_many(actor=request.user, drafts=drafts)
