"""The weekly digest chooses its missions with the engine, and says why."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from solidaires.accounts.models import Profile
from solidaires.accounts.tests.factories import UserFactory
from solidaires.matching import adapter
from solidaires.messaging import digest
from solidaires.territory.tests.factories import CommuneFactory
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_engine():
    adapter.forget_engine()
    yield
    adapter.forget_engine()


def subscriber(commune, interests=(), **kwargs):
    user = UserFactory(**kwargs)
    profile = Profile.objects.get(user=user)
    profile.commune = commune
    profile.notification_preferences = {"weekly_digest": True}
    profile.save()
    profile.interests.set(interests)
    return user


@pytest.fixture
def world(valence, romans):
    lyon = CommuneFactory(insee="69123", name="Lyon", lat=45.764, lon=4.8357)
    now = timezone.now()
    return {
        "near": MissionFactory(title="Tournoi de foot", themes=["sport"], communes=[valence]),
        "other_theme": MissionFactory(title="Atelier cuisine", themes=["alimentation"], communes=[valence]),
        "far": MissionFactory(title="Randonnée lyonnaise", themes=["sport"], communes=[lyon]),
        "old": MissionFactory(
            title="Ancienne mission",
            themes=["sport"],
            communes=[valence],
            published_at=now - timedelta(days=9),
        ),
    }


def test_digest_lists_the_engines_choice_with_reasons(world, valence):
    user = subscriber(valence, ["sport"], display_name="Inès")
    result = digest.run_batch(user.pk, user.pk)
    assert result.sent == 1
    body = mail.outbox[0].body
    assert "Tournoi de foot" in body
    assert "Dans votre commune, Valence" in body
    assert body.index("Tournoi de foot") < body.index("Atelier cuisine")  # a shared theme first
    for absent in ("Randonnée lyonnaise", "Ancienne mission"):  # out of reach; not new
        assert absent not in body


@pytest.mark.parametrize("n", [3, 20])
def test_queries_per_batch_constant(world, valence, romans, django_assert_num_queries, n):
    users = [subscriber([valence, romans][i % 2], ["sport", "sante"][: 1 + i % 2]) for i in range(n)]
    adapter.engine()  # built once per process, not per batch
    with django_assert_num_queries(11):
        result = digest.run_batch(users[0].pk, users[-1].pk)
    assert result.sent == len(mail.outbox) > 0
