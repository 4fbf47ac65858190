"""Personal data held by engagements, hours and proposals: export and erasure
(registered in apps.py as "volunteering_engagements"; register in docs/privacy/volunteering-engagements.md)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from solidaires.core import audit
from solidaires.volunteering.engagement.models import (
    Engagement,
    EngagementState,
    EngagementTransition,
    HoursEntry,
    MissionProposal,
)


def export_user_data(user: Any) -> dict[str, Any]:
    """The person's applications and engagements, their hours, the missions proposed to them."""
    engagements = Engagement.objects.filter(volunteer=user).select_related("mission", "mission__association")
    return {
        "engagements": [
            {
                "mission": e.mission.title,
                "organised_by": e.mission.organiser_name,
                "state": e.get_state_display(),
                "message": e.message,
                "parental_consent": e.parental_consent,
                "decline_reason": e.decline_reason,
                "applied_at": e.created_at.isoformat(),
                "answered_at": e.answered_at.isoformat() if e.answered_at else None,
                "ended_at": e.ended_at.isoformat() if e.ended_at else None,
            }
            for e in engagements.order_by("pk")
        ],
        "hours": [
            {
                "mission": h.engagement.mission.title,
                "day": h.day.isoformat(),
                "minutes": h.minutes,
                "note": h.note,
                "state": h.get_state_display(),
                "reject_reason": h.reject_reason,
            }
            for h in HoursEntry.objects.filter(engagement__volunteer=user)
            .select_related("engagement__mission")
            .order_by("day", "pk")
        ],
        "missions_proposed_to_me": [
            {
                "mission": p.mission.title,
                "message": p.message,
                "state": p.get_state_display(),
                "created_at": p.created_at.isoformat(),
            }
            for p in MissionProposal.objects.filter(offer__person=user)
            .select_related("mission")
            .order_by("pk")
        ],
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Withdraw open applications, end active engagements, blank the free texts the person wrote.

    The rows stay, attached to the anonymised account: the association's counts of volunteers and
    validated hours do not change (decision 0826). Idempotent.
    """
    now = timezone.now()
    for engagement in Engagement.objects.filter(
        volunteer=user, state__in=[EngagementState.APPLIED, EngagementState.ACTIVE]
    ):
        before = engagement.state
        if before == EngagementState.APPLIED:
            engagement.withdraw()
        else:
            engagement.end()
        engagement.save(update_fields=["state", "ended_at", "updated_at"])
        EngagementTransition.objects.create(
            engagement=engagement, by=by, from_state=before, to_state=engagement.state, note="Compte effacé"
        )
        audit.record(
            actor=by,
            action="engagement.erased",
            target=engagement,
            before={"state": before},
            after={"state": engagement.state},
            note="Effacement du compte de la personne bénévole.",
        )
    Engagement.objects.filter(volunteer=user).exclude(message="").update(message="", updated_at=now)
    HoursEntry.objects.filter(engagement__volunteer=user).exclude(note="").update(note="", updated_at=now)
    MissionProposal.objects.filter(offer__person=user, state="proposed").update(
        state="declined", decided_at=now
    )
