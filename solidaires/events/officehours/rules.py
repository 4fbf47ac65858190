"""Who may do what with permanences, appointment bookings and personal feeds.

Registered as ``events.officehours_*``, ``events.booking_*`` and ``events.feed_*`` permissions;
views, services and templates all ask these.
"""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_agent, is_authenticated
from solidaires.events.organisers import managed_association_ids, manages_an_association

from .models import Booking, OfficeHours, OfficeHoursState


@rules.predicate
def is_officehours_organiser(user: Any, office_hours: OfficeHours | None) -> bool:
    """A manager of the association holding the permanence (agents: see is_agent)."""
    if office_hours is None or office_hours.association_id is None:
        return False
    return office_hours.association_id in managed_association_ids(user)


@rules.predicate
def is_public_officehours(user: Any, office_hours: OfficeHours | None) -> bool:
    return office_hours is not None and office_hours.state in (
        OfficeHoursState.ACTIVE,
        OfficeHoursState.SUSPENDED,
    )


@rules.predicate
def takes_appointments(user: Any, office_hours: OfficeHours | None) -> bool:
    return office_hours is not None and office_hours.takes_appointments


@rules.predicate
def is_booking_owner(user: Any, booking: Booking | None) -> bool:
    return booking is not None and user is not None and booking.user_id == getattr(user, "pk", None)


@rules.predicate
def organises_booking(user: Any, booking: Booking | None) -> bool:
    return booking is not None and is_officehours_organiser(user, booking.office_hours)


can_add_officehours = is_agent | manages_an_association
can_change_officehours = is_agent | is_officehours_organiser
can_view_officehours = is_public_officehours | can_change_officehours
can_book = is_authenticated & takes_appointments
can_cancel_booking = is_booking_owner | is_agent | organises_booking

rules.add_perm("events.officehours_add", can_add_officehours)
rules.add_perm("events.officehours_change", can_change_officehours)
rules.add_perm("events.officehours_view", can_view_officehours)
rules.add_perm("events.officehours_view_bookings", can_change_officehours)
rules.add_perm("events.booking_add", can_book)
rules.add_perm("events.booking_cancel", can_cancel_booking)
rules.add_perm("events.feed_personal", is_authenticated)
