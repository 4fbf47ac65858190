"""The agenda as iCalendar: one event's .ics, the public feeds (events and permanences) and
a person's private feed (registrations and appointments), all built with the app's one
VEVENT builder (``solidaires.events.ical.vevent``).

An event is one VEVENT, UID ``event-<pk>@<host>``, times with TZID=Europe/Paris, the same
in its .ics and in every feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from icalendar import Event as VEvent

from solidaires.events import ical
from solidaires.events.ical import new_calendar, to_ical
from solidaires.events.officehours.ical import booking_component, officehours_components
from solidaires.events.officehours.models import Booking, OfficeHours

from .models import Event, EventCategory, EventState, Registration, RegistrationState

CONTENT_TYPE = ical.CONTENT_TYPE
FRAGMENT_CACHE_SECONDS = 24 * 3600
FRAGMENT_VERSION = 2  # 2: every VEVENT from ical.vevent


def event_item(event: Event, *, stamp: datetime | None = None, note: str = "") -> ical.CalendarItem:
    """What the VEVENT of an event says (``note``: a line for the person, in a private feed)."""
    description = f"{note}\n\n{event.description}" if note else event.description
    where = ical.location(event.place, event.commune)
    if event.online_url and not where:
        where = event.online_url
    place = event.place
    return ical.CalendarItem(
        uid=ical.uid("event", event.pk),
        stamp=stamp or event.updated_at,
        start=event.starts_at.astimezone(ical.PARIS),
        end=event.ends_at.astimezone(ical.PARIS),
        summary=event.title,
        description=description,
        location=where,
        geo=(place.lat, place.lon) if place is not None and place.has_location else None,  # type: ignore[arg-type]
        url=ical.absolute(event.get_absolute_url()),
        categories=(_category_label(event.category),),
        last_modified=event.updated_at,
        status="CANCELLED" if event.state == EventState.CANCELLED else "CONFIRMED",
    )


def event_component(event: Event, *, stamp: datetime | None = None, note: str = "") -> VEvent:
    return ical.vevent(event_item(event, stamp=stamp, note=note))


def event_ics(event: Event) -> bytes:
    """One event as an iCalendar file, for "Ajouter à mon agenda" (the VEVENT of the feeds)."""
    return ical.calendar_of(event.title, [event_component(event)])


def _category_label(value: str) -> str:
    labels = _LABELS.get("categories")
    if labels is None:
        labels = _LABELS["categories"] = {k: str(v) for k, v in EventCategory.choices}
    return labels.get(value, value)


_LABELS: dict[str, dict[str, str]] = {}


def _fragments(items: list[tuple[str, Any]], build: Any) -> list[bytes]:
    """Serialised components, cached per object version (key: kind, pk, updated_at): a feed
    rebuild only serialises what changed since the last one (decision 0922)."""
    prefix = f"events:ics:v{FRAGMENT_VERSION}:{ical.host()}"
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
    return head[: -len(end)] + (ical.vtimezone() if body else b"") + body + end


def personal_feed(
    *,
    name: str,
    registrations: Iterable[Registration],
    bookings: Iterable[Booking],
    now: datetime | None = None,
) -> bytes:
    stamp = now or timezone.now()
    components = []
    for registration in registrations:
        note = (
            "Vous êtes sur la liste d'attente."
            if registration.state == RegistrationState.WAITING
            else "Vous êtes inscrit·e."
        )
        components.append(event_component(registration.event, stamp=stamp, note=note))
    components += [booking_component(booking, stamp=stamp) for booking in bookings]
    cal = new_calendar(name)
    for component in components:
        cal.add_component(component)
    return to_ical(cal)
