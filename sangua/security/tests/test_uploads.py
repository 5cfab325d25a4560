"""check_upload: extension and content must agree, within the size limit."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sangua.core.errors import ValidationFailed
from sangua.security.uploads import check_upload


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
DOCX = _zip("[Content_Types].xml", "word/document.xml")
XLSX = _zip("[Content_Types].xml", "xl/workbook.xml")


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("说明.pdf", PDF, "pdf", "application/pdf"),
        ("photo.JPG", JPG, "jpg", "image/jpeg"),
        ("photo.jpeg", JPG, "jpg", "image/jpeg"),
        ("site.png", PNG, "png", "image/png"),
        (
            "report.docx",
            DOCX,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "sheet.xlsx",
            XLSX,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_good_files_are_accepted(name, content, extension, content_type):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert (checked.name, checked.extension, checked.size, checked.content_type) == (
        name,
        extension,
        len(content),
        content_type,
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "upload_type_not_allowed"),
        ("page.html", b"<html>", "upload_type_not_allowed"),
        ("noextension", PDF, "upload_type_not_allowed"),
        ("virus.pdf", b"MZ\x90\x00", "upload_type_mismatch"),  # an executable renamed
        ("page.png", b"<script>alert(1)</script>", "upload_type_mismatch"),  # HTML renamed
        ("photo.png", JPG, "upload_type_mismatch"),  # a real image, the wrong kind
        ("report.docx", XLSX, "upload_type_mismatch"),  # a zip, but not a Word document
        ("sheet.xlsx", _zip("evil.sh"), "upload_type_mismatch"),  # any zip renamed
        ("sheet.xlsx", b"PK\x03\x04garbage", "upload_type_mismatch"),  # a broken zip
        ("empty.pdf", b"", "upload_empty"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationFailed) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert refused.value.code == code
    assert refused.value.field == "file"


def test_the_size_limit_is_checked():
    with pytest.raises(ValidationFailed) as refused:
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2_000_000), max_bytes=1_048_576)
    assert refused.value.code == "upload_too_large"
    assert refused.value.message == "The file is 1.9 MB; the limit is 1.0 MB."


def test_the_allowed_types_can_be_narrowed():
    with pytest.raises(ValidationFailed) as refused:
        check_upload(SimpleUploadedFile("说明.pdf", PDF), allowed=("xlsx",))
    assert refused.value.message == "Files of this type cannot be uploaded; allowed: xlsx."


def test_a_plain_file_object_works_too():
    file = io.BytesIO(PNG)
    file.name = "/tmp/a.png"
    assert check_upload(file).size == len(PNG)
    assert file.tell() == 0  # left at the start for whoever saves it
