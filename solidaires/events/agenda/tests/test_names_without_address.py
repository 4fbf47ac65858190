"""The organisers' check-in pages never name a participant after their e-mail address
(decision 1110): the list, the waiting list, the QR-code confirmation, the message after marking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from solidaires.accounts.tests.naming import assert_named_without_address, nameless_user
from solidaires.events.agenda.models import RegistrationState
from solidaires.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_checkin_pages(client, bicyclette, manager):
    now = timezone.now()
    event = EventFactory(
        organisers=[bicyclette], starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    registration = RegistrationFactory(event=event, user=nameless_user())
    RegistrationFactory(
        event=event, user=nameless_user(email="jeanne.secret2@example.org"), state=RegistrationState.WAITING
    )
    client.force_login(manager)
    checkin = f"/agenda/{event.pk}/accueil/"
    assert_named_without_address(client.get(checkin).content.decode())
    assert_named_without_address(
        client.get(f"/agenda/presence/{registration.checkin_token}/").content.decode()
    )
    marked = client.post(checkin, {"inscription": registration.pk, "present": "1"}, follow=True)
    assert "présence notée" in marked.content.decode()
    assert_named_without_address(marked.content.decode())
