"""Registrations: capacity, deadline, twice, waiting list, position, promotion, e-mails, concurrency."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.accounts.tests.factories import UserFactory
from solidaires.core.models import AuditEntry
from solidaires.events.agenda import selectors, services
from solidaires.events.agenda.models import EventState, Registration, RegistrationState
from solidaires.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_event(bicyclette):
    return EventFactory(organisers=[bicyclette], capacity=1)


def test_register_then_waiting_list_with_position(small_event):
    first, second, third = UserFactory.create_batch(3)
    assert services.registration_create(event=small_event, by=first).state == RegistrationState.CONFIRMED
    waiting2 = services.registration_create(event=small_event, by=second)
    waiting3 = services.registration_create(event=small_event, by=third)
    assert waiting2.state == waiting3.state == RegistrationState.WAITING
    assert selectors.waiting_position(waiting2) == 1
    assert selectors.waiting_position(waiting3) == 2


def test_twice_is_refused_in_french(small_event, inhabitant):
    services.registration_create(event=small_event, by=inhabitant)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.registration_create(event=small_event, by=inhabitant)


def test_after_deadline_is_refused(bicyclette, inhabitant):
    event = EventFactory(organisers=[bicyclette], registration_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="date limite"):
        services.registration_create(event=event, by=inhabitant)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"state": EventState.DRAFT}, "n'accepte pas"),
        ({"state": EventState.CANCELLED}, "annulé"),
        ({"registration_open": False}, "pas ouvertes"),
    ],
)
def test_closed_events_refuse_registrations(bicyclette, inhabitant, changes, message):
    event = EventFactory(organisers=[bicyclette], **changes)
    with pytest.raises(ValidationError, match=message):
        services.registration_create(event=event, by=inhabitant)


def test_past_event_refuses(bicyclette, inhabitant):
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(organisers=[bicyclette], starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(ValidationError, match="terminé"):
        services.registration_create(event=event, by=inhabitant)


def test_cancel_promotes_first_waiting_and_emails(small_event, manager, django_capture_on_commit_callbacks):
    first, second, third = UserFactory.create_batch(3)
    confirmed = services.registration_create(event=small_event, by=first)
    waiting = services.registration_create(event=small_event, by=second)
    services.registration_create(event=small_event, by=third)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=confirmed, by=first)
    waiting.refresh_from_db()
    assert waiting.state == RegistrationState.CONFIRMED and waiting.promoted_at is not None
    subjects = [m.subject for m in mail.outbox]
    assert any("Une place s'est libérée" in s for s in subjects)
    promoted_mail = next(m for m in mail.outbox if "libérée" in m.subject)
    assert promoted_mail.to == [second.email]
    assert any("Désinscription" in s for s in subjects)  # organisers told
    assert AuditEntry.objects.filter(action="registration.promoted").count() == 1


def test_leaving_the_waiting_list_does_not_promote(small_event):
    first, second = UserFactory.create_batch(2)
    services.registration_create(event=small_event, by=first)
    waiting = services.registration_create(event=small_event, by=second)
    services.registration_cancel(registration=waiting, by=second)
    assert Registration.objects.get(pk=waiting.pk).state == RegistrationState.CANCELLED
    assert small_event.registrations.filter(state=RegistrationState.CONFIRMED).count() == 1


def test_more_places_promote_waiting_people(small_event, manager):
    first, second = UserFactory.create_batch(2)
    services.registration_create(event=small_event, by=first)
    waiting = services.registration_create(event=small_event, by=second)
    services.event_update(event=small_event, by=manager, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.state == RegistrationState.CONFIRMED


def test_someone_else_cannot_cancel(small_event, inhabitant, member):
    registration = services.registration_create(event=small_event, by=inhabitant)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, by=member)


def test_illegal_registration_transitions_raise(small_event, inhabitant):
    registration = RegistrationFactory(event=small_event, user=inhabitant, state=RegistrationState.CANCELLED)
    with pytest.raises(TransitionNotAllowed):
        registration.cancel()
    with pytest.raises(TransitionNotAllowed):
        registration.promote()
    confirmed = RegistrationFactory(event=small_event)
    with pytest.raises(TransitionNotAllowed):
        confirmed.promote()
    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration, by=inhabitant)


def test_cancel_twice_via_http_is_harmless(client, small_event, inhabitant):
    registration = services.registration_create(event=small_event, by=inhabitant)
    client.force_login(inhabitant)
    url = f"/agenda/inscriptions/{registration.pk}/annuler/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=registration.pk).state == RegistrationState.CANCELLED


def test_waiting_position_shown_on_pages(client, small_event):
    first, second = UserFactory.create_batch(2)
    services.registration_create(event=small_event, by=first)
    client.force_login(second)
    response = client.post(f"/agenda/{small_event.pk}/inscription/", follow=True)
    html = response.content.decode()
    assert "1re position sur la liste d" in html
    assert "1re position" in client.get(small_event.get_absolute_url()).content.decode()


def test_my_registrations_page(client, small_event, inhabitant):
    services.registration_create(event=small_event, by=inhabitant)
    client.force_login(inhabitant)
    html = client.get("/agenda/mes-inscriptions/").content.decode()
    assert small_event.title in html


def test_confirmed_registration_page_has_a_qr_code(client, small_event, inhabitant):
    registration = services.registration_create(event=small_event, by=inhabitant)
    client.force_login(inhabitant)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "style=" not in html.split("<main", 1)[1]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SQLite serialises writers on the whole database: the race needs PostgreSQL row locks.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_take_the_last_place_at_once():
    # No persona with themes here: a transactional test starts from a flushed database.
    assert connection.vendor == "postgresql"
    event = EventFactory(capacity=1)
    people = UserFactory.create_batch(2)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def take(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.registration_create(event=event, by=user)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    states = sorted(Registration.objects.filter(event=event).values_list("state", flat=True))
    assert states == [RegistrationState.CONFIRMED, RegistrationState.WAITING]
