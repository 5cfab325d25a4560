"""Evidence uploads: pdf, jpg, png, docx, xlsx, under a size limit — the shared upload policy.

The checking itself (extension *and* content, Office archives opened) is the security app's
``check_upload``; this module says which kinds supervision takes and how large, and names the
file in the refusal, since one answer may carry several files.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sangua.core.errors import ValidationFailed
from sangua.security.uploads import CheckedUpload
from sangua.security.uploads import check_upload as check_file

ALLOWED = ("pdf", "jpg", "png", "docx", "xlsx")
ALLOWED_LABEL = ", ".join(ALLOWED)
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"  # for <input type="file" accept="...">


def max_bytes() -> int:
    """The upload limit (SANGUA_UPLOAD_MAX_MB, default 20 MB)."""
    return int(getattr(settings, "SANGUA_UPLOAD_MAX_MB", 20)) * 1024 * 1024


def check_upload(upload: UploadedFile, field: str = "evidence") -> CheckedUpload:
    """Refuse a file of a type not allowed, too large, empty, or whose content does not match."""
    try:
        checked = check_file(upload, allowed=ALLOWED, max_bytes=max_bytes())
    except ValidationFailed as refused:
        name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
        raise ValidationFailed(
            refused.code, f"{name}: {refused.message}" if name else refused.message, field=field
        ) from None
    return checked
