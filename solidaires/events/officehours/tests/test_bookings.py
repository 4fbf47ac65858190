"""Appointment bookings: booking, bad input, e-mail with the .ics, cancelling, races (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from icalendar import Calendar

from solidaires.accounts.tests.factories import UserFactory
from solidaires.events.officehours import services
from solidaires.events.officehours.models import Booking, BookingState, OfficeHoursState
from solidaires.events.tests.factories import BookingFactory, OfficeHoursFactory

pytestmark = pytest.mark.django_db


def first_slot(office_hours, n=0):
    from solidaires.events.officehours.selectors import upcoming

    return upcoming(office_hours, limit=1)[0].slots[n].starts_at


def test_booking_sends_a_confirmation_with_the_ics(inhabitant, django_capture_on_commit_callbacks):
    office_hours = OfficeHoursFactory(title="Conseils juridiques")
    slot = first_slot(office_hours, 1)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(office_hours=office_hours, slot_start=slot, by=inhabitant)
    assert booking.slot_end - booking.slot_start == timedelta(minutes=20)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [inhabitant.email]
    assert "Rendez-vous confirmé" in message.subject
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("rendez-vous.ics", "text/calendar")
    cal = Calendar.from_ical(content)
    event = cal.walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot
    assert str(event["uid"]).startswith(f"booking-{booking.pk}@")


def test_a_taken_slot_is_refused(inhabitant, member):
    office_hours = OfficeHoursFactory()
    slot = first_slot(office_hours)
    services.booking_create(office_hours=office_hours, slot_start=slot, by=inhabitant)
    with pytest.raises(ValidationError) as excinfo:
        services.booking_create(office_hours=office_hours, slot_start=slot, by=member)
    assert "quelqu'un d'autre" in str(excinfo.value)


def test_twice_the_same_occurrence_is_refused(inhabitant):
    office_hours = OfficeHoursFactory()
    services.booking_create(office_hours=office_hours, slot_start=first_slot(office_hours, 0), by=inhabitant)
    with pytest.raises(ValidationError) as excinfo:
        services.booking_create(
            office_hours=office_hours, slot_start=first_slot(office_hours, 1), by=inhabitant
        )
    assert "déjà un rendez-vous" in str(excinfo.value)


def test_a_past_or_unknown_slot_is_refused(inhabitant):
    office_hours = OfficeHoursFactory()
    slot = first_slot(office_hours)
    with pytest.raises(ValidationError, match="déjà passé"):
        services.booking_create(
            office_hours=office_hours, slot_start=slot - timedelta(days=365), by=inhabitant
        )
    with pytest.raises(ValidationError, match="n'existe pas"):
        services.booking_create(
            office_hours=office_hours, slot_start=slot + timedelta(minutes=7), by=inhabitant
        )
    with pytest.raises(ValidationError, match="n'existe pas"):
        services.booking_create(office_hours=office_hours, slot_start=slot + timedelta(days=1), by=inhabitant)


def test_no_booking_without_slots_or_when_suspended(inhabitant):
    with pytest.raises(PermissionDenied):
        office_hours = OfficeHoursFactory(slot_minutes=None)
        services.booking_create(
            office_hours=office_hours, slot_start=first_slot(OfficeHoursFactory()), by=inhabitant
        )
    suspended = OfficeHoursFactory(state=OfficeHoursState.SUSPENDED)
    with pytest.raises(PermissionDenied):
        services.booking_create(
            office_hours=suspended, slot_start=first_slot(OfficeHoursFactory()), by=inhabitant
        )


def test_cancel_frees_the_slot(inhabitant, member):
    office_hours = OfficeHoursFactory()
    slot = first_slot(office_hours)
    booking = services.booking_create(office_hours=office_hours, slot_start=slot, by=inhabitant)
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=booking, by=member)
    services.booking_cancel(booking=booking, by=inhabitant)
    with pytest.raises(ValidationError, match="déjà annulé"):
        services.booking_cancel(booking=booking, by=inhabitant)
    assert services.booking_create(office_hours=office_hours, slot_start=slot, by=member).is_booked


def test_organiser_cancelling_tells_the_person(
    manager, bicyclette, inhabitant, django_capture_on_commit_callbacks
):
    booking = BookingFactory(office_hours=OfficeHoursFactory(association=bicyclette), user=inhabitant)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=manager)
    assert mail.outbox[0].to == [inhabitant.email]
    assert "annulé" in mail.outbox[0].body


def test_database_refuses_two_active_bookings_of_a_slot(inhabitant, member):
    booking = BookingFactory(user=inhabitant)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(office_hours=booking.office_hours, user=member)
    # A cancelled booking does not hold the slot.
    booking.state = BookingState.CANCELLED
    booking.save()
    BookingFactory(office_hours=booking.office_hours, user=member)


# -- Pages -------------------------------------------------------------------------------------


def test_booking_through_the_page(client, inhabitant, member, django_capture_on_commit_callbacks):
    office_hours = OfficeHoursFactory()
    slot = first_slot(office_hours, 2)
    client.force_login(inhabitant)
    page = client.get(office_hours.get_absolute_url()).content.decode()
    assert "Réserver ce créneau" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agenda/permanences/{office_hours.pk}/reserver/", {"slot": slot.isoformat()})
    assert response.status_code == 302
    assert "/agenda/mes-rendez-vous/" in response["Location"]
    mine = client.get("/agenda/mes-rendez-vous/").content.decode()
    assert office_hours.title in mine
    assert len(mail.outbox) == 1
    # Someone else sees it taken, and posting it anyway gives the French error.
    client.force_login(member)
    page = client.get(office_hours.get_absolute_url()).content.decode()
    assert "<small>pris</small>" in page
    response = client.post(f"/agenda/permanences/{office_hours.pk}/reserver/", {"slot": slot.isoformat()})
    assert response.status_code == 400
    assert "vient d&#x27;être réservé par quelqu&#x27;un d&#x27;autre" in response.content.decode()


@pytest.mark.parametrize("value", ["", "pas-une-date", "2026-01-01T14:00:00"])
def test_booking_bad_slot_value(client, inhabitant, value):
    office_hours = OfficeHoursFactory()
    client.force_login(inhabitant)
    response = client.post(f"/agenda/permanences/{office_hours.pk}/reserver/", {"slot": value})
    assert response.status_code == 400
    assert "Le rendez-vous n'a pas pu être réservé" in response.content.decode()
    assert not Booking.objects.exists()


def test_anonymous_booking_goes_to_login(client):
    office_hours = OfficeHoursFactory()
    response = client.post(f"/agenda/permanences/{office_hours.pk}/reserver/", {"slot": "x"})
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_cancel_page_asks_first(client, inhabitant):
    booking = BookingFactory(user=inhabitant)
    client.force_login(inhabitant)
    url = f"/agenda/mes-rendez-vous/{booking.pk}/annuler/"
    assert "Annuler votre rendez-vous" in client.get(url).content.decode()
    booking.refresh_from_db()
    assert booking.is_booked
    assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert not booking.is_booked


def test_other_people_cannot_see_a_booking(client, inhabitant, member):
    booking = BookingFactory(user=inhabitant)
    client.force_login(member)
    assert client.get(f"/agenda/mes-rendez-vous/{booking.pk}/annuler/").status_code == 404
    assert client.get(f"/agenda/mes-rendez-vous/{booking.pk}.ics").status_code == 404
    client.force_login(inhabitant)
    response = client.get(f"/agenda/mes-rendez-vous/{booking.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_organiser_sees_the_bookings(client, manager, bicyclette):
    office_hours = OfficeHoursFactory(association=bicyclette)
    BookingFactory(office_hours=office_hours, user=UserFactory(display_name="<b>Zoé</b>"))
    client.force_login(manager)
    page = client.get(f"/agenda/permanences/{office_hours.pk}/rendez-vous/").content.decode()
    assert "&lt;b&gt;Zoé&lt;/b&gt;" in page


@pytest.mark.parametrize("count", [3, 30])
def test_my_bookings_query_count(client, inhabitant, django_assert_max_num_queries, count):
    for _ in range(count):
        office_hours = OfficeHoursFactory()
        BookingFactory(office_hours=office_hours, user=inhabitant)
    client.force_login(inhabitant)
    with django_assert_max_num_queries(10):
        assert client.get("/agenda/mes-rendez-vous/").status_code == 200


# -- Race on PostgreSQL ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_racing_for_one_slot_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL (SQLite serialises writers)")
    office_hours = OfficeHoursFactory()
    slot = first_slot(office_hours)
    people = [UserFactory(), UserFactory(), UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(people))
    results: list[str] = []

    def book(user):
        try:
            barrier.wait()
            services.booking_create(office_hours=office_hours, slot_start=slot, by=user)
            results.append("ok")
        except ValidationError:
            results.append("taken")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "taken", "taken", "taken"]
    assert Booking.objects.filter(state=BookingState.BOOKED).count() == 1


def test_privacy_export_and_erasure(inhabitant, agent):
    from solidaires.accounts.privacy import collect_export, exporter_names
    from solidaires.events.officehours import privacy as officehours_privacy
    from solidaires.events.officehours.models import CalendarToken

    assert "permanences" in exporter_names()
    booking = BookingFactory(user=inhabitant)
    services.calendar_token_regenerate(by=inhabitant)
    exported = collect_export(inhabitant)["permanences"]
    assert exported["appointments"][0]["permanence"] == booking.office_hours.title
    assert exported["private_calendar"] is not None
    officehours_privacy.erase_user_data(user=inhabitant)
    officehours_privacy.erase_user_data(user=inhabitant)  # idempotent
    assert not Booking.objects.filter(user=inhabitant).exists()
    assert not CalendarToken.objects.filter(user=inhabitant).exists()
