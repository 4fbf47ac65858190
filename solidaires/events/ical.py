"""One event as an iCalendar file (RFC 5545) for "Ajouter à mon agenda"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .agenda.models import Event

PARIS = ZoneInfo("Europe/Paris")


def event_uid(event: Event) -> str:
    """Stable across edits: the same event keeps its UID in the person's calendar."""
    host = settings.SOLIDAIRES_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "solidaires"
    return f"event-{event.pk}@{host}"


def event_vevent(event: Event, url: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.updated_at or timezone.now())
    vevent.add("dtstart", event.starts_at.astimezone(PARIS))
    vevent.add("dtend", event.ends_at.astimezone(PARIS))
    vevent.add("summary", event.title)
    vevent.add("description", f"{event.description}\n\n{url}")
    vevent.add("url", url)
    location = []
    if event.place is not None:
        location = [event.place.name, event.place.address, event.place.commune.name]
    elif event.commune is not None:
        location = [event.commune.name]
    if event.online_url:
        location.append(event.online_url)
    if location:
        vevent.add("location", ", ".join(p for p in location if p))
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("sequence", int(event.updated_at.timestamp()) % 2_000_000_000 if event.updated_at else 0)
    return vevent


def event_ics(event: Event, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Solidaires//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event_vevent(event, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
