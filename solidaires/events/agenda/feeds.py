"""iCalendar (RFC 5545) feeds built with the ``icalendar`` library.

- An event is one VEVENT, UID ``event-<pk>@<host>``, times with TZID=Europe/Paris.
- A permanence is ONE VEVENT with its RRULE (UNTIL in UTC or COUNT), EXDATEs for cancelled
  dates and skipped public holidays, and an override VEVENT (same UID, RECURRENCE-ID) for each
  moved date; not expanded copies. A VTIMEZONE for Europe/Paris is added (decision 0921).
- A booking is one VEVENT, UID ``booking-<pk>@<host>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from solidaires.events.officehours import recurrence
from solidaires.events.officehours.models import Booking, OfficeHours
from solidaires.events.officehours.selectors import FEED_HOLIDAY_YEARS, schedule_of

from .models import Event, EventCategory, EventState, Registration, RegistrationState

PRODID = "-//Solidaires//Agenda//FR"
PARIS = recurrence.PARIS
CONTENT_TYPE = "text/calendar; charset=utf-8"


def host() -> str:
    """The host part of UIDs: stable for a deployment."""
    base = settings.SOLIDAIRES_BASE_URL
    return base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "solidaires"


def absolute(path: str) -> str:
    return settings.SOLIDAIRES_BASE_URL + path


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    return cal


def _paris(value: datetime) -> datetime:
    return value.astimezone(PARIS)


def _location(place: Any, commune: Any = None) -> str:
    if place is not None:
        return f"{place.name}, {place.address}, {place.commune.name}"
    return commune.name if commune is not None else ""


def event_component(event: Event, *, stamp: datetime | None = None, note: str = "") -> VEvent:
    item = VEvent()
    item.add("uid", f"event-{event.pk}@{host()}")
    item.add("dtstamp", stamp or event.updated_at)
    item.add("dtstart", _paris(event.starts_at))
    item.add("dtend", _paris(event.ends_at))
    item.add("summary", event.title)
    description = event.description
    if note:
        description = f"{note}\n\n{description}"
    item.add("description", description)
    location = _location(event.place, event.commune)
    if event.online_url and not location:
        location = event.online_url
    if location:
        item.add("location", location)
    if event.place is not None and event.place.has_location:
        item.add("geo", (event.place.lat, event.place.lon))
    item.add("url", absolute(event.get_absolute_url()))
    item.add("categories", [_category_label(event.category)])
    item.add("last-modified", event.updated_at)
    item.add("status", "CANCELLED" if event.state == EventState.CANCELLED else "CONFIRMED")
    return item


def officehours_components(
    office_hours: OfficeHours, *, stamp: datetime | None = None, horizon: date | None = None
) -> list[VEvent]:
    """The master VEVENT (RRULE + EXDATE) and one override per moved date."""
    schedule = schedule_of(office_hours)
    uid = f"officehours-{office_hours.pk}@{host()}"
    place = office_hours.place
    location = _location(place)
    url = absolute(office_hours.get_absolute_url())
    organiser = office_hours.association.name if office_hours.association is not None else "L'Agglo"
    description = f"{office_hours.get_kind_display()} — {organiser}. {recurrence.describe(schedule)}."
    if office_hours.description:
        description += f"\n\n{office_hours.description}"
    if office_hours.slot_minutes:
        description += f"\n\nSur rendez-vous ({office_hours.slot_minutes} min) : {url}"

    def base(item: VEvent) -> VEvent:
        item.add("uid", uid)
        item.add("dtstamp", stamp or office_hours.updated_at)
        item.add("summary", office_hours.title)
        item.add("description", description)
        item.add("location", location)
        if place.has_location:
            item.add("geo", (place.lat, place.lon))
        item.add("url", url)
        item.add("categories", ["Permanence", office_hours.get_kind_display()])
        item.add("last-modified", office_hours.updated_at)
        return item

    master = base(VEvent())
    start = datetime.combine(schedule.dtstart, schedule.start).replace(tzinfo=PARIS)
    master.add("dtstart", start)
    master.add("dtend", datetime.combine(schedule.dtstart, schedule.end).replace(tzinfo=PARIS))
    components = [master]
    if schedule.rrule:
        rule = vRecur.from_ical(schedule.rrule)
        until = recurrence.until_utc(schedule)
        if until is not None:
            rule["UNTIL"] = [until]
        elif schedule.count is not None:
            rule["COUNT"] = [schedule.count]
        master.add("rrule", rule)
        if horizon is None:
            today = timezone.localdate()
            horizon = today.replace(year=today.year + FEED_HOLIDAY_YEARS)
        excluded = recurrence.excluded_starts(schedule, horizon)
        exdates = [naive.replace(tzinfo=PARIS) for naive, reason in excluded if reason != "moved"]
        if exdates:
            master.add("exdate", exdates)
        for naive, reason in excluded:
            if reason != "moved":
                continue
            move = schedule.moved[naive.date()]
            override = base(VEvent())
            override.add("recurrence-id", naive.replace(tzinfo=PARIS))
            override.add("dtstart", datetime.combine(move.day, move.start).replace(tzinfo=PARIS))
            override.add("dtend", datetime.combine(move.day, move.end).replace(tzinfo=PARIS))
            components.append(override)
    return components


def booking_component(booking: Booking, *, stamp: datetime) -> VEvent:
    office_hours = booking.office_hours
    item = VEvent()
    item.add("uid", f"booking-{booking.pk}@{host()}")
    item.add("dtstamp", stamp)
    item.add("dtstart", _paris(booking.slot_start))
    item.add("dtend", _paris(booking.slot_end))
    item.add("summary", f"Rendez-vous : {office_hours.title}")
    item.add(
        "description",
        f"Votre rendez-vous à la permanence « {office_hours.title} ». "
        f"Pour l'annuler : {absolute('/agenda/mes-rendez-vous/')}",
    )
    item.add("location", _location(office_hours.place))
    item.add("url", absolute(office_hours.get_absolute_url()))
    item.add("status", "CONFIRMED" if booking.is_booked else "CANCELLED")
    item.add("last-modified", booking.updated_at)
    return item


def to_ical(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _category_label(value: str) -> str:
    labels = _LABELS.get("categories")
    if labels is None:
        labels = _LABELS["categories"] = {k: str(v) for k, v in EventCategory.choices}
    return labels.get(value, value)


_LABELS: dict[str, dict[str, str]] = {}
_VTIMEZONE: list[bytes] = []
FRAGMENT_CACHE_SECONDS = 24 * 3600
FRAGMENT_VERSION = 1


def _vtimezone() -> bytes:
    """The Europe/Paris VTIMEZONE as icalendar writes it (built once per process)."""
    if not _VTIMEZONE:
        cal = Calendar()
        probe = VEvent()
        probe.add("dtstart", datetime(2026, 1, 1, tzinfo=PARIS))
        cal.add_component(probe)
        cal.add_missing_timezones()
        _VTIMEZONE.append(b"".join(bytes(c.to_ical()) for c in cal.subcomponents if c.name == "VTIMEZONE"))
    return _VTIMEZONE[0]


def _fragments(items: list[tuple[str, Any]], build: Any) -> list[bytes]:
    """Serialised components, cached per object version (key: kind, pk, updated_at): a feed
    rebuild only serialises what changed since the last one (decision 0922)."""
    prefix = f"events:ics:v{FRAGMENT_VERSION}:{host()}"
    keys = [f"{prefix}:{kind}:{obj.pk}:{obj.updated_at.timestamp()}" for kind, obj in items]
    found: dict[str, bytes] = cache.get_many(keys) if keys else {}
    fresh: dict[str, bytes] = {}
    for key, (_, obj) in zip(keys, items, strict=True):
        if key not in found:
            fresh[key] = b"".join(bytes(c.to_ical()) for c in build(obj))
    if fresh:
        cache.set_many(fresh, FRAGMENT_CACHE_SECONDS)
    return [found.get(key) or fresh[key] for key in keys]


def public_feed(
    *, name: str, events: Iterable[Event], officehours: Iterable[OfficeHours], now: datetime | None = None
) -> bytes:
    """The whole calendar: icalendar's own serialisation of each component, assembled in the
    order icalendar writes them (properties, VTIMEZONE, VEVENTs), byte for byte."""
    head = bytes(new_calendar(name).to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    items: list[tuple[str, Any]] = [("event", e) for e in events]
    items += [("officehours", o) for o in officehours]
    horizon_key = timezone.localdate(now).isoformat() if now else timezone.localdate().isoformat()

    def build(obj: Any) -> list[VEvent]:
        if isinstance(obj, Event):
            return [event_component(obj)]
        return officehours_components(obj)

    # Permanence EXDATEs depend on the day (the holiday horizon moves): the key carries it.
    parts = _fragments([(k if k == "event" else f"{k}:{horizon_key}", o) for k, o in items], build)
    body = b"".join(parts)
    return head[: -len(end)] + (_vtimezone() if body else b"") + body + end


def personal_feed(
    *,
    name: str,
    registrations: Iterable[Registration],
    bookings: Iterable[Booking],
    now: datetime | None = None,
) -> bytes:
    stamp = now or timezone.now()
    cal = new_calendar(name)
    for registration in registrations:
        note = (
            "Vous êtes sur la liste d'attente."
            if registration.state == RegistrationState.WAITING
            else "Vous êtes inscrit·e."
        )
        cal.add_component(event_component(registration.event, stamp=stamp, note=note))
    for booking in bookings:
        cal.add_component(booking_component(booking, stamp=stamp))
    return to_ical(cal)


def booking_ics(booking: Booking) -> bytes:
    """The .ics attached to the confirmation e-mail and offered on "Mes rendez-vous"."""
    cal = new_calendar("Mon rendez-vous")
    cal.add_component(booking_component(booking, stamp=timezone.now()))
    return to_ical(cal)
