"""Checking uploads by extension AND content, and the types we know how to serve back.

``check_upload`` refuses a file whose name and first bytes disagree (an .exe renamed .pdf, an
HTML page renamed .png), an empty file, and one over the size limit. Office documents (.docx,
.xlsx) are zip archives: their central directory must name the part that makes them what they
claim to be.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from sangua.core.errors import ValidationFailed

DEFAULT_ALLOWED = ("pdf", "jpg", "png", "docx", "xlsx")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    magic: tuple[bytes, ...]
    zip_part: str = ""  # for Office files: a member the archive must contain


KINDS: dict[str, FileKind] = {
    k.extension: k
    for k in (
        FileKind("pdf", "application/pdf", (b"%PDF-",)),
        FileKind("jpg", "image/jpeg", (b"\xff\xd8\xff",)),
        FileKind("png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
        FileKind("gif", "image/gif", (b"GIF87a", b"GIF89a")),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (b"PK\x03\x04",),
            "word/document.xml",
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (b"PK\x03\x04",),
            "xl/workbook.xml",
        ),
    )
}
ALIASES = {"jpeg": "jpg"}


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload: its (base) name, kind, size and the content type to serve it with."""

    name: str
    extension: str
    size: int
    content_type: str


def extension_of(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ALIASES.get(ext, ext)


def _size(file: IO[bytes] | Any) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, 2)
    end = file.tell()
    file.seek(position)
    return int(end)


def _zip_has(file: IO[bytes] | Any, member: str) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "[Content_Types].xml" in names and member in names


def check_upload(
    file: IO[bytes] | Any,
    *,
    allowed: tuple[str, ...] = DEFAULT_ALLOWED,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CheckedUpload:
    """Accept a file only if its extension is allowed, its content matches it, and it fits."""
    name = str(getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = extension_of(name)
    allowed_kinds = {ALIASES.get(a.lower(), a.lower()) for a in allowed}
    if extension not in allowed_kinds or extension not in KINDS:
        raise ValidationFailed(
            "upload_type_not_allowed",
            _("Files of this type cannot be uploaded; allowed: {types}.").format(
                types=", ".join(sorted(allowed_kinds))
            ),
            field="file",
        )
    size = _size(file)
    if size == 0:
        raise ValidationFailed("upload_empty", _("The file is empty."), field="file")
    if size > max_bytes:
        raise ValidationFailed(
            "upload_too_large",
            _("The file is {size} MB; the limit is {limit} MB.").format(
                size=round(size / 1048576, 1), limit=round(max_bytes / 1048576, 1)
            ),
            field="file",
        )
    kind = KINDS[extension]
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(magic) for magic in kind.magic) or (
        kind.zip_part and not _zip_has(file, kind.zip_part)
    ):
        raise ValidationFailed(
            "upload_type_mismatch",
            _("The file's content is not a .{extension} file, whatever its name says.").format(
                extension=extension
            ),
            field="file",
        )
    return CheckedUpload(name=name, extension=extension, size=size, content_type=kind.content_type)
