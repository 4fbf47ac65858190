"""Reads about permanences: schedules, next occurrences with their slots, bookings, what a
place or an association has coming, and the content of calendar feeds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from solidaires.core.pagination import KeysetPage, keyset_paginate

from . import recurrence
from . import rules as officehours_rules
from .models import (
    Booking,
    BookingState,
    CalendarToken,
    OfficeHours,
    OfficeHoursException,
    OfficeHoursExceptionKind,
    OfficeHoursState,
)

PER_PAGE = 20
PAGE_OCCURRENCES = 6  # occurrences shown on a permanence's page
COMING_PER_PLACE = 6
FEED_HOLIDAY_YEARS = 2  # EXDATEs of public holidays are listed this far ahead for open-ended rules


def _related(qs: QuerySet[OfficeHours]) -> QuerySet[OfficeHours]:
    return qs.select_related("place", "place__commune", "association").prefetch_related(
        Prefetch("exceptions", queryset=OfficeHoursException.objects.order_by("day"))
    )


def schedule_of(office_hours: OfficeHours) -> recurrence.Schedule:
    """The pure schedule of a permanence (exceptions read from the prefetch when present)."""
    cancelled: set[date] = set()
    moved: dict[date, recurrence.Move] = {}
    for exception in office_hours.exceptions.all():
        if exception.kind == OfficeHoursExceptionKind.MOVED:
            assert exception.new_day and exception.new_start_time and exception.new_end_time
            moved[exception.day] = recurrence.Move(
                exception.new_day, exception.new_start_time, exception.new_end_time
            )
        else:
            cancelled.add(exception.day)
    return recurrence.Schedule(
        dtstart=office_hours.dtstart,
        start=office_hours.start_time,
        end=office_hours.end_time,
        rrule=office_hours.rrule,
        until=office_hours.until,
        count=office_hours.count,
        skip_public_holidays=office_hours.skip_public_holidays,
        cancelled=frozenset(cancelled),
        moved=moved,
    )


def describe(office_hours: OfficeHours) -> str:
    return recurrence.describe(schedule_of(office_hours))


def officehours_for_page(*, pk: int) -> OfficeHours | None:
    return _related(OfficeHours.objects.filter(pk=pk)).first()


def officehours_list(
    *, commune: str = "", kind: str = "", after: str | None = None, before: str | None = None
) -> KeysetPage[OfficeHours]:
    """Public list of active permanences, by title, keyset-paginated."""
    qs = OfficeHours.objects.active().select_related("place", "place__commune", "association")
    if commune:
        qs = qs.filter(place__commune_id=commune)
    if kind:
        qs = qs.filter(kind=kind)
    page = keyset_paginate(qs, ordering=("title", "id"), after=after, before=before, per_page=PER_PAGE)
    prefetch = Prefetch("exceptions", queryset=OfficeHoursException.objects.order_by("day"))
    prefetch_related_objects(page.items, prefetch)
    return page


def managed_page(
    user: Any, *, after: str | None = None, before: str | None = None
) -> KeysetPage[OfficeHours]:
    """The permanences the user may edit, by title, keyset-paginated."""
    qs = OfficeHours.objects.select_related("place", "place__commune", "association")
    if not officehours_rules.is_agent(user):
        qs = qs.filter(association_id__in=officehours_rules.managed_association_ids(user))
    return keyset_paginate(qs, ordering=("title", "id"), after=after, before=before, per_page=PER_PAGE)


def has_calendar_token(user: Any) -> bool:
    return CalendarToken.objects.filter(user=user).exists()


# -- Occurrences and slots ---------------------------------------------------------------------


@dataclass
class SlotView:
    starts_at: datetime
    ends_at: datetime
    taken: bool
    mine: bool
    past: bool

    @property
    def free(self) -> bool:
        return not self.taken and not self.past


@dataclass
class OccurrenceView:
    occurrence: recurrence.Occurrence
    slots: list[SlotView] = field(default_factory=list)
    my_booking: Booking | None = None

    @property
    def free_count(self) -> int:
        return sum(1 for s in self.slots if s.free)


def upcoming(
    office_hours: OfficeHours, *, user: Any = None, now: datetime | None = None, limit: int = PAGE_OCCURRENCES
) -> list[OccurrenceView]:
    """The next occurrences with their appointment slots (free / taken / mine), one query for
    the bookings of all of them."""
    now = now or timezone.now()
    found = recurrence.next_occurrences(schedule_of(office_hours), now, limit=limit)
    views = [OccurrenceView(o) for o in found]
    if not office_hours.slot_minutes or not found:
        return views
    bookings = list(
        Booking.objects.filter(
            office_hours=office_hours,
            state=BookingState.BOOKED,
            slot_start__gte=found[0].starts_at,
            slot_start__lt=found[-1].ends_at,
        ).only("id", "slot_start", "user_id", "occurrence_start", "slot_end", "office_hours_id")
    )
    taken = {b.slot_start: b for b in bookings}
    user_id = getattr(user, "pk", None)
    for view in views:
        for slot in recurrence.split_slots(view.occurrence, office_hours.slot_minutes):
            booking = taken.get(slot.starts_at)
            mine = booking is not None and user_id is not None and booking.user_id == user_id
            if mine:
                view.my_booking = booking
            view.slots.append(
                SlotView(
                    slot.starts_at,
                    slot.ends_at,
                    taken=booking is not None,
                    mine=mine,
                    past=slot.starts_at <= now,
                )
            )
    return views


def skipped_dates(
    office_hours: OfficeHours, *, now: datetime | None = None, days: int = 120
) -> list[recurrence.Occurrence]:
    """Coming dates without permanence (cancelled or public holidays), for the page."""
    now = now or timezone.now()
    found = recurrence.occurrences(
        schedule_of(office_hours), now, now + timedelta(days=days), include_skipped=True
    )
    return [o for o in found if not o.is_held]


# -- Bookings ----------------------------------------------------------------------------------


def my_bookings(user: Any, *, now: datetime | None = None) -> tuple[list[Booking], list[Booking]]:
    """(coming, past) booked appointments of the user; past limited to the last 20."""
    now = now or timezone.now()
    qs = Booking.objects.filter(user=user, state=BookingState.BOOKED).select_related(
        "office_hours", "office_hours__place", "office_hours__place__commune", "office_hours__association"
    )
    coming = list(qs.filter(slot_end__gt=now).order_by("slot_start", "id"))
    past = list(qs.filter(slot_end__lte=now).order_by("-slot_start", "-id")[:20])
    return coming, past


def bookings_for_organiser(office_hours: OfficeHours, *, now: datetime | None = None) -> list[Booking]:
    now = now or timezone.now()
    return list(
        Booking.objects.filter(office_hours=office_hours, state=BookingState.BOOKED, slot_end__gt=now)
        .select_related("user")
        .order_by("slot_start", "id")[:500]
    )


def booking_for_user(*, pk: int) -> Booking | None:
    return (
        Booking.objects.select_related(
            "office_hours", "office_hours__place", "office_hours__association", "user"
        )
        .filter(pk=pk)
        .first()
    )


# -- Place and association pages ---------------------------------------------------------------


@dataclass
class Coming:
    office_hours: OfficeHours
    next: recurrence.Occurrence | None
    description: str


@dataclass
class PlaceAgenda:
    open_now: list[tuple[OfficeHours, recurrence.Occurrence]]
    permanences: list[Coming]
    events: list[Any]

    @property
    def is_empty(self) -> bool:
        return not (self.open_now or self.permanences or self.events)


def _agenda(officehours: Iterable[OfficeHours], events: Sequence[Any], now: datetime) -> PlaceAgenda:
    items = list(officehours)
    schedules = [(oh, schedule_of(oh)) for oh in items]
    open_now = recurrence.open_at([(oh, s) for oh, s in schedules if oh.is_active], now)
    coming: list[Coming] = []
    for oh, schedule in schedules:
        nxt = recurrence.next_occurrences(schedule, now, limit=1) if oh.is_active else []
        coming.append(Coming(oh, nxt[0] if nxt else None, recurrence.describe(schedule)))
    far = now + timedelta(days=3650)
    coming.sort(key=lambda c: (c.next.starts_at if c.next else far, c.office_hours.title))
    return PlaceAgenda(open_now=open_now, permanences=coming[:COMING_PER_PLACE], events=list(events))


def place_agenda(place_id: int, *, events: Sequence[Any] = (), now: datetime | None = None) -> PlaceAgenda:
    """What is open now at a place and its permanences (two queries), with the coming
    ``events`` the caller read (the agenda's ``place_agenda`` gives them)."""
    now = now or timezone.now()
    officehours = _related(OfficeHours.objects.public().filter(place_id=place_id))
    return _agenda(officehours, list(events), now)


def association_agenda(association_id: int, *, now: datetime | None = None) -> PlaceAgenda:
    """An association's permanences (one query, plus one for their exceptions when there are
    any). Its events are one link away (the agenda filtered on it): the association page
    stays within its query budget (decision 0920)."""
    now = now or timezone.now()
    officehours = _related(OfficeHours.objects.public().filter(association_id=association_id))
    return _agenda(officehours, [], now)


def feed_officehours(scope: Q) -> QuerySet[OfficeHours]:
    return _related(OfficeHours.objects.filter(state=OfficeHoursState.ACTIVE).filter(scope)).order_by("id")


def bookings_by_occurrence(bookings: Iterable[Booking]) -> dict[datetime, list[Booking]]:
    grouped: dict[datetime, list[Booking]] = defaultdict(list)
    for booking in bookings:
        grouped[booking.occurrence_start].append(booking)
    return dict(grouped)
