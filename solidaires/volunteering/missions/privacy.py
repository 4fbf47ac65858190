"""Personal data held by missions, volunteer offers and saved searches: export and erasure.

Reports about missions are the platform's reports (``moderation.Report``, decision 0828): the
moderation app exports and erases them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from solidaires.core import audit
from solidaires.volunteering.missions.models import Mission, SavedSearch, VolunteerOffer


def export_user_data(user: Any) -> dict[str, Any]:
    return {
        "missions_posted": [
            {
                "title": m.title,
                "state": m.get_state_display(),
                "created_at": m.created_at.isoformat(),
                "hidden_reason": m.hidden_reason,
            }
            for m in Mission.objects.filter(posted_by=user).order_by("pk")
        ],
        "volunteer_offers": [
            {
                "title": o.title,
                "description": o.description,
                "skills": o.skills,
                "weekdays": o.weekdays,
                "day_parts": o.day_parts,
                "home_commune": o.home_commune_id,
                "communes": [c.pk for c in o.communes.all()],
                "expires_at": o.expires_at.isoformat(),
                "state": o.get_state_display(),
            }
            for o in VolunteerOffer.objects.filter(person=user).prefetch_related("communes").order_by("pk")
        ],
        "saved_searches": [
            {"name": s.name, "query": s.query_string, "alert": s.alert}
            for s in SavedSearch.objects.filter(user=user).order_by("pk")
        ],
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Delete the person's offers and saved searches; close the missions they posted for an
    informal group (an association's missions stay, detached from the person). Idempotent."""
    VolunteerOffer.objects.filter(person=user).delete()
    SavedSearch.objects.filter(user=user).delete()
    informal = Mission.objects.filter(posted_by=user, association__isnull=True)
    for mission in informal.exclude(state__in=["closed", "expired"]):
        if mission.state in ("draft", "published", "full"):
            mission.close()
            mission.save(update_fields=["state", "closed_at", "updated_at"])
    informal.update(posted_by=None, contact=None, group_name="", on_behalf_name="")
    Mission.objects.filter(posted_by=user).update(posted_by=None)
    Mission.objects.filter(contact=user).update(contact=None)
    audit.record(actor=by, action="volunteering.user_erased", target=None, note=str(user.pk))
