"""Personal data held by permanences: appointments and the private calendar token.

Registered with solidaires.accounts.privacy by EventsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Booking, CalendarToken, OfficeHours, OfficeHoursException


def export_user_data(user: Any) -> dict[str, Any]:
    token = CalendarToken.objects.filter(user=user).first()
    return {
        "appointments": [
            {
                "permanence": b.office_hours.title,
                "place": b.office_hours.place.name,
                "starts_at": b.slot_start.isoformat(),
                "ends_at": b.slot_end.isoformat(),
                "state": b.get_state_display(),
                "booked_at": b.created_at.isoformat(),
                "cancelled_at": b.cancelled_at.isoformat() if b.cancelled_at else None,
            }
            for b in Booking.objects.filter(user=user)
            .select_related("office_hours", "office_hours__place")
            .order_by("pk")
        ],
        "private_calendar": (
            {
                "created_at": token.created_at.isoformat(),
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            }
            if token
            else None
        ),
        "permanences_created": list(
            OfficeHours.objects.filter(created_by=user).order_by("pk").values_list("title", flat=True)
        ),
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Delete the person's appointments (freeing coming slots) and calendar token; detach them
    from the permanences and date changes they recorded. Idempotent."""
    Booking.objects.filter(user=user).delete()
    CalendarToken.objects.filter(user=user).delete()
    Booking.objects.filter(cancelled_by=user).update(cancelled_by=None)
    OfficeHours.objects.filter(created_by=user).update(created_by=None)
    OfficeHoursException.objects.filter(created_by=user).update(created_by=None)
