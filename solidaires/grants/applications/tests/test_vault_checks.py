"""Upload checks by content (pure, no database)."""

from __future__ import annotations

import io
import zipfile

import pytest

from solidaires.grants.applications.documents import (
    DOCX_MIME,
    MAX_SIZE,
    ODT_MIME,
    UploadRejected,
    check_bytes,
    check_upload,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_MIME)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", EXE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("statuts.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("scan.jpeg", JPEG, "image/jpeg"),
        ("scan.jpg", JPEG, "image/jpeg"),
        ("budget.odt", odt_bytes(), ODT_MIME),
        ("budget.docx", docx_bytes(), DOCX_MIME),
    ],
)
def test_allowed_types_are_recognised_by_content(name, data, mime):
    assert check_bytes(name, data).content_type == mime


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rib.pdf", EXE),
        ("rib.pdf", HTML),
        ("budget.docx", plain_zip()),
        ("budget.odt", plain_zip()),
        ("budget.pdf", b"just text"),
    ],
)
def test_disguised_files_are_refused_in_french(name, data):
    with pytest.raises(UploadRejected, match="n'est pas un document PDF, JPEG, PNG, ODT ou DOCX valide"):
        check_bytes(name, data)


def test_extension_must_match_content():
    with pytest.raises(UploadRejected, match="renommez-le"):
        check_bytes("photo.pdf", PNG)


def test_size_limit():
    with pytest.raises(UploadRejected, match="la limite est de 10 Mo"):
        check_upload(name="big.pdf", size=MAX_SIZE + 1, stream=io.BytesIO(PDF))
    assert check_upload(name="ok.pdf", size=MAX_SIZE, stream=io.BytesIO(PDF)).size == MAX_SIZE


def test_empty_file():
    with pytest.raises(UploadRejected, match="vide"):
        check_bytes("vide.pdf", b"")
