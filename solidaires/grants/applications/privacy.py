"""Personal data held by the grants applicant side: export and erasure (registered in apps.py).

Grant files are public archives (Code du patrimoine): erasing a person never destroys a
submitted file. The person is detached from every applicant space; their own person space
is anonymised; their drafts (never submitted, no archive value) and the vault documents not
attached to a submitted file are deleted.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from solidaires.core import audit
from solidaires.grants.applications.models import (
    Applicant,
    ApplicantKind,
    Application,
    ApplicationEvent,
    ApplicationState,
    VaultDocument,
)


def export_user_data(user: Any) -> dict[str, Any]:
    spaces = Applicant.objects.filter(person=user) | Applicant.objects.filter(members=user)
    spaces = spaces.distinct().order_by("pk")
    return {
        "spaces": [
            {
                "name": s.name,
                "kind": s.get_kind_display(),
                "email": s.email,
                "applications": [
                    {
                        "number": a.number,
                        "title": a.title,
                        "state": a.get_state_display(),
                        "amount_requested_cents": a.amount_requested_cents,
                        "amount_granted_cents": a.amount_granted_cents,
                        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                    }
                    for a in s.applications.order_by("pk")
                ],
                "documents": [
                    {
                        "kind": d.kind.label,
                        "name": d.original_name,
                        "valid_until": d.valid_until.isoformat() if d.valid_until else None,
                    }
                    for d in s.documents.select_related("kind").order_by("pk")
                ],
            }
            for s in spaces
        ],
        "actions_on_files": ApplicationEvent.objects.filter(actor=user).count(),
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Detach and anonymise; keep submitted files (archives). Idempotent."""
    own_spaces = list(Applicant.objects.filter(person=user, kind=ApplicantKind.PERSON))
    for space in own_spaces:
        Application.objects.filter(applicant=space, state=ApplicationState.DRAFT).delete()
        for document in VaultDocument.objects.filter(applicant=space):
            if not document.attachments.exclude(application__state=ApplicationState.DRAFT).exists():
                document.file.delete(save=False)
                document.delete()
        Applicant.objects.filter(pk=space.pk).update(
            name="Porteur de projet (compte effacé)", email="", person=None
        )
    for space in Applicant.objects.filter(members=user):
        space.members.remove(user)
    Applicant.objects.filter(person=user).update(person=None)
    Applicant.objects.filter(created_by=user).update(created_by=None)
    VaultDocument.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Application.objects.filter(created_by=user).update(created_by=None)
    if own_spaces:
        audit.record(
            actor=by, action="grant_applicant.erased", note=f"{len(own_spaces)} espace(s) anonymisé(s)"
        )
