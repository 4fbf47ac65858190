"""iCalendar (RFC 5545) with the ``icalendar`` library: THE builder of a VEVENT.

Every VEVENT of the app (the ``.ics`` of one event, a permanence's master and moved dates, an
appointment, every feed) is built by ``vevent`` from a ``CalendarItem``, the event-like
description that each sub-package gives of its objects (``agenda.feeds.event_item``,
``officehours.ical``). Times carry TZID=Europe/Paris; a VTIMEZONE is added by ``to_ical``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from solidaires.core.links import absolute_url, site_host

PRODID = "-//Solidaires//Agenda//FR"
PARIS = ZoneInfo("Europe/Paris")
CONTENT_TYPE = "text/calendar; charset=utf-8"


def host() -> str:
    """The host part of UIDs: stable for a deployment."""
    return site_host() or "solidaires"


def absolute(path: str) -> str:
    return absolute_url(path)


def uid(kind: str, pk: object) -> str:
    """Stable across edits: the same object keeps its UID in the person's calendar."""
    return f"{kind}-{pk}@{host()}"


def location(place: object | None, commune: object | None = None) -> str:
    """ "Name, address, commune" of a place, else the commune's name."""
    if place is not None:
        return f"{place.name}, {place.address}, {place.commune.name}"  # type: ignore[attr-defined]
    return commune.name if commune is not None else ""  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CalendarItem:
    """What a VEVENT says: an event-like description of an event, a permanence (its rule,
    or one moved date with ``recurrence_id``) or an appointment."""

    uid: str
    stamp: datetime
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""
    categories: Sequence[str] = ()
    last_modified: datetime | None = None
    status: str = ""  # CONFIRMED / CANCELLED, or nothing
    recurrence_id: datetime | None = None
    rrule: vRecur | None = None
    exdates: Sequence[datetime] = ()


def vevent(item: CalendarItem) -> VEvent:
    """The one VEVENT builder (properties in a fixed order: the output is reproducible)."""
    component = VEvent()
    component.add("uid", item.uid)
    component.add("dtstamp", item.stamp)
    if item.recurrence_id is not None:
        component.add("recurrence-id", item.recurrence_id)
    component.add("dtstart", item.start)
    component.add("dtend", item.end)
    component.add("summary", item.summary)
    if item.description:
        component.add("description", item.description)
    if item.location:
        component.add("location", item.location)
    if item.geo is not None:
        component.add("geo", item.geo)
    if item.url:
        component.add("url", item.url)
    if item.categories:
        component.add("categories", list(item.categories))
    if item.last_modified is not None:
        component.add("last-modified", item.last_modified)
    if item.status:
        component.add("status", item.status)
    if item.rrule is not None:
        component.add("rrule", item.rrule)
    if item.exdates:
        component.add("exdate", list(item.exdates))
    return component


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    return cal


def to_ical(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def calendar_of(name: str, components: Sequence[VEvent]) -> bytes:
    """A whole .ics file: the calendar ``name`` with these components."""
    cal = new_calendar(name)
    for component in components:
        cal.add_component(component)
    return to_ical(cal)


_VTIMEZONE: list[bytes] = []


def vtimezone() -> bytes:
    """The Europe/Paris VTIMEZONE as icalendar writes it (built once per process)."""
    if not _VTIMEZONE:
        cal = Calendar()
        probe = VEvent()
        probe.add("dtstart", datetime(2026, 1, 1, tzinfo=PARIS))
        cal.add_component(probe)
        cal.add_missing_timezones()
        _VTIMEZONE.append(b"".join(bytes(c.to_ical()) for c in cal.subcomponents if c.name == "VTIMEZONE"))
    return _VTIMEZONE[0]
