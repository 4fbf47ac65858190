"""Factories of the events app: the agenda's (events, registrations) and the permanences'."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from solidaires.accounts.tests.factories import UserFactory
from solidaires.events.agenda.models import Event, EventCategory, EventState, Registration, RegistrationState
from solidaires.events.officehours.models import (
    Booking,
    BookingState,
    OfficeHours,
    OfficeHoursKind,
    OfficeHoursState,
)
from solidaires.events.officehours.recurrence import PARIS
from solidaires.territory.tests.factories import CommuneFactory, PlaceFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published event in ten days, 14:00–17:00, unlimited places. ``organisers=[assoc]``."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Atelier réparation numéro {n}")
    slug = factory.Sequence(lambda n: f"atelier-reparation-numero-{n}")
    description = "Venez réparer votre vélo avec des bénévoles."
    category = EventCategory.ATELIER_PARTICIPATIF
    commune = factory.SubFactory(CommuneFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=10)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    state = EventState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    search_document = factory.LazyAttribute(lambda o: f" {o.title.lower()} ")

    @factory.post_generation
    def organisers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.organiser_associations.set(extracted)
        if create and not extracted:
            Event.objects.filter(pk=self.pk).update(organised_by_agglo=True)
            self.organised_by_agglo = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    state = RegistrationState.CONFIRMED
    waiting_since = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == RegistrationState.WAITING else None
    )


# -- Permanences (office hours) and appointment bookings --------------------------------------


def next_weekday(weekday: int, *, weeks: int = 1):
    """A local date ``weeks`` weeks ahead on ``weekday`` (0 = Monday), never today."""
    today = timezone.localdate()
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead + 7 * (weeks - 1))


class OfficeHoursFactory(factory.django.DjangoModelFactory):
    """A weekly Tuesday 14:00–17:00 permanence starting next week, 20-minute slots, holidays kept
    (so tests do not depend on the calendar). ``association`` defaults to none (the Agglo)."""

    class Meta:
        model = OfficeHours

    title = factory.Sequence(lambda n: f"Conseils juridiques gratuits {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = OfficeHoursKind.LEGAL
    description = "Un juriste bénévole répond à vos questions."
    association = None
    place = factory.SubFactory(PlaceFactory)
    dtstart = factory.LazyFunction(lambda: next_weekday(1))
    start_time = time(14)
    end_time = time(17)
    rrule = "FREQ=WEEKLY;BYDAY=TU"
    skip_public_holidays = False
    slot_minutes = 20
    state = OfficeHoursState.ACTIVE


class BookingFactory(factory.django.DjangoModelFactory):
    """The first slot of the permanence's first occurrence."""

    class Meta:
        model = Booking

    office_hours = factory.SubFactory(OfficeHoursFactory)
    user = factory.SubFactory(UserFactory)
    occurrence_start = factory.LazyAttribute(
        lambda o: datetime.combine(o.office_hours.dtstart, o.office_hours.start_time, tzinfo=PARIS)
    )
    slot_start = factory.LazyAttribute(lambda o: o.occurrence_start)
    slot_end = factory.LazyAttribute(
        lambda o: o.slot_start + timedelta(minutes=o.office_hours.slot_minutes or 20)
    )
    state = BookingState.BOOKED
