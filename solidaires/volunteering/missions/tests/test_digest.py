"""Weekly digest: recipients, matching, batches, idempotence, unsubscribe headers, query counts."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from solidaires.accounts.models import Profile
from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging import digest, services
from solidaires.messaging.models import DigestLog
from solidaires.messaging.tasks import send_weekly_digests
from solidaires.territory.tests.factories import CommuneFactory, link_distance
from solidaires.volunteering.missions import digest as missions_digest
from solidaires.volunteering.missions.models import MissionState
from solidaires.volunteering.slots import digest_rankers
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plain_filter(monkeypatch):
    """These tests are about the machinery and the plain filter of ``digest_matching``: the
    matching engine's ranking (registered in ``digest_rankers``) is tested in solidaires/matching."""
    monkeypatch.setattr(digest_rankers, "get", lambda key: None)


@pytest.fixture
def far(db):
    return CommuneFactory(insee="26010", name="Loin-les-Monts", slug="26010-loin")


@pytest.fixture
def places(valence, romans, far):
    link_distance(valence, romans, 12.0)
    link_distance(valence, far, 40.0)
    link_distance(romans, far, 35.0)
    return valence, romans, far


def subscriber(commune, interests=(), **kwargs):
    user = UserFactory(**kwargs)
    profile = Profile.objects.get(user=user)
    profile.commune = commune
    profile.notification_preferences = {"weekly_digest": True}
    profile.save()
    profile.interests.set(interests)
    return user


@pytest.fixture
def missions(places):
    _valence, romans, far = places
    now = timezone.now()
    return {
        "romans_sport": MissionFactory(title="Tournoi de foot", themes=["sport"], communes=[romans]),
        "far_sport": MissionFactory(title="Randonnée lointaine", themes=["sport"], communes=[far]),
        "remote_sante": MissionFactory(title="Écoute téléphonique", themes=["sante"], is_remote=True),
        "old": MissionFactory(
            title="Ancienne mission",
            themes=["sport"],
            communes=[romans],
            published_at=now - timedelta(days=9),
        ),
        "draft": MissionFactory(
            title="Brouillon", themes=["sport"], communes=[romans], state=MissionState.DRAFT
        ),
        "hidden": MissionFactory(
            title="Masquée", themes=["sport"], communes=[romans], hidden_at=now, hidden_reason="x"
        ),
    }


def test_digest_content_and_headers(missions, places):
    valence, _romans, _far = places
    user = subscriber(valence, ["sport"], display_name="Inès")
    subscriber(valence, ["sport"], is_active=False)
    UserFactory()  # digest off by default
    call_command("send_digests", "--inline")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert "Tournoi de foot" in email.body
    for absent in ("Randonnée lointaine", "Écoute téléphonique", "Ancienne", "Brouillon", "Masquée"):
        assert absent not in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in email.body
    assert digest.user_id_from_token(link.rstrip("/").rsplit("/", 1)[1]) == user.pk
    assert "1 nouvelle mission" in email.subject


def test_digest_themes_from_preferences(missions, places):
    valence, _romans, _far = places
    user = subscriber(valence, ["sport"])
    services.preferences_update(
        user=user, email_messages=True, weekly_digest=True, use_profile_interests=False, themes=["sante"]
    )
    digest.run_batch(user.pk, user.pk)
    assert len(mail.outbox) == 1
    assert "Écoute téléphonique" in mail.outbox[0].body
    assert "Tournoi" not in mail.outbox[0].body


def test_nothing_new_sends_nothing(places):
    valence, _romans, _far = places
    subscriber(valence, ["sport"])
    call_command("send_digests", "--inline")
    assert mail.outbox == []
    assert not DigestLog.objects.exists()


def test_at_most_once_a_week(missions, places):
    valence, romans, _far = places
    subscriber(valence, ["sport"])
    subscriber(romans, [])
    send_weekly_digests.enqueue()
    assert len(mail.outbox) == 2
    send_weekly_digests.enqueue()
    call_command("send_digests", "--inline", stdout=StringIO())
    call_command("send_digests", stdout=StringIO())  # enqueues the batches (run inline in tests)
    assert len(mail.outbox) == 2
    assert DigestLog.objects.count() == 2
    # Next week, again.
    result = missions_digest.run_batch(
        0,
        10**9,
        now=timezone.now() + timedelta(days=7),
        missions=[
            missions_digest.DigestMission(
                id=1,
                title="Nouvelle",
                url="http://x/",
                themes=frozenset({"sport"}),
                communes=frozenset(),
                is_remote=True,
            )
        ],
    )
    assert result.sent == 2
    assert len(mail.outbox) == 4


def test_unsubscribed_or_erased_get_nothing(missions, places):
    valence, _romans, _far = places
    user = subscriber(valence, ["sport"])
    erased = subscriber(valence, ["sport"])
    erased.erased_at = timezone.now()
    erased.save()
    services.digest_unsubscribe(user=user)
    call_command("send_digests", "--inline")
    assert mail.outbox == []


def test_batches(settings, missions, places):
    valence, _romans, _far = places
    users = [subscriber(valence, ["sport"]) for _ in range(7)]
    ranges = digest.batch_ranges(batch_size=3)
    assert len(ranges) == 3
    assert ranges[0][0] == users[0].pk and ranges[-1][1] == users[-1].pk
    total = sum(digest.run_batch(first, last).sent for first, last in ranges)
    assert total == 7
    assert len(mail.outbox) == 7


@pytest.mark.parametrize("n", [3, 30])
def test_queries_per_batch_constant(missions, places, django_assert_num_queries, n):
    valence, romans, far = places
    communes = [valence, romans, far]
    users = [subscriber(communes[i % 3], ["sport", "sante"][: 1 + i % 2]) for i in range(n)]
    services.preferences_update(
        user=users[0], email_messages=True, weekly_digest=True, use_profile_interests=False, themes=["sante"]
    )
    with django_assert_num_queries(10):
        result = digest.run_batch(users[0].pk, users[-1].pk)
    assert result.sent == len(mail.outbox) > 0
