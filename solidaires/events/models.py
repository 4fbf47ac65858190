"""The events app's models, from its two sub-packages (Django finds them here).

``agenda``: events, registrations, café sign-ups. ``officehours``: permanences, their date
exceptions, appointment bookings and personal calendar tokens. Import from the sub-packages.
"""

from solidaires.events.agenda.models import CafeSignup, Event, Registration, new_checkin_token
from solidaires.events.officehours.models import (
    Booking,
    CalendarToken,
    OfficeHours,
    OfficeHoursException,
)

__all__ = [
    "Booking",
    "CafeSignup",
    "CalendarToken",
    "Event",
    "OfficeHours",
    "OfficeHoursException",
    "Registration",
    "new_checkin_token",  # the default of Registration.checkin_token, named by migration 0001
]
