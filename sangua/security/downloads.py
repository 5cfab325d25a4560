"""Serving uploaded files safely: as attachments, never sniffed, only to who may see the owner.

An app registers each file field it serves with the check that decides who may see the
object owning the file::

    register_download(Attachment, "file", can_see=lambda user, att: can_see_item(user, att.item))

and links to ``{% url 'security:download' 'supervision.attachment.file' att.pk %}``. Or, in its
own view after its own checks, returns ``attachment_response(obj.file)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from .uploads import KINDS, extension_of


@dataclass(frozen=True)
class Downloadable:
    model: type[models.Model]
    field: str
    can_see: Callable[[Any, Any], bool]


_registry: dict[str, Downloadable] = {}


def download_key(model: type[models.Model], field: str) -> str:
    return f"{model._meta.label_lower}.{field}"


def register_download(
    model: type[models.Model], field: str, *, can_see: Callable[[Any, Any], bool]
) -> str:
    """Let ``security:download`` serve ``model.field`` to users for whom ``can_see(user, obj)``."""
    key = download_key(model, field)
    _registry[key] = Downloadable(model, field, can_see)
    return key


def attachment_response(
    file: FieldFile, *, filename: str | None = None, content_type: str | None = None
) -> FileResponse:
    """A file as a download: attachment, type from its checked extension, no sniffing, no scripts."""
    name = filename or (file.name or "download").rsplit("/", 1)[-1]
    kind = KINDS.get(extension_of(name))
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type or (kind.content_type if kind else "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def download(request: HttpRequest, key: str, pk: int | str) -> FileResponse:
    """Serve a registered file field of one object; 404 to anyone who may not see the object."""
    entry = _registry.get(key)
    if entry is None:
        raise Http404
    obj = entry.model._default_manager.filter(pk=pk).first()
    if obj is None or not request.user.is_authenticated or not entry.can_see(request.user, obj):
        raise Http404
    file = getattr(obj, entry.field)
    if not file:
        raise Http404
    return attachment_response(file)
