"""Reads of the events app: the agenda, event pages, registrations, counts for the indicators."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import (
    CharField,
    Count,
    Field,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.fragments import choices_with
from solidaires.core.pagination import KeysetPage, keyset_paginate
from solidaires.core.search import tokens
from solidaires.events.officehours import selectors as officehours_selectors
from solidaires.events.officehours.models import Booking, BookingState, OfficeHours, OfficeHoursState
from solidaires.territory.models import Commune, Place, PlaceStatus

from .models import (
    ACTIVE_REGISTRATION_STATES,
    CafeSignup,
    Event,
    EventCategory,
    EventState,
    Registration,
    RegistrationState,
)

PER_PAGE = 20
FEED_PAST_DAYS = 90  # events that ended less than this long ago stay in the feeds


@dataclass(frozen=True)
class AgendaFilters:
    q: str = ""
    commune: str = ""  # INSEE code
    category: str = ""
    association: str = ""  # slug
    place: str = ""  # slug
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return any(
            (self.q, self.commune, self.category, self.association, self.place, self.date_from, self.date_to)
        )

    def as_query(self) -> list[tuple[str, str]]:
        pairs = [
            ("q", self.q),
            ("commune", self.commune),
            ("categorie", self.category),
            ("association", self.association),
            ("lieu", self.place),
            ("du", self.date_from.isoformat() if self.date_from else ""),
            ("au", self.date_to.isoformat() if self.date_to else ""),
        ]
        return [(k, v) for k, v in pairs if v]


def _local_midnight(value: date) -> datetime:
    return timezone.make_aware(datetime.combine(value, time.min))


def _with_card_relations(qs: QuerySet[Event]) -> QuerySet[Event]:
    return (
        qs.select_related("place", "place__commune", "commune")
        # A commune's outline is a large GeoJSON document, decoded per row; cards never show it.
        .defer("place__commune__outline", "commune__outline")
        .prefetch_related(
            Prefetch("organiser_associations", queryset=Association.objects.only("id", "name", "slug"))
        )
    )


def _registration_count(state: str) -> Coalesce:
    # A correlated subquery (served by registration_event_state_idx) rather than a JOIN + GROUP BY:
    # the database can then walk events in index order and stop at the page size.
    count = (
        Registration.objects.filter(event_id=OuterRef("pk"), state=state)
        .order_by()
        .values("event_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed_count=_registration_count(RegistrationState.CONFIRMED),
        waiting_count=_registration_count(RegistrationState.WAITING),
    )


def filtered_events(filters: AgendaFilters, *, now: datetime | None = None) -> QuerySet[Event]:
    """Published events matching the filters (from today unless a start date is given)."""
    qs = Event.objects.published()
    qs = qs.filter(ends_at__gte=_local_midnight(filters.date_from)) if filters.date_from else qs.upcoming(now)
    if filters.date_to:
        qs = qs.filter(starts_at__lt=_local_midnight(filters.date_to + timedelta(days=1)))
    if filters.commune:
        qs = qs.filter(commune_id=filters.commune)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.association:
        qs = qs.filter(organiser_associations__slug=filters.association)
    if filters.place:
        qs = qs.filter(place__slug=filters.place)
    for token in tokens(filters.q)[:8]:
        qs = qs.filter(search_document__contains=f" {token}")
    return qs


def agenda_items(
    filters: AgendaFilters, *, after: str | None = None, before: str | None = None, per_page: int = PER_PAGE
) -> KeysetPage[Event]:
    """One page of the agenda list, in chronological order (extension point for permanences)."""
    qs = with_counts(_with_card_relations(filtered_events(filters)))
    return keyset_paginate(qs, ordering=("starts_at", "id"), after=after, before=before, per_page=per_page)


def _raw_subquery(sql: str, params: tuple[Any, ...], output_field: Field[Any, Any]) -> RawSQL:
    """A scalar subquery correlated to the page query's event row, in plain SQL (SQLite and
    PostgreSQL). The ORM's ``Subquery`` costs ~0.2 ms per request to resolve and compile
    (clone, alias relabelling), a third of the agenda list's query (decision 0902). Only our
    table names are formatted in; values go in ``params``."""
    return RawSQL(f"({sql})", params, output_field=output_field)  # noqa: S611


_EVENT = f'"{Event._meta.db_table}"'  # the page query's table is never aliased
_REGISTRATIONS = Registration._meta.db_table
_PLACES = Place._meta.db_table
_ORGANISERS = Event.organiser_associations.through._meta.db_table
_ASSOCIATIONS = Association._meta.db_table
# Built once: annotate() resolves a copy of each expression, the originals never change.
_CARD_KEY_ANNOTATIONS = {
    # Places left, shown on the card but outside its cached HTML (registration_event_state_idx).
    "confirmed_count": _raw_subquery(
        f'SELECT COUNT(*) FROM "{_REGISTRATIONS}" r WHERE r.event_id = {_EVENT}.id AND r.state = %s',  # noqa: S608
        (RegistrationState.CONFIRMED.value,),
        IntegerField(),
    ),
    # The versions below are only parts of the card's key: text, no datetime to build.
    # The latest edit of the place (name, commune, coordinates); NULL without a place.
    "place_version": _raw_subquery(
        f'SELECT CAST(p.updated_at AS TEXT) FROM "{_PLACES}" p WHERE p.id = {_EVENT}.place_id',  # noqa: S608
        (),
        CharField(),
    ),
    # The latest edit of the organising associations (their names); NULL without any.
    "organisers_version": _raw_subquery(
        f'SELECT CAST(MAX(a.updated_at) AS TEXT) FROM "{_ORGANISERS}" o INNER JOIN "{_ASSOCIATIONS}" a '  # noqa: S608
        f"ON a.id = o.association_id WHERE o.event_id = {_EVENT}.id",
        (),
        CharField(),
    ),
}


class CardKey(NamedTuple):
    """What the agenda list reads per event on every request (the rows of ``agenda_page``):
    the keyset ordering, the parts of the card's cache key, and the capacity and confirmed
    registrations for the places left (part of the card's key)."""

    id: int
    starts_at: datetime
    updated_at: datetime
    capacity: int | None
    confirmed_count: int
    place_version: str | None
    organisers_version: str | None


def agenda_page(
    filters: AgendaFilters, *, after: str | None = None, before: str | None = None, per_page: int = PER_PAGE
) -> KeysetPage[Any]:
    """One page of the agenda list for the cached cards (decision 0902). Its items are rows
    with the fields of ``CardKey``, not events (no model instances: cheaper);
    ``events_for_cards`` loads what the cards not cached yet show."""
    rows = (
        filtered_events(filters).annotate(**_CARD_KEY_ANNOTATIONS).values_list(*CardKey._fields, named=True)
    )
    return keyset_paginate(rows, ordering=("starts_at", "id"), after=after, before=before, per_page=per_page)


def events_for_cards(ids: list[int]) -> dict[int, Event]:
    """Events with what their agenda card shows (place, commune, organisers), by id."""
    return {event.pk: event for event in _with_card_relations(Event.objects.filter(pk__in=ids))}


class CalendarEntry(NamedTuple):
    """An event of the week or month view: what its cached line's key and the grouping need."""

    id: int
    updated_at: datetime
    starts_at: datetime


def calendar_entries(
    filters: AgendaFilters, start: date, end: date, *, limit: int = 500
) -> list[CalendarEntry]:
    """Published events between two local days (end excluded), for the week and month views:
    rows with the fields of ``CalendarEntry``; ``events_for_lines`` loads what the lines not
    cached yet show."""
    qs = filtered_events(replace(filters, date_from=start, date_to=end - timedelta(days=1)))
    return list(qs.order_by("starts_at", "id").values_list(*CalendarEntry._fields, named=True)[:limit])


def events_for_lines(ids: list[int]) -> dict[int, Event]:
    """Events with what a line of the week or month view shows, by id."""
    qs = (
        Event.objects.filter(pk__in=ids)
        .select_related("commune")
        .only("id", "slug", "title", "starts_at", "ends_at", "commune__name")
    )
    return {event.pk: event for event in qs}


Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FilterChoices:
    """(value, label) pairs, as tuples: the ``<option>`` HTML is built once per process for a
    given tuple (core.fragments.select_options)."""

    communes: Choices
    categories: Choices
    associations: Choices
    places: Choices


FILTER_CHOICES_CACHE_KEY = "events:filter_choices:v2"
FILTER_CHOICES_CACHE_SECONDS = 60


def filter_choices() -> FilterChoices:
    """Options of the filters: only communes, associations and places that have coming events.

    The same for every visitor and request: kept a minute in the cache (like the agenda page)."""
    choices = cache.get(FILTER_CHOICES_CACHE_KEY)
    if not isinstance(choices, FilterChoices):
        choices = _filter_choices()
        cache.set(FILTER_CHOICES_CACHE_KEY, choices, FILTER_CHOICES_CACHE_SECONDS)
    return choices


def filters_in_force(filters: AgendaFilters, choices: FilterChoices) -> tuple[AgendaFilters, FilterChoices]:
    """The association and the place asked for, added to the choices when they have no coming
    event (the selects show the filter in force, issue 11), or dropped when they do not exist
    (an old or forged link must not filter behind a select saying "all"). A query each, only
    for a value the cached choices do not hold."""
    association = filters.association
    associations = choices.associations
    if association and all(slug != association for slug, _name in associations):
        name = Association.objects.verified().filter(slug=association).values_list("name", flat=True).first()
        associations = choices_with(associations, association, name) if name else associations
        association = association if name else ""
    place = filters.place
    places = choices.places
    if place and all(slug != place for slug, _name in places):
        name = (
            Place.objects.filter(slug=place, status=PlaceStatus.VERIFIED)
            .values_list("name", flat=True)
            .first()
        )
        places = choices_with(places, place, name) if name else places
        place = place if name else ""
    return (
        replace(filters, association=association, place=place),
        replace(choices, associations=associations, places=places),
    )


def _pairs(rows: Any) -> Choices:
    return tuple((str(value), str(label)) for value, label in rows)


def _filter_choices() -> FilterChoices:
    upcoming = Event.objects.published().upcoming()
    return FilterChoices(
        communes=_pairs(
            Commune.objects.filter(pk__in=upcoming.values("commune_id"))
            .order_by("name")
            .values_list("insee", "name")
        ),
        categories=_pairs(EventCategory.choices),
        associations=_pairs(
            Association.objects.filter(pk__in=upcoming.values("organiser_associations"))
            .order_by("sort_name")
            .values_list("slug", "name")
        ),
        places=_pairs(
            Place.objects.filter(pk__in=upcoming.values("place_id"))
            .order_by("sort_name")
            .values_list("slug", "name")
        ),
    )


def event_for_page(*, pk: int) -> Event | None:
    return with_counts(_with_card_relations(Event.objects.filter(pk=pk))).select_related("created_by").first()


def active_registration(event: Event, user: Any) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user, state__in=ACTIVE_REGISTRATION_STATES).first()


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person of the waiting list; None when not waiting."""
    if registration.state != RegistrationState.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, state=RegistrationState.WAITING
    ).filter(
        Q(waiting_since__lt=registration.waiting_since)
        | Q(waiting_since=registration.waiting_since, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def my_registrations(user: Any) -> tuple[list[Registration], list[Registration]]:
    """(coming, past) active registrations of the person."""
    now = timezone.now()
    qs = (
        Registration.objects.filter(user=user, state__in=ACTIVE_REGISTRATION_STATES)
        .select_related("event", "event__place", "event__commune")
        .order_by("event__starts_at", "id")
    )
    coming = list(qs.filter(event__ends_at__gte=now))
    past = list(qs.filter(event__ends_at__lt=now).order_by("-event__starts_at")[:50])
    return coming, past


def managed_events(user: Any) -> QuerySet[Event]:
    """Events the person may manage (agents: every event), newest first."""
    qs = Event.objects.all()
    if not (getattr(user, "is_agent", False) or user.is_superuser):
        from solidaires.events.organisers import managed_association_ids

        qs = qs.filter(organiser_associations__in=managed_association_ids(user)).distinct()
    return qs


def checkin_list(event: Event, q: str = "") -> list[Registration]:
    qs = Registration.objects.filter(event=event, state=RegistrationState.CONFIRMED).select_related("user")
    if q:
        qs = qs.filter(Q(user__display_name__icontains=q) | Q(user__email__icontains=q))
    return list(qs.order_by("user__display_name", "id"))


def waiting_list(event: Event) -> list[Registration]:
    """The waiting list in promotion order (organisers' check-in page)."""
    return list(
        Registration.objects.filter(event=event, state=RegistrationState.WAITING)
        .select_related("user")
        .order_by("waiting_since", "id")
    )


@dataclass(frozen=True)
class AttendanceCounts:
    confirmed: int
    waiting: int
    attended: int


def attendance_counts(event: Event) -> AttendanceCounts:
    row = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("id", filter=Q(state=RegistrationState.CONFIRMED)),
        waiting=Count("id", filter=Q(state=RegistrationState.WAITING)),
        attended=Count("id", filter=Q(state=RegistrationState.CONFIRMED, attended_at__isnull=False)),
    )
    return AttendanceCounts(**row)


def attendance_per_commune(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """For the indicators: per commune, events held, registrations and people present."""
    return list(
        Registration.objects.filter(
            event__state=EventState.PUBLISHED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            state=RegistrationState.CONFIRMED,
        )
        .values("event__commune_id")
        .annotate(
            events=Count("event_id", distinct=True),
            registered=Count("id"),
            attended=Count("id", filter=Q(attended_at__isnull=False)),
        )
        .order_by("event__commune_id")
    )


def new_volunteers_per_cafe(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Sign-ups attributed to each café bénévolat between two instants (indicators, agents' table)."""
    return list(
        CafeSignup.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("event_id", "event__title", "event__starts_at", "event__commune__name")
        .annotate(signups=Count("id"))
        .order_by("event__starts_at", "event_id")
    )


def cafe_signups_per_month(start: datetime, end: datetime) -> list[dict[str, Any]]:
    return list(
        CafeSignup.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(signups=Count("id"))
        .order_by("month")
    )


@dataclass(frozen=True)
class CafeTeaser:
    """What the home page shows of a coming café bénévolat."""

    title: str
    url: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    commune_name: str


NEXT_CAFES_SECONDS = 5 * 60


def next_cafes(limit: int = 3) -> list[CafeTeaser]:
    """The next cafés bénévolat (home page). Read with one query and kept under the agenda's
    data version (any change to an event shows at once), for at most five minutes; cafés
    that have ended since are left out when read (a few spare ones are kept for that)."""
    from solidaires.core.caching import data_version
    from solidaires.events.apps import AGENDA_DATA_VERSION

    key = f"events:next-cafes:v{data_version(AGENDA_DATA_VERSION)}:{limit}"
    teasers: list[CafeTeaser] | None = cache.get(key)
    if teasers is None:
        teasers = [
            CafeTeaser(
                title=event.title,
                url=event.get_absolute_url(),
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                place_name=event.place.name if event.place else "",
                commune_name=event.commune.name if event.commune else "",
            )
            for event in Event.objects.published()
            .cafes()
            .upcoming()
            .select_related("place", "commune")
            .only("title", "slug", "starts_at", "ends_at", "place__name", "commune__name")
            .order_by("starts_at", "id")[: limit + 5]
        ]
        cache.set(key, teasers, NEXT_CAFES_SECONDS)
    now = timezone.now()
    return [teaser for teaser in teasers if teaser.ends_at >= now][:limit]


def event_for_signup_code(code: str) -> Event | None:
    return Event.objects.cafes().filter(signup_code=code.lower()).exclude(state=EventState.DRAFT).first()


# -- Place pages ------------------------------------------------------------------------------


def place_agenda(place_id: int, *, now: datetime | None = None) -> officehours_selectors.PlaceAgenda:
    """What is open now at a place, its permanences and coming events: three queries."""
    now = now or timezone.now()
    events = (
        Event.objects.published()
        .filter(place_id=place_id, ends_at__gte=now)
        .only("id", "slug", "title", "starts_at", "ends_at", "category", "state")
        .order_by("starts_at", "id")[: officehours_selectors.COMING_PER_PLACE]
    )
    return officehours_selectors.place_agenda(place_id, events=list(events), now=now)


# -- Calendar feeds ----------------------------------------------------------------------------


@dataclass
class FeedScope:
    """What a feed contains: filters on events and on permanences."""

    events: Q
    officehours: Q
    name: str


def feed_events(scope: FeedScope, *, now: datetime | None = None) -> QuerySet[Event]:
    now = now or timezone.now()
    return (
        Event.objects.filter(
            state__in=(EventState.PUBLISHED, EventState.CANCELLED),
            ends_at__gte=now - timedelta(days=FEED_PAST_DAYS),
        )
        .filter(scope.events)
        .select_related("place", "place__commune", "commune")
        .order_by("starts_at", "id")
    )


def feed_officehours(scope: FeedScope) -> QuerySet[OfficeHours]:
    return officehours_selectors.feed_officehours(scope.officehours)


def feed_state(scope: FeedScope, *, now: datetime | None = None) -> tuple[str, datetime | None]:
    """A cheap fingerprint of a feed's content and its last change (two aggregate queries), for
    ETag / Last-Modified and the cache key. The day is part of it: the window moves daily."""
    now = now or timezone.now()
    events = Event.objects.filter(
        state__in=(EventState.PUBLISHED, EventState.CANCELLED),
        ends_at__gte=now - timedelta(days=FEED_PAST_DAYS),
    ).filter(scope.events)
    e = events.aggregate(n=Count("id"), last=Max("updated_at"))
    o = (
        OfficeHours.objects.filter(state=OfficeHoursState.ACTIVE)
        .filter(scope.officehours)
        .aggregate(n=Count("id"), last=Max("updated_at"))
    )
    stamps = [v for v in (e["last"], o["last"]) if v is not None]
    last = max(stamps) if stamps else None
    signature = "-".join(
        str(x)
        for x in (
            e["n"],
            e["last"] and e["last"].timestamp(),
            o["n"],
            o["last"] and o["last"].timestamp(),
            timezone.localdate(now).isoformat(),
        )
    )
    return signature, last


def personal_feed_items(
    user: Any, *, now: datetime | None = None
) -> tuple[list[Registration], list[Booking]]:
    """A person's active registrations (recent and coming) and booked appointments."""
    now = now or timezone.now()
    since = now - timedelta(days=FEED_PAST_DAYS)
    registrations = list(
        Registration.objects.filter(
            user=user,
            state__in=(RegistrationState.CONFIRMED, RegistrationState.WAITING),
            event__ends_at__gte=since,
        )
        .select_related("event", "event__place", "event__place__commune", "event__commune")
        .order_by("event__starts_at", "id")
    )
    bookings = list(
        Booking.objects.filter(user=user, state=BookingState.BOOKED, slot_end__gte=since)
        .select_related("office_hours", "office_hours__place", "office_hours__place__commune")
        .order_by("slot_start", "id")
    )
    return registrations, bookings
