"""The Django adapter: database rows → records, the cached engine, the pages' selections."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from solidaires.accounts.models import Profile
from solidaires.accounts.tests.factories import UserFactory
from solidaires.matching import adapter, selectors
from solidaires.matching.engine import schedule
from solidaires.volunteering.missions.models import ScheduleKind
from solidaires.volunteering.tests.factories import (
    ActiveEngagementFactory,
    EngagementFactory,
    MissionFactory,
    OfferFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_engine():
    adapter.forget_engine()
    yield
    adapter.forget_engine()


def test_mission_schedule_kinds():
    assert adapter.mission_schedule(ScheduleKind.FLEXIBLE, None, None, []) == (0, True)
    slots = [{"weekday": 1, "start": "18:00", "end": "20:00"}, {"weekday": "x"}]
    assert adapter.mission_schedule(ScheduleKind.RECURRING, None, None, slots) == (schedule.bit(1, 2), False)
    start = timezone.make_aware(datetime(2026, 3, 3, 9, 0))  # a Tuesday morning, Paris time
    assert adapter.mission_schedule(ScheduleKind.ONE_OFF, start, start + timedelta(hours=2), []) == (
        schedule.bit(1, 0),
        False,
    )


def test_missions_as_records_with_places_left_and_waiting_applications(valence, romans):
    mission = MissionFactory(themes=["sport"], communes=[valence, romans], volunteers_wanted=3, min_age=18)
    ActiveEngagementFactory(mission=mission)
    EngagementFactory(mission=mission)
    MissionFactory(state="draft", communes=[valence])
    [record] = adapter.load_missions(timezone.now())
    assert record.id == mission.pk
    assert record.themes == {"sport"}
    assert set(record.places) == {"26362", "26281"}
    assert (record.remaining, record.load, record.min_age) == (2, 1, 18)


def test_volunteer_record_merges_profile_and_offers(valence, romans):
    user = UserFactory()
    profile = Profile.objects.get(user=user)
    profile.commune = valence
    profile.birth_year = timezone.now().year - 30
    profile.skills = ["Bricolage"]
    profile.availability = {"tue": ["evening"]}
    profile.mobility = ["bike"]
    profile.save()
    profile.interests.set(["sport"])
    offer = OfferFactory(person=user, home_commune=romans, themes=["education"], skills="maths, couture")
    offer.communes.set([romans])
    record = adapter.volunteer_for_user(type(user).objects.get(pk=user.pk))
    assert record is not None
    assert record.place == "26362"  # the profile's commune first
    assert record.themes == {"sport", "education"}
    assert record.skills == ("Bricolage", "maths", "couture")
    assert record.age == 30
    assert record.modes == {"bike"}
    assert record.named_places == {"26281"}
    assert record.availability & schedule.bit(1, 2)
    assert adapter.volunteer_for_user(UserFactory()) is None


def test_missions_for_user_leave_out_answered_and_own_missions(valence):
    user = UserFactory()
    profile = Profile.objects.get(user=user)
    profile.commune = valence
    profile.save()
    profile.interests.set(["sport"])
    user = type(user).objects.get(pk=user.pk)
    good = MissionFactory(title="Tournoi de foot", themes=["sport"], communes=[valence])
    applied = MissionFactory(themes=["sport"], communes=[valence])
    EngagementFactory(mission=applied, volunteer=user)
    MissionFactory(themes=["sport"], communes=[valence], posted_by=user)
    choices = selectors.missions_for_user(user)
    assert [c.mission for c in choices] == [good]
    assert "Dans votre commune, Valence" in [r.text for r in choices[0].recommendation.reasons]


def test_volunteers_for_mission_only_visible_offers(valence):
    mission = MissionFactory(themes=["education"], communes=[valence])
    fits = OfferFactory(home_commune=valence, themes=["education"])
    OfferFactory(home_commune=valence, themes=["education"], state="paused")
    OfferFactory(home_commune=valence, themes=["education"], person=mission.posted_by)
    choices = selectors.volunteers_for_mission(mission)
    assert [c.offer for c in choices] == [fits]
    assert "Thème choisi : Éducation et soutien scolaire" in [
        r.text for r in choices[0].recommendation.reasons
    ]


def test_engine_is_cached_until_the_missions_change(valence):
    first = adapter.engine()
    assert adapter.engine() is first
    from solidaires.core.caching import bump_data_version

    bump_data_version(adapter.MISSIONS_DATA_VERSION)
    assert adapter.engine() is not first


def test_fill_rates_need_a_few_missions(valence):
    for n in range(4):
        mission = MissionFactory(communes=[valence])
        if n == 0:
            ActiveEngagementFactory(mission=mission)
    assert adapter.fill_rates(timezone.now()) == {"26362": 0.25}
