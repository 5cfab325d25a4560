"""Reads of the audit trail: an object's history."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q, QuerySet

from .models import AuditEntry
from .services import ObjectRef


def history_for(obj: models.Model | ObjectRef) -> QuerySet[AuditEntry]:
    """Every entry about one object, newest first."""
    if isinstance(obj, ObjectRef):
        object_type, object_id = obj.type, obj.id
    else:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("-seq")


def history_for_all(objects: Iterable[models.Model | ObjectRef]) -> QuerySet[AuditEntry]:
    """Every entry about any of the objects (a project and its plans), newest first."""
    ids: dict[str, list[str]] = {}
    for obj in objects:
        if isinstance(obj, ObjectRef):
            ids.setdefault(obj.type, []).append(obj.id)
        else:
            ids.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
    if not ids:
        return AuditEntry.objects.none()
    which = Q()
    for object_type, object_ids in ids.items():
        which |= Q(object_type=object_type, object_id__in=object_ids)
    return AuditEntry.objects.filter(which).order_by("-seq")
