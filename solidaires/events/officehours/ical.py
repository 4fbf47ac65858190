"""Permanences and appointments as iCalendar, through the app's one VEVENT builder
(``solidaires.events.ical.vevent``).

- A permanence is ONE VEVENT with its RRULE (UNTIL in UTC or COUNT), EXDATEs for cancelled
  dates and skipped public holidays, and an override VEVENT (same UID, RECURRENCE-ID) for each
  moved date; not expanded copies (decision 0921).
- An appointment is one VEVENT, UID ``booking-<pk>@<host>``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from django.utils import timezone
from icalendar import Event as VEvent
from icalendar import vRecur

from solidaires.events import ical

from . import recurrence
from .models import Booking, OfficeHours
from .selectors import FEED_HOLIDAY_YEARS, schedule_of

PARIS = recurrence.PARIS


def officehours_components(
    office_hours: OfficeHours, *, stamp: datetime | None = None, horizon: date | None = None
) -> list[VEvent]:
    """The master VEVENT (RRULE + EXDATE) and one override per moved date."""
    schedule = schedule_of(office_hours)
    place = office_hours.place
    url = ical.absolute(office_hours.get_absolute_url())
    organiser = office_hours.association.name if office_hours.association is not None else "L'Agglo"
    description = f"{office_hours.get_kind_display()} — {organiser}. {recurrence.describe(schedule)}."
    if office_hours.description:
        description += f"\n\n{office_hours.description}"
    if office_hours.slot_minutes:
        description += f"\n\nSur rendez-vous ({office_hours.slot_minutes} min) : {url}"
    master = ical.CalendarItem(
        uid=ical.uid("officehours", office_hours.pk),
        stamp=stamp or office_hours.updated_at,
        start=datetime.combine(schedule.dtstart, schedule.start).replace(tzinfo=PARIS),
        end=datetime.combine(schedule.dtstart, schedule.end).replace(tzinfo=PARIS),
        summary=office_hours.title,
        description=description,
        location=ical.location(place),
        geo=(place.lat, place.lon) if place.has_location else None,  # type: ignore[arg-type]
        url=url,
        categories=("Permanence", office_hours.get_kind_display()),
        last_modified=office_hours.updated_at,
    )
    if not schedule.rrule:
        return [ical.vevent(master)]
    rule = vRecur.from_ical(schedule.rrule)
    until = recurrence.until_utc(schedule)
    if until is not None:
        rule["UNTIL"] = [until]
    elif schedule.count is not None:
        rule["COUNT"] = [schedule.count]
    if horizon is None:
        today = timezone.localdate()
        horizon = today.replace(year=today.year + FEED_HOLIDAY_YEARS)
    excluded = recurrence.excluded_starts(schedule, horizon)
    exdates = [naive.replace(tzinfo=PARIS) for naive, reason in excluded if reason != "moved"]
    components = [ical.vevent(replace(master, rrule=rule, exdates=exdates))]
    for naive, reason in excluded:
        if reason != "moved":
            continue
        move = schedule.moved[naive.date()]
        moved = replace(
            master,
            recurrence_id=naive.replace(tzinfo=PARIS),
            start=datetime.combine(move.day, move.start).replace(tzinfo=PARIS),
            end=datetime.combine(move.day, move.end).replace(tzinfo=PARIS),
        )
        components.append(ical.vevent(moved))
    return components


def officehours_ics(office_hours: OfficeHours) -> bytes:
    """The .ics of one permanence ("Ajouter à mon agenda")."""
    return ical.calendar_of(
        office_hours.title, officehours_components(office_hours, stamp=office_hours.updated_at)
    )


def booking_component(booking: Booking, *, stamp: datetime) -> VEvent:
    office_hours = booking.office_hours
    return ical.vevent(
        ical.CalendarItem(
            uid=ical.uid("booking", booking.pk),
            stamp=stamp,
            start=booking.slot_start.astimezone(PARIS),
            end=booking.slot_end.astimezone(PARIS),
            summary=f"Rendez-vous : {office_hours.title}",
            description=(
                f"Votre rendez-vous à la permanence « {office_hours.title} ». "
                f"Pour l'annuler : {ical.absolute('/agenda/mes-rendez-vous/')}"
            ),
            location=ical.location(office_hours.place),
            url=ical.absolute(office_hours.get_absolute_url()),
            last_modified=booking.updated_at,
            status="CONFIRMED" if booking.is_booked else "CANCELLED",
        )
    )


def booking_ics(booking: Booking) -> bytes:
    """The .ics attached to the confirmation e-mail and offered on "Mes rendez-vous"."""
    return ical.calendar_of("Mon rendez-vous", [booking_component(booking, stamp=timezone.now())])
