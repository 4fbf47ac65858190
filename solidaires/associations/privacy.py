"""Personal data held by the associations app: export and erasure (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from solidaires.core import audit

from .models import Association, Claim, Invitation, Membership, MembershipRole


def export_user_data(user: Any) -> dict[str, Any]:
    """The person's memberships, claims, invitations sent to them, associations they listed."""
    return {
        "memberships": [
            {
                "association": m.association.name,
                "role": m.get_role_display(),
                "since": m.created_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("association").order_by("pk")
        ],
        "claims": [
            {
                "association": c.association.name,
                "message": c.message,
                "status": c.get_status_display(),
                "created_at": c.created_at.isoformat(),
                "decided_at": c.decided_at.isoformat() if c.decided_at else None,
            }
            for c in Claim.objects.filter(user=user).select_related("association").order_by("pk")
        ],
        "invitations": [
            {
                "association": i.association.name,
                "email": i.email,
                "role": i.get_role_display(),
                "created_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(email__iexact=user.email)
            .select_related("association")
            .order_by("pk")
        ],
        "associations_created": list(
            Association.objects.filter(created_by=user).order_by("pk").values_list("name", flat=True)
        ),
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Remove the person's memberships, claims and invitations; detach them from the associations
    they created or verified. An association left without a manager is flagged for the agents
    (``managerless_since``, shown on the agents' dashboard). Idempotent."""
    managed_ids = list(
        Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values_list(
            "association_id", flat=True
        )
    )
    Membership.objects.filter(user=user).delete()
    Claim.objects.filter(user=user).delete()
    if user.email:
        Invitation.objects.filter(email__iexact=user.email).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Claim.objects.filter(decided_by=user).update(decided_by=None)
    Association.objects.filter(created_by=user).update(created_by=None)
    Association.objects.filter(verified_by=user).update(verified_by=None)
    still_managed = set(
        Membership.objects.filter(association_id__in=managed_ids, role=MembershipRole.MANAGER).values_list(
            "association_id", flat=True
        )
    )
    orphaned = Association.objects.filter(
        pk__in=set(managed_ids) - still_managed, managerless_since__isnull=True
    )
    now = timezone.now()
    for association in orphaned:
        association.managerless_since = now
        association.save(update_fields=["managerless_since"])
        audit.record(
            actor=by,
            action="association.managerless",
            target=association,
            note="Dernier·e responsable parti·e (effacement d'un compte).",
        )
