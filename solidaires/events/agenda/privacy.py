"""Personal data held by the events app: export and erasure (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import CafeSignup, Event, Registration, RegistrationState


def export_user_data(user: Any) -> dict[str, Any]:
    """The person's registrations (with attendance) and the café that led to their sign-up."""
    cafe = CafeSignup.objects.filter(user=user).select_related("event").first()
    return {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "state": r.get_state_display(),
                "registered_at": r.created_at.isoformat(),
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
                "attended_at": r.attended_at.isoformat() if r.attended_at else None,
            }
            for r in Registration.objects.filter(user=user).select_related("event").order_by("pk")
        ],
        "events_created": list(
            Event.objects.filter(created_by=user).order_by("pk").values_list("title", flat=True)
        ),
        "cafe_signup": {"event": cafe.event.title, "at": cafe.created_at.isoformat()} if cafe else None,
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Delete the person's registrations and café attribution; detach them from events they created.

    Counts already published by the indicators are aggregates and stay valid. Idempotent.
    """
    from django.utils import timezone

    from .services import promote_waiting_list

    # A place freed in a coming event goes to the first person of its waiting list.
    coming = Registration.objects.filter(
        user=user, state=RegistrationState.CONFIRMED, event__ends_at__gte=timezone.now()
    ).values_list("event_id", flat=True)
    for event_id in list(coming):
        event = Event.objects.select_for_update().get(pk=event_id)
        Registration.objects.filter(user=user, event=event).delete()
        promote_waiting_list(event, by=None)
    Registration.objects.filter(user=user).delete()
    CafeSignup.objects.filter(user=user).delete()
    Event.objects.filter(created_by=user).update(created_by=None)
    Registration.objects.filter(attendance_marked_by=user).update(attendance_marked_by=None)
