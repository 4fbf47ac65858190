"""Factories of the volunteering app (missions, offers, engagements, hours, proposals)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.associations.tests.factories import AssociationFactory
from solidaires.territory.tests.factories import CommuneFactory
from solidaires.volunteering.engagement.models import (
    Engagement,
    EngagementState,
    HoursEntry,
    HoursState,
    MissionProposal,
)
from solidaires.volunteering.missions.models import Mission, MissionState, ScheduleKind, VolunteerOffer

# --- missions helper ---------------------------------------------------------------------


class MissionFactory(factory.django.DjangoModelFactory):
    """A published one-off mission of an association, next week (themes=, communes= slugs / codes)."""

    class Meta:
        model = Mission
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mission numéro {n}")
    description = "Accueillir le public et servir le café."
    association = factory.SubFactory(AssociationFactory)
    posted_by = factory.SubFactory(UserFactory)
    contact = factory.SelfAttribute("posted_by")
    schedule_kind = ScheduleKind.ONE_OFF
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3) if o.starts_at else None)
    volunteers_wanted = 2
    state = MissionState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def communes(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        """communes=[commune, …]; also builds the search document."""
        if not create:
            return
        if extracted:
            self.communes.set(extracted)
        from solidaires.volunteering.missions.services import refresh_mission_index

        refresh_mission_index(self)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerOffer
        skip_postgeneration_save = True

    person = factory.SubFactory(UserFactory, display_name="Dominique Martin")
    title = factory.Sequence(lambda n: f"Aide aux devoirs {n}")
    description = "J'aime expliquer les maths."
    home_commune = factory.SubFactory(CommuneFactory)
    weekdays = factory.LazyFunction(lambda: [2, 5])
    day_parts = factory.LazyFunction(lambda: ["afternoon"])
    expires_at = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))

    @factory.post_generation
    def themes(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if not create:
            return
        if extracted:
            self.themes.set(extracted)
        from solidaires.volunteering.missions.services import refresh_offer_index

        refresh_offer_index(self)


# --- engagements helper ------------------------------------------------------------------


class EngagementMissionFactory(factory.django.DjangoModelFactory):
    """A published one-off mission of an association, started a week ago (engagement tests)."""

    class Meta:
        model = Mission

    title = factory.Sequence(lambda n: f"Distribution alimentaire {n}")
    description = "Aider à trier et distribuer les colis."
    association = factory.SubFactory(AssociationFactory)
    posted_by = factory.SubFactory(UserFactory)
    contact = factory.SelfAttribute("posted_by")
    schedule_kind = ScheduleKind.ONE_OFF
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    volunteers_wanted = 5
    state = MissionState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class EngagementOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerOffer

    person = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Je peux aider le samedi {n}")
    home_commune = factory.SubFactory(CommuneFactory)
    expires_at = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    mission = factory.SubFactory(EngagementMissionFactory)
    volunteer = factory.SubFactory(UserFactory)
    state = EngagementState.APPLIED
    message = "Bonjour, je suis disponible le samedi."


class ActiveEngagementFactory(EngagementFactory):
    state = EngagementState.ACTIVE
    answered_at = factory.LazyFunction(timezone.now)


class HoursEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursEntry

    engagement = factory.SubFactory(ActiveEngagementFactory)
    day = factory.LazyFunction(timezone.localdate)
    minutes = 180
    state = HoursState.PENDING


class MissionProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionProposal

    offer = factory.SubFactory(EngagementOfferFactory)
    mission = factory.SubFactory(EngagementMissionFactory)
    message = "Votre aide nous serait précieuse."
