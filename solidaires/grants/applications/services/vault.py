"""Writes of the document vault: upload, deletion, expiry warnings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.core import audit
from solidaires.grants.applications.documents import UploadRejected, check_upload
from solidaires.grants.applications.models import Applicant, ApplicationState, DocumentKind, VaultDocument
from solidaires.grants.applications.services.common import require_perm


@transaction.atomic
def vault_upload(
    *,
    applicant: Applicant,
    by: Any,
    kind: DocumentKind,
    uploaded_file: UploadedFile,
    valid_until: date | None = None,
) -> VaultDocument:
    """Check the file by content and size, then keep it in the applicant's vault."""
    require_perm("grants.upload_document", by, applicant)
    try:
        checked = check_upload(
            name=uploaded_file.name or "",
            size=uploaded_file.size or 0,
            stream=uploaded_file.file,  # type: ignore[arg-type]
        )
    except UploadRejected as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if kind.needs_validity_date and valid_until is None:
        raise ValidationError({"valid_until": _("Indiquez jusqu'à quand ce document est valable.")})
    uploaded_file.seek(0)
    document = VaultDocument(
        applicant=applicant,
        kind=kind,
        original_name=(uploaded_file.name or "document")[:200],
        content_type=checked.content_type,
        size=checked.size,
        valid_until=valid_until,
        uploaded_by=by,
    )
    document.file.save(uploaded_file.name or "document", uploaded_file, save=False)
    document.full_clean()
    document.save()
    audit.record(
        actor=by,
        action="grant_vault.uploaded",
        target=document,
        after={"kind": kind.code, "size": checked.size, "valid_until": str(valid_until or "")},
    )
    return document


def document_is_locked(document: VaultDocument) -> bool:
    """Attached to a file that was submitted: kept as long as that file exists."""
    return document.attachments.exclude(application__state=ApplicationState.DRAFT).exists()


@transaction.atomic
def vault_delete(*, document: VaultDocument, by: Any) -> None:
    require_perm("grants.delete_document", by, document)
    if document_is_locked(document):
        raise ValidationError(
            _("Ce document est joint à un dossier déposé : il est conservé avec ce dossier.")
        )
    audit.record(
        actor=by,
        action="grant_vault.deleted",
        target=document,
        before={"kind": document.kind.code, "name": document.original_name},
    )
    document.attachments.all().delete()
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


def documents_to_warn(*, today: date | None = None, days: int = 30) -> list[int]:
    """Vault documents expiring within ``days`` days and not yet warned about."""
    today = today or timezone.localdate()
    return list(
        VaultDocument.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
            expiry_warned_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def mark_document_warned(document_id: int) -> bool:
    """Idempotent: True only the first time (the task sends the e-mail then)."""
    return bool(
        VaultDocument.objects.filter(pk=document_id, expiry_warned_at__isnull=True).update(
            expiry_warned_at=timezone.now()
        )
    )
