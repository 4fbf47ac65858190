"""Validation of what people type or upload for an association (French error messages)."""

from __future__ import annotations

import io
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siret as stdnum_siret

RNA_RE = re.compile(r"^W\d{9}$")
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{6,30}$")
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
LOGO_MAX_SIDE = 1024


def normalize_rna(value: str) -> str:
    """'w 261 000 123' → 'W261000123'."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def normalize_siret(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_rna(value: str) -> None:
    if value and not RNA_RE.match(value):
        raise ValidationError(
            _("Le numéro RNA commence par W suivi de 9 chiffres, par exemple W261000123."),
            code="invalid_rna",
        )


def validate_siret(value: str) -> None:
    if not value:
        return
    if not value.isdigit() or len(value) != 14:
        raise ValidationError(_("Le SIRET compte 14 chiffres."), code="invalid_siret")
    try:
        stdnum_siret.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _(
                "Ce numéro SIRET n'existe pas : vérifiez les 14 chiffres (la clé de contrôle ne correspond pas)."
            ),
            code="invalid_siret",
        ) from exc


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("Indiquez un numéro de téléphone, par exemple 04 75 00 00 00."), code="invalid_phone"
        )


def clean_logo(upload: Any) -> ContentFile:
    """Check an uploaded logo by its content and return it re-encoded under a random name.

    Only PNG, JPEG and WebP images are accepted, whatever the file name says; the image is
    decoded and re-encoded (which drops metadata and anything hidden after the image data)
    and reduced to at most LOGO_MAX_SIDE pixels on its longest side.
    """
    max_bytes = settings.SOLIDAIRES_LOGO_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Le logo pèse %(size)s ; la taille maximale est de %(max)s.")
            % {"size": _human_size(size), "max": _human_size(max_bytes)},
            code="logo_too_large",
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Le logo dépasse la taille maximale de %(max)s.") % {"max": _human_size(max_bytes)},
            code="logo_too_large",
        )
    not_an_image = ValidationError(
        _("Ce fichier n'est pas une image PNG, JPEG ou WebP. Choisissez un logo dans l'un de ces formats."),
        code="logo_invalid",
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in LOGO_FORMATS:
            raise not_an_image
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            opened.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            image: Image.Image = opened
            out = io.BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
            elif image_format == "WEBP":
                image.save(out, format="WEBP", quality=88)
            else:
                if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                    image = image.convert("RGBA")
                image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise not_an_image from exc
    name = f"{secrets.token_hex(16)}.{LOGO_FORMATS[image_format]}"
    return ContentFile(out.getvalue(), name=name)


def _human_size(num_bytes: int) -> str:
    if num_bytes >= 1_048_576:
        value = num_bytes / 1_048_576
        text = f"{value:.1f}".replace(".", ",").replace(",0", "")
        return f"{text} Mo"
    return f"{max(1, round(num_bytes / 1024))} Ko"
