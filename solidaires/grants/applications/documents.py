"""Upload checks of the document vault: allow-list by CONTENT (magic bytes), size limit.

PDF, JPEG and PNG are recognised by their signature (``filetype``). ODT and DOCX are zip
containers: an ODT has a ``mimetype`` entry saying ``application/vnd.oasis.opendocument.text``,
a DOCX has ``[Content_Types].xml`` declaring a ``wordprocessingml`` main part. Anything else —
an executable or an HTML page renamed ``.pdf`` — is refused with a French error.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype

MAX_SIZE = 10 * 1024 * 1024  # 10 MB
ODT_MIME = "application/vnd.oasis.opendocument.text"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# content type → accepted extensions
ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    ODT_MIME: (".odt",),
    DOCX_MIME: (".docx",),
}
ACCEPT_ATTR = ",".join([*ALLOWED.keys(), ".pdf", ".jpg", ".jpeg", ".png", ".odt", ".docx"])
HUMAN_TYPES = "PDF, JPEG, PNG, ODT ou DOCX"


class UploadRejected(ValueError):
    """The file is not acceptable; ``str(exc)`` is a French message for the person."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def _zip_kind(head: bytes, stream: BinaryIO) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == ODT_MIME:
                    return ODT_MIME
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
                if "wordprocessingml.document.main+xml" in types:
                    return DOCX_MIME
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        stream.seek(0)
    return None


def sniff(stream: BinaryIO) -> str | None:
    """The content type recognised from the bytes, among the allowed ones, else None."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, stream)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        return None
    return str(kind.mime)


def check_upload(*, name: str, size: int, stream: BinaryIO) -> CheckedFile:
    """Raise UploadRejected (French message) unless the file is an allowed type of at most 10 MB."""
    if size <= 0:
        raise UploadRejected("Le fichier est vide.")
    if size > MAX_SIZE:
        raise UploadRejected(
            f"Le fichier pèse {size / 1024 / 1024:.1f} Mo : la limite est de 10 Mo. "
            "Réduisez-le (par exemple en le scannant en noir et blanc) puis réessayez.".replace(".", ",", 1)
        )
    lowered = name.lower()
    extension = "." + lowered.rsplit(".", 1)[-1] if "." in lowered else ""
    content_type = sniff(stream)
    if content_type is None:
        raise UploadRejected(
            f"Ce fichier n'est pas un document {HUMAN_TYPES} valide, quel que soit son nom. "
            "Enregistrez-le dans l'un de ces formats puis réessayez."
        )
    if extension not in ALLOWED[content_type]:
        raise UploadRejected(
            f"Le nom du fichier se termine par « {extension or 'rien'} » mais son contenu est "
            f"un fichier {ALLOWED[content_type][0][1:].upper()} : renommez-le ou choisissez le bon fichier."
        )
    return CheckedFile(content_type=content_type, extension=extension, size=size)


def check_bytes(name: str, data: bytes) -> CheckedFile:
    return check_upload(name=name, size=len(data), stream=io.BytesIO(data))
