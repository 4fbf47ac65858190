"""Small builders shared by the associations tests."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

VALID_RNA = "W261000123"
VALID_SIRET = "73282932000074"
BAD_SIRET = "73282932000075"  # wrong check digit


def image_upload(
    name: str = "logo.png", fmt: str = "PNG", size: tuple[int, int] = (64, 64)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 105)).save(buffer, format=fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def html_disguised_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "logo.png", b"<html><body><script>alert(1)</script></body></html>", content_type="image/png"
    )


def svg_disguised_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/png",
    )


def big_upload(num_bytes: int) -> SimpleUploadedFile:
    # A real PNG header followed by padding: large, whatever its content.
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    data = buffer.getvalue()
    return SimpleUploadedFile("gros.png", data + b"\0" * (num_bytes - len(data)), content_type="image/png")


def association_data(commune: Any, **overrides: Any) -> dict[str, Any]:
    """Data for services.association_create."""
    data: dict[str, Any] = {
        "name": "Les Jardins Partagés du Polygone",
        "acronym": "JPP",
        "legal_form": "association_1901",
        "rna": VALID_RNA,
        "siret": "",
        "head_office_commune": commune,
        "description": "Des jardins au pied des immeubles.",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "themes": ["environnement"],
        "communes": [commune.insee],
    }
    data.update(overrides)
    return data


def form_post(commune: Any, **overrides: Any) -> dict[str, Any]:
    """POST data for the create / edit form."""
    data: dict[str, Any] = {
        "name": "Les Jardins Partagés du Polygone",
        "acronym": "JPP",
        "legal_form": "association_1901",
        "rna": "w 261 000 123",
        "siret": "",
        "themes": ["environnement", "vie-quartier"],
        "head_office_commune": commune.insee,
        "communes": [commune.insee],
        "description": "Des jardins au pied des immeubles.\nTous les samedis.",
        "contact_email": "bonjour@jardins.exemple.fr",
        "contact_phone": "04 75 00 00 00",
        "website": "https://jardins.exemple.fr",
    }
    data.update(overrides)
    return data
