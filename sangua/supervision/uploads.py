"""Checking uploaded evidence: allowed types (pdf, jpg, png, docx, xlsx) and a size limit.

The type is judged by the file's name *and* its first bytes, so a renamed executable is refused.
Office documents are ZIP files; a .docx must contain ``word/document.xml``, an .xlsx
``xl/workbook.xml``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sangua.core.errors import ValidationFailed


@dataclass(frozen=True)
class Kind:
    content_type: str
    magic: bytes
    zip_member: str | None = None


KINDS: dict[str, Kind] = {
    ".pdf": Kind("application/pdf", b"%PDF-"),
    ".jpg": Kind("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": Kind("image/jpeg", b"\xff\xd8\xff"),
    ".png": Kind("image/png", b"\x89PNG\r\n\x1a\n"),
    ".docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
        "word/document.xml",
    ),
    ".xlsx": Kind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
        "xl/workbook.xml",
    ),
}
ALLOWED_LABEL = "pdf, jpg, png, docx, xlsx"
ACCEPT_ATTRIBUTE = ",".join(KINDS)  # for <input type="file" accept="...">


def max_bytes() -> int:
    """The upload limit (SANGUA_UPLOAD_MAX_MB, default 20 MB)."""
    return int(getattr(settings, "SANGUA_UPLOAD_MAX_MB", 20)) * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    size: int
    content_type: str


def _zip_has(handle: IO[bytes], member: str) -> bool:
    try:
        with zipfile.ZipFile(handle) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_upload(upload: UploadedFile, field: str = "files") -> CheckedFile:
    """Refuse a file of a type not allowed, too large, empty, or whose content does not match."""
    name = PurePath(upload.name or "").name[:200] or "file"
    extension = PurePath(name).suffix.lower()
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationFailed(
            "file_type",
            _("{name}: only {allowed} files may be attached.").format(
                name=name, allowed=ALLOWED_LABEL
            ),
            field=field,
        )
    size = upload.size or 0
    if size <= 0:
        raise ValidationFailed("file_empty", _("{name} is empty.").format(name=name), field=field)
    limit = max_bytes()
    if size > limit:
        raise ValidationFailed(
            "file_too_large",
            _("{name} is larger than {limit} MB.").format(name=name, limit=limit // (1024 * 1024)),
            field=field,
        )
    upload.seek(0)
    head = upload.read(len(kind.magic))
    matches = head == kind.magic
    if matches and kind.zip_member is not None:
        upload.seek(0)
        matches = _zip_has(upload, kind.zip_member)  # type: ignore[arg-type]
    upload.seek(0)
    if not matches:
        raise ValidationFailed(
            "file_content",
            _("{name} is not really a {extension} file.").format(name=name, extension=extension),
            field=field,
        )
    return CheckedFile(name=name, extension=extension, size=size, content_type=kind.content_type)
