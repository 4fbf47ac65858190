"""Demo data of the messaging app: threads with messages, unread for the demo accounts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from solidaires.accounts.models import User
from solidaires.messaging.demo import attach_role_accounts
from solidaires.messaging.models import Message, Thread
from solidaires.messaging.selectors import unread_thread_count
from solidaires.territory.tests.factories import CommuneFactory, link_distance

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(valence, romans):
    bourg = CommuneFactory(
        insee="26057", name="Bourg-de-Péage", slug="26057-bourg-de-peage", population=10205
    )
    link_distance(romans, bourg, 1.5)
    link_distance(valence, romans, 18.0)
    return valence, romans, bourg


def test_demo_threads_and_unread_badges(settings, territory):
    settings.DEBUG = True
    call_command("generate_demo", "--scale", "tiny", "--seed", "3", stdout=StringIO())
    threads = Thread.objects.filter(is_demo=True).count()
    assert threads >= 20
    assert Message.objects.filter(is_demo=True).count() >= 2 * threads
    call_command("create_demo_accounts", stdout=StringIO())
    assert attach_role_accounts(log=lambda _m: None) >= 1
    camille = User.objects.get(email="habitant@demo.solidaires.invalid")
    manager = User.objects.get(email="responsable@demo.solidaires.invalid")
    assert unread_thread_count(camille) >= 1
    assert unread_thread_count(manager) >= 1
    # Idempotent, and regenerating keeps the demo accounts' conversations.
    before = Thread.objects.count()
    attach_role_accounts(log=lambda _m: None)
    assert Thread.objects.count() == before
    call_command("generate_demo", "--scale", "tiny", "--seed", "3", stdout=StringIO())
    assert Thread.objects.count() == before
    assert unread_thread_count(camille) >= 1
