"""Reads of the audit trail: an object's history."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry
from .services import ObjectRef


def history_for(obj: models.Model | ObjectRef) -> QuerySet[AuditEntry]:
    """Every entry about one object, newest first."""
    if isinstance(obj, ObjectRef):
        object_type, object_id = obj.type, obj.id
    else:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("-seq")
